//! Tells a returning visitor why they are asked again when the site changed its categories or services: the config's
//! `revision_note`, in the site's own words.

use std::sync::Arc;

use consent_core::stored::{ask_reason, AskReason};
use consent_core::SiteConfig;
use leptos::prelude::*;

use crate::{browser, storage};

/// The note, shown only to visitors whose earlier choice was made under another revision.
#[component]
pub fn RevisionNote(config: Arc<SiteConfig>) -> impl IntoView {
    let stored = storage::load_for(&config.site);
    let changed = ask_reason(stored.as_ref(), &config, browser::now_ms()) == Some(AskReason::Changed);
    config
        .revision_note
        .clone()
        .filter(|_| changed)
        .map(|note| view! { <p class="cb-revision-note" data-consent-revision-note="" role="note">{note}</p> })
}
