//! The consent banner: the Leptos app that the boot loader (boot/loader/) downloads when a visitor has to be
//! asked, or opens the preferences.
//!
//! Every decision about consent is made by `consent-core`; this crate shows the choices, and turns a choice into its
//! effects in the browser (stored, released, synced).

mod accept_or_reject;
#[cfg(feature = "tcf")]
mod ad_tech_providers;
mod api;
mod apply;
mod banner;
mod boot;
mod boot_words;
mod browser;
mod category_toggle;
mod cleanup;
mod cookie_table;
mod early_handover;
#[cfg(not(target_arch = "wasm32"))]
pub mod early_layer;
mod fetch;
mod first_layer;
mod focus_not_obscured;
mod focus_return;
mod focus_trap;
mod found_trackers;
mod gpc;
mod gpc_notice;
mod language;
mod layer_mount;
mod locale;
mod policy_blocks;
mod policy_loader;
mod policy_view;
mod preferences;
mod revision_note;
mod service_row;
mod shadow_host;
mod storage;
mod switch;
mod sync;
// IAB TCF's vendor layer and TC strings only in the WASM that TCF sites load (the `tcf` feature, built into
// `consent-banner-tcf_bg.<hash>.wasm` for `consent-boot-tcf.js`): most sites are not TCF sites, and its ~45 KB brotli
// would be every visitor's. The plain WASM has `tcf_absent.rs` in its place, with the same functions: no TC string.
#[cfg(feature = "tcf")]
mod tcf;
#[cfg(not(feature = "tcf"))]
#[path = "tcf_absent.rs"]
mod tcf;
#[cfg(feature = "tcf")]
mod tcf_choices;
mod tcf_first_layer;
mod tcf_statement;
mod theme;
#[cfg(feature = "tcf")]
mod vendor_row;

use std::sync::Arc;

use consent_core::SiteConfig;

use crate::banner::Layer;

/// Validates the config the boot loader fetched and mounts the banner. A config that does not validate leaves every
/// tracker blocked and says why on the console: the banner fails closed.
pub fn start() {
    let Some(text) = boot::config_text() else {
        browser::console_error("the banner started before the boot loader fetched the config.");
        return;
    };
    let config = match SiteConfig::from_json(&text) {
        Ok(config) => Arc::new(config),
        Err(e) => {
            browser::console_error(&format!("{} cannot be used: {e}.", boot::config_url()));
            return;
        }
    };
    storage::use_cookie_domain(config.cookie_domain.as_deref());
    // Decisions a previous page could not send go first, and a beacon carries what is left if the page closes.
    sync::beacon_on_pagehide();
    sync::resume();
    let standing = storage::load_for(&config.site).filter(|s| s.is_valid_for(&config, browser::now_ms()));
    let first = match boot::opening() {
        // The cookie was lost but its mirror still holds a valid choice: apply it instead of asking again.
        boot::Opening::Banner if standing.is_some() => {
            if let Some(standing) = &standing {
                boot::apply(standing);
                boot::emit("consent", &boot::consent_summary(standing));
            }
            None
        }
        boot::Opening::Banner => Some(Layer::FirstLayer),
        boot::Opening::Sync => None,
        boot::Opening::Preferences => Some(Layer::Preferences),
        boot::Opening::Grant(category) => {
            apply::grant_category(&config, &category);
            None
        }
    };
    // At the end of <body>, so that it is read after the page's content.
    let Some(host) = shadow_host::append(&boot::stylesheet()) else {
        browser::console_error("the page has no <body> to show the banner in.");
        return;
    };
    banner::mount(host, config, first);
}
