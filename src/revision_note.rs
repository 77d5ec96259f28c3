//! Tells a returning visitor why they are asked again when the site changed its categories or services: the config's
//! `revision_note`, in the site's own words.

use std::sync::Arc;

use consent_core::stored::{ask_reason, AskReason};
use consent_core::SiteConfig;
use leptos::prelude::*;

use crate::{browser, storage};

/// Whether this visitor's earlier choice was made under another revision of the config.
pub fn site_changed(config: &SiteConfig) -> bool {
    let stored = storage::load_for(&config.site);
    ask_reason(stored.as_ref(), config, browser::now_ms()) == Some(AskReason::Changed)
}

/// The note, shown only when `changed` (see [`site_changed`]).
#[component]
pub fn RevisionNote(config: Arc<SiteConfig>, changed: bool) -> impl IntoView {
    config
        .revision_note
        .clone()
        .filter(|_| changed)
        .map(|note| view! { <p class="cb-revision-note" data-consent-revision-note="" role="note">{note}</p> })
}
