//! Leaves the boot loader the words it draws with on pages where the banner does not load: the floating
//! "Cookie settings" button of a returning visitor. The boot loader has only the config, whose words are the site's
//! own language, while the banner knows the visitor's; it reads these from localStorage (`consent_banner_words`).
//! They identify no one and expire with nothing: a UI preference, like the language a site remembers. A preview
//! (`data-preview`) leaves none: it stores nothing in the browser.

use gloo_storage::{LocalStorage, Storage};

use crate::locale::Words;

/// The localStorage key the boot loader reads.
pub const KEY: &str = "consent_banner_words";

/// What the boot loader reads.
#[derive(serde::Serialize)]
struct BootWords<'a> {
    lang: &'a str,
    cookie_settings: &'a str,
}

/// Stores the floating button's label and its language.
pub fn remember(words: &Words) {
    if crate::boot::is_preview() {
        return;
    }
    let value = BootWords { lang: words.language.as_str(), cookie_settings: &words.texts.cookie_settings };
    // A full or disabled storage only means the button is labelled in the config's language.
    let _ = LocalStorage::set(KEY, value);
}
