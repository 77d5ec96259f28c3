//! How the banner looks on a site: its accent colour (`"theme": {"accent": "#7a2e8c"}`) and where the floating
//! "Cookie settings" button sits (`"floating_button": "bottom-left" | "bottom-right" | "none"`).
//!
//! The accent is the colour of the answers' text and borders and of a switched-on toggle, so a site's accent must
//! read against the banner's background: at least 4.5:1 (WCAG 2.2 AA for text) against white in the light scheme,
//! and, for `accent_dark`, against the dark scheme's `#1f1f1f`. A colour that does not is refused with its ratio.

use serde::{Deserialize, Serialize};

use crate::field_error::FieldError;

/// The light scheme's background (`--cb-bg` in style/banner.css).
pub const LIGHT_BACKGROUND: Rgb = Rgb(0xff, 0xff, 0xff);
/// The dark scheme's background.
pub const DARK_BACKGROUND: Rgb = Rgb(0x1f, 0x1f, 0x1f);
/// The contrast text needs against its background (WCAG 2.2 AA, 1.4.3).
pub const MIN_TEXT_CONTRAST: f64 = 4.5;

/// A site's colours, each `#rgb` or `#rrggbb`. Unset ones keep the banner's defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// The accent in the light scheme.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accent: Option<String>,
    /// The accent in the dark scheme (`prefers-color-scheme: dark`); the light accent is not used there, as a colour
    /// that reads on white rarely reads on near-black.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accent_dark: Option<String>,
}

/// Where the floating "Cookie settings" button sits. It is not drawn on a page that has its own `data-consent-open`
/// link, whatever this says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FloatingButton {
    #[default]
    BottomLeft,
    BottomRight,
    None,
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parses `#rgb` or `#rrggbb`.
    pub fn parse(text: &str) -> Option<Self> {
        let hex = text.strip_prefix('#')?;
        if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let channel = |s: &str| u8::from_str_radix(s, 16).ok();
        match hex.len() {
            3 => {
                let digit = |i: usize| channel(&hex[i..=i]).map(|v| v * 17);
                Some(Rgb(digit(0)?, digit(1)?, digit(2)?))
            }
            6 => Some(Rgb(channel(&hex[0..2])?, channel(&hex[2..4])?, channel(&hex[4..6])?)),
            _ => None,
        }
    }

    /// Relative luminance, as WCAG defines it.
    pub fn luminance(self) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
    }

    /// The WCAG contrast ratio between two colours, from 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

/// Checks a theme's colours: well-formed, and readable on the background of their scheme.
pub fn check_theme(theme: &Theme, problems: &mut Vec<FieldError>) {
    let colours = [
        ("accent", &theme.accent, LIGHT_BACKGROUND, "white"),
        ("accent_dark", &theme.accent_dark, DARK_BACKGROUND, "the dark background #1f1f1f"),
    ];
    for (field, colour, background, named) in colours {
        let Some(text) = colour else { continue };
        let path = format!("theme.{field}");
        match Rgb::parse(text) {
            None => {
                problems.push(FieldError::new(path, format!("'{text}' is not a colour: write it as #rgb or #rrggbb")))
            }
            Some(rgb) => {
                let ratio = rgb.contrast(background);
                if ratio < MIN_TEXT_CONTRAST {
                    problems.push(FieldError::new(
                        path,
                        format!(
                            "{text} has a contrast of {ratio:.2}:1 against {named}; buttons need at least \
                             {MIN_TEXT_CONTRAST}:1 to be readable"
                        ),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(theme: Theme) -> Vec<String> {
        let mut found = Vec::new();
        check_theme(&theme, &mut found);
        found.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn contrast_matches_the_wcag_examples() {
        assert!((Rgb(0, 0, 0).contrast(LIGHT_BACKGROUND) - 21.0).abs() < 1e-9);
        assert!((Rgb::parse("#777").unwrap().contrast(LIGHT_BACKGROUND) - 4.48).abs() < 0.01);
        assert_eq!(Rgb::parse("#0b57d0"), Some(Rgb(0x0b, 0x57, 0xd0)));
        assert_eq!(Rgb::parse("#fff"), Some(Rgb(255, 255, 255)));
        assert_eq!(Rgb::parse("0b57d0"), None);
        assert_eq!(Rgb::parse("#0b57d"), None);
    }

    #[test]
    fn the_default_accents_pass_and_pale_or_malformed_ones_are_refused_with_their_ratio() {
        assert!(problems(Theme { accent: Some("#0b57d0".into()), accent_dark: Some("#a8c7fa".into()) }).is_empty());
        let found = problems(Theme { accent: Some("#ffcc00".into()), accent_dark: Some("navy".into()) });
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("theme.accent: #ffcc00 has a contrast of 1.51:1 against white"), "{found:?}");
        assert_eq!(found[1], "theme.accent_dark: 'navy' is not a colour: write it as #rgb or #rrggbb");
    }

    #[test]
    fn the_floating_button_is_named_in_kebab_case() {
        let parsed: FloatingButton = serde_json::from_str("\"bottom-right\"").unwrap();
        assert_eq!(parsed, FloatingButton::BottomRight);
        assert_eq!(serde_json::to_string(&FloatingButton::None).unwrap(), "\"none\"");
        assert!(serde_json::from_str::<FloatingButton>("\"top\"").is_err());
    }
}
