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
    let theme = &config.theme;
    let style = host.style();
    for (property, colour) in [("--cb-theme-accent", &theme.accent), ("--cb-theme-accent-dark", &theme.accent_dark)] {
        if let Some(colour) = colour {
            let _ = style.set_property(property, colour);
        }
    }
    let _ = host.set_attribute("data-mode", theme.mode.as_str());
    let _ = host.set_attribute("data-layout", config.layout.as_str());
}
