//! The banner's words for this visitor: the language chosen from the page and the browser, and the built-in words for
//! it, fetched from `locales/<language>.json` beside the banner's own files. Only English is compiled into the WASM,
//! so a visitor downloads the words of one language at most (about 1 KB compressed).
//!
//! If the file cannot be loaded the banner speaks English, and says so on the console: a missing translation must not
//! keep the visitor from answering.

use consent_core::config::translation::{built_in_locale_path, parse_patch};
use consent_core::language::{choose_language, LanguageTag};
use consent_core::{SiteConfig, Texts, TextsPatch};

use crate::{browser, language};

/// The words the banner shows, and the language they are in (for `lang` attributes and the record's locale).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    pub texts: Texts,
    pub language: LanguageTag,
}

thread_local! {
    static CURRENT: std::cell::RefCell<Option<LanguageTag>> = const { std::cell::RefCell::new(None) };
}

/// Remembers the language the banner shows, for the records it sends.
pub fn set_current(language: &LanguageTag) {
    CURRENT.with(|current| *current.borrow_mut() = Some(language.clone()));
}

/// The language the banner shows, once its words are loaded.
pub fn current() -> Option<LanguageTag> {
    CURRENT.with(|current| current.borrow().clone())
}

/// The language the banner speaks to this visitor: theirs (the page's, then the browser's) where the config has it.
pub fn choose(config: &SiteConfig) -> LanguageTag {
    let preferences = language::preferences();
    choose_language(preferences.iter().map(String::as_str), &config.languages())
}

/// Loads the words in `language` (see [`choose`]).
pub async fn load(config: &SiteConfig, language: LanguageTag) -> Words {
    let built_in = match built_in_locale_path(&language) {
        Some(path) => fetch_patch(&format!("{}{path}", crate::boot::base())).await,
        None => None,
    };
    words_in(config, language, built_in.as_ref())
}

/// The words in `language`: the config's own, over the built-in ones of that language (`built_in`, read from
/// `locales/<language>.json`), over English.
pub fn words_in(config: &SiteConfig, language: LanguageTag, built_in: Option<&TextsPatch>) -> Words {
    Words { texts: config.texts_for(&language, built_in), language }
}

async fn fetch_patch(url: &str) -> Option<TextsPatch> {
    let text = match crate::fetch::text(url).await {
        Ok(text) => text,
        Err(e) => {
            browser::console_warn(&format!("the words at {url} could not be loaded ({e}); showing English."));
            return None;
        }
    };
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| browser::console_warn(&format!("{url} is not valid JSON ({e}); showing English.")))
        .ok()?;
    let mut problems = Vec::new();
    let patch = parse_patch(&value, url, &mut problems);
    if !problems.is_empty() {
        let list = consent_core::field_error::join(&problems);
        browser::console_warn(&format!("some words in {url} were left out: {list}"));
    }
    Some(patch)
}
