//! Applies the site's theme (`"theme": {"accent": "#…", "accent_dark": "#…"}`) to the banner as CSS custom
//! properties on its host element, which style/banner.css reads (`--cb-theme-accent`, `--cb-theme-accent-dark`).
//! Set through the CSS object model, which a strict Content-Security-Policy allows where style attributes are not.

use consent_core::appearance::Theme;
use web_sys::HtmlElement;

/// Sets the theme's colours on `host`; colours the config leaves out keep the stylesheet's defaults.
pub fn apply(theme: &Theme, host: &HtmlElement) {
    let style = host.style();
    for (property, colour) in [("--cb-theme-accent", &theme.accent), ("--cb-theme-accent-dark", &theme.accent_dark)] {
        if let Some(colour) = colour {
            let _ = style.set_property(property, colour);
        }
    }
}
