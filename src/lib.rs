//! The consent banner: the Leptos app that the boot loader (boot/consent-boot.js) downloads when a visitor has to be
//! asked, or opens the preferences.
//!
//! Every decision about consent is made by `consent-core`; this crate shows the choices, and turns a choice into its
//! effects in the browser (stored, released, synced).

mod apply;
mod banner;
mod boot;
mod boot_words;
mod browser;
mod category_toggle;
mod cleanup;
mod cookie_table;
mod first_layer;
mod focus_not_obscured;
mod focus_return;
mod focus_trap;
mod gpc;
mod gpc_notice;
mod language;
mod layer_mount;
mod locale;
mod preferences;
mod service_row;
mod storage;
mod sync;
mod theme;

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
    let first = match boot::opening() {
        boot::Opening::Banner => Some(Layer::FirstLayer),
        boot::Opening::Preferences => Some(Layer::Preferences),
        boot::Opening::Grant(category) => {
            apply::grant_category(&config, &category);
            None
        }
    };
    let Some(host) = browser::append_host_element() else {
        browser::console_error("the page has no <body> to show the banner in.");
        return;
    };
    banner::mount(host, config, first);
}
