//! IAB TCF in the plain WASM, built without the `tcf` feature: nothing but what the rest of the banner calls. Most
//! sites are not TCF sites, so the vendor layer, its preferences section and the TC string encoder are compiled only
//! into the WASM the TCF boot loaders load (`consent-boot-tcf.js`, `consent-boot-tcf-gpp.js`; see `crate::tcf`).
//!
//! A config with `tcf` loaded by this WASM (the site embeds `consent-boot.js` or `consent-boot-gpp.js`) is treated as
//! if its vendor list could not be loaded: the banner works for the site's categories, says on the console which
//! loader to embed, and writes no TC string, so the site's IAB vendors get no consent (fail closed).

use std::sync::Arc;

use consent_core::tcf::{Answered, TcfChoice};
use consent_core::{Choice, LanguageTag, SiteConfig};
use leptos::prelude::*;

use crate::apply::TcfStrings;
use crate::browser;
use crate::locale::Words;

/// Says on the console, for a config with `tcf`, that this page loads the banner without TCF.
pub async fn load(config: &SiteConfig, _language: &LanguageTag) {
    if config.tcf.is_some() {
        browser::console_warn(
            "the config enables IAB TCF, but this page loads the banner without it: embed consent-boot-tcf.js (or \
             consent-boot-tcf-gpp.js) instead of consent-boot.js. Choices made in the banner write no TC string, so \
             the site's IAB vendors get no consent.",
        );
    }
}

/// No TC string, no AC string.
pub fn strings(_config: &SiteConfig, _choice: &Choice, _answered: Answered, _toggles: &TcfToggles) -> TcfStrings {
    TcfStrings::default()
}

/// The preferences' TCF switches: none here, so always where they start.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TcfToggles {
    pub chosen: TcfChoice,
    pub by_vendor: bool,
}

impl TcfToggles {
    pub fn start() -> Self {
        TcfToggles::default()
    }
}

/// The preferences' TCF section: what it says when the vendor list cannot be had (its vendors get no consent).
pub fn section(words: Arc<Words>, _toggles: RwSignal<TcfToggles>, _at_vendors: bool) -> impl IntoView {
    view! {
        <section class="cb-tcf" data-tcf-unavailable="" tabindex="-1">
            <p class="cb-tcf-note">{words.texts.tcf_unavailable.clone()}</p>
        </section>
    }
}
