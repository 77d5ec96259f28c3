//! Applies the site's look from the config to the banner's host element, where style/base.css reads it through
//! `:host`: the accents as CSS custom properties (`--cb-theme-accent`, `--cb-theme-accent-dark`), the colour scheme
//! as `data-mode="auto|light|dark"` and where the first layer sits as `data-layout="bar|box|modal"`. Layouts and
//! schemes are drawn by the stylesheet alone, so each costs the WebAssembly nothing.
//!
//! Colours are set through the CSS object model, which a strict Content-Security-Policy allows where style
//! attributes are not.

use consent_core::SiteConfig;
use web_sys::HtmlElement;

/// Sets the theme's colours, mode and layout on `host`; colours the config leaves out keep the stylesheet's defaults.
pub fn apply(config: &SiteConfig, host: &HtmlElement) {
    let style = host.style();
    for (property, colour) in properties(config) {
        let _ = style.set_property(property, colour);
    }
    for (name, value) in attributes(config) {
        let _ = host.set_attribute(name, value);
    }
}

/// The custom properties the config sets on the host (the boot loader sets the same on the first layer it paints).
pub fn properties(config: &SiteConfig) -> impl Iterator<Item = (&'static str, &str)> {
    let theme = &config.theme;
    [("--cb-theme-accent", &theme.accent), ("--cb-theme-accent-dark", &theme.accent_dark)]
        .into_iter()
        .filter_map(|(property, colour)| Some((property, colour.as_deref()?)))
}

/// The attributes the config sets on the host.
pub fn attributes(config: &SiteConfig) -> [(&'static str, &'static str); 2] {
    [("data-mode", config.theme.mode.as_str()), ("data-layout", config.layout.as_str())]
}
