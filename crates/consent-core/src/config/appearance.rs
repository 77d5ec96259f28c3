//! How the banner looks on a site: its accent colour and colour scheme (`"theme": {"accent": "#7a2e8c", "mode":
//! "auto"}`), where the first layer sits (`"layout": "bar" | "box" | "modal"`) and where the floating "Cookie
//! settings" button sits (`"floating_button": "bottom-left" | "bottom-right" | "none"`).
//!
//! Layout and mode are names a site owner types, so they are read as text and checked here: a wrong one is reported
//! with its field path and the names that would do, like every other config problem, rather than as a JSON error.
//!
//! The accent is the colour of the answers' text and borders and of a switched-on toggle, so a site's accent must
//! read against the banner's backgrounds: at least 4.5:1 (WCAG 2.2 AA for text) against the light scheme's `#f2f2f2`
//! (and so against its white), and, for `accent_dark`, against the dark scheme's `#2b2b2b` (and its `#1f1f1f`). A
//! colour that does not is refused with its ratio.

use serde::{Deserialize, Serialize};

use crate::field_error::FieldError;

/// The light scheme's darkest background behind accent text: the service boxes (`--cb-subtle` in style/base.css),
/// a little darker than the white (`--cb-bg`) elsewhere.
pub const LIGHT_BACKGROUND: Rgb = Rgb(0xf2, 0xf2, 0xf2);
/// The dark scheme's lightest background behind accent text (`--cb-subtle`; `--cb-bg` is `#1f1f1f`).
pub const DARK_BACKGROUND: Rgb = Rgb(0x2b, 0x2b, 0x2b);
/// The contrast text needs against its background (WCAG 2.2 AA, 1.4.3).
pub const MIN_TEXT_CONTRAST: f64 = 4.5;

/// A site's theme as its config spells it, before [`check_theme`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Theme"))]
pub struct ThemeWire {
    /// The accent in the light scheme, `#rgb` or `#rrggbb`: buttons and links (checked for contrast).
    #[serde(default)]
    accent: Option<String>,
    /// The accent in the dark scheme.
    #[serde(default)]
    accent_dark: Option<String>,
    /// The colour scheme. Default `auto`: the visitor's system's.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(schema_with = "super::schema::colour_mode"))]
    mode: Option<String>,
}

/// A site's checked theme: colours, each `#rgb` or `#rrggbb` (unset ones keep the banner's defaults), and the colour
/// scheme.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Theme {
    /// The accent in the light scheme.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accent: Option<String>,
    /// The accent in the dark scheme (`prefers-color-scheme: dark`); the light accent is not used there, as a colour
    /// that reads on white rarely reads on near-black.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accent_dark: Option<String>,
    /// Light, dark, or whichever the visitor's system prefers. Left out of the served config when it is the default,
    /// so that a config that does not set it is served byte for byte as before.
    #[serde(skip_serializing_if = "ColourMode::is_auto")]
    pub mode: ColourMode,
}

/// Which colour scheme the banner uses (`"theme": {"mode": …}`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ColourMode {
    /// The visitor's system setting (`prefers-color-scheme`), followed live.
    #[default]
    Auto,
    /// Always light: dark text on a light background.
    Light,
    /// Always dark: light text on a dark background.
    Dark,
}

impl ColourMode {
    /// Every mode, the default first, in the order the config check names them.
    pub const ALL: [ColourMode; 3] = [ColourMode::Auto, ColourMode::Light, ColourMode::Dark];

    /// The config's name for it, which is also the banner's `data-mode` attribute that style/base.css reads.
    pub fn as_str(self) -> &'static str {
        match self {
            ColourMode::Auto => "auto",
            ColourMode::Light => "light",
            ColourMode::Dark => "dark",
        }
    }

    /// Whether this is the default, which the served config leaves out.
    pub fn is_auto(&self) -> bool {
        *self == ColourMode::Auto
    }
}

/// Where the first layer sits. The preferences and the policy view are centred modal dialogs whatever this says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// Across the bottom of the viewport, up to a readable line length, centred; not modal.
    #[default]
    Bar,
    /// A narrow box in the bottom corner at the end of the line (bottom right in left-to-right languages), the
    /// corner opposite the floating button's default; not modal.
    #[serde(rename = "box")]
    CornerBox,
    /// A dialog in the middle of the viewport over a backdrop: modal, so the page waits for an answer.
    Modal,
}

impl Layout {
    /// Every layout, the default first, in the order the config check names them.
    pub const ALL: [Layout; 3] = [Layout::Bar, Layout::CornerBox, Layout::Modal];

    /// The config's name for it, which is also the banner's `data-layout` attribute that the stylesheet reads.
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Bar => "bar",
            Layout::CornerBox => "box",
            Layout::Modal => "modal",
        }
    }

    /// Whether the first layer is a modal dialog: it then keeps focus inside and the page behind is covered.
    pub fn is_modal(self) -> bool {
        self == Layout::Modal
    }

    /// Whether this is the default, which the served config leaves out.
    pub fn is_bar(&self) -> bool {
        *self == Layout::Bar
    }
}

/// Reads the config's `layout`; a name that is not one is reported at `layout`, and the default stands in for it.
pub fn parse_layout(name: Option<&str>, problems: &mut Vec<FieldError>) -> Layout {
    Layout::ALL[name_index(name, "layout", &Layout::ALL.map(Layout::as_str), problems)]
}

/// Where `name` is among `names` (0 for a missing name, and for a wrong one, which is reported at `path`). One
/// function for every such field, not a generic one: the banner runs the config check too, and every copy of a
/// generic would add to its WebAssembly.
fn name_index(name: Option<&str>, path: &str, names: &[&str], problems: &mut Vec<FieldError>) -> usize {
    let Some(name) = name else { return 0 };
    names.iter().position(|n| *n == name).unwrap_or_else(|| {
        let listed = names.iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(", ");
        problems.push(FieldError::new(path, format!("'{name}' is not one of {listed}")));
        0
    })
}

/// Where the floating "Cookie settings" button sits. It is not drawn on a page that has its own `data-consent-open`
/// link, whatever this says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum FloatingButton {
    /// In the bottom left corner of the page.
    #[default]
    BottomLeft,
    /// In the bottom right corner, for pages with their own widget (chat) on the left.
    BottomRight,
    /// Not drawn: the site links to the preferences its own way.
    None,
}

impl FloatingButton {
    /// Every place, the default first.
    pub const ALL: [FloatingButton; 3] =
        [FloatingButton::BottomLeft, FloatingButton::BottomRight, FloatingButton::None];

    /// The config's name for it.
    pub fn as_str(self) -> &'static str {
        match self {
            FloatingButton::BottomLeft => "bottom-left",
            FloatingButton::BottomRight => "bottom-right",
            FloatingButton::None => "none",
        }
    }
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
                pow_2_4((c + 0.055) / 1.055)
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

/// `x`<sup>2.4</sup> for `x` in 0..=1, as x² · (x²)<sup>1/5</sup> with the fifth root found by Newton's method: the
/// banner runs this check too, and `f64::powf` would add a general `pow` to its WebAssembly.
fn pow_2_4(x: f64) -> f64 {
    let square = x * x;
    if square <= 0.0 {
        return 0.0;
    }
    let mut root = 1.0;
    for _ in 0..60 {
        let next = (4.0 * root + square / (root * root * root * root)) / 5.0;
        if (next - root).abs() < 1e-12 {
            break;
        }
        root = next;
    }
    square * root
}

/// A ratio written with two decimals ("4.48"), without float formatting, which would add kilobytes to the banner.
fn two_decimals(ratio: f64) -> String {
    let hundredths = (ratio * 100.0).round() as u64;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// Checks a theme: colours well-formed and readable on the background of their scheme, a mode that exists.
pub fn check_theme(theme: ThemeWire, problems: &mut Vec<FieldError>) -> Theme {
    let names = ColourMode::ALL.map(ColourMode::as_str);
    let mode = ColourMode::ALL[name_index(theme.mode.as_deref(), "theme.mode", &names, problems)];
    let colours = [
        ("accent", &theme.accent, LIGHT_BACKGROUND, "the light background #f2f2f2"),
        ("accent_dark", &theme.accent_dark, DARK_BACKGROUND, "the dark background #2b2b2b"),
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
                            "{text} has a contrast of {}:1 against {named}; buttons need at least 4.5:1 to be \
                             readable",
                            two_decimals(ratio)
                        ),
                    ));
                }
            }
        }
    }
    Theme { accent: theme.accent, accent_dark: theme.accent_dark, mode }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(theme: ThemeWire) -> Vec<String> {
        let mut found = Vec::new();
        check_theme(theme, &mut found);
        found.iter().map(ToString::to_string).collect()
    }

    fn colours(accent: &str, accent_dark: &str) -> ThemeWire {
        ThemeWire { accent: Some(accent.into()), accent_dark: Some(accent_dark.into()), mode: None }
    }

    #[test]
    fn the_power_matches_the_standard_library() {
        for i in 0..=1000 {
            let x = f64::from(i) / 1000.0;
            assert!((pow_2_4(x) - x.powf(2.4)).abs() < 1e-9, "{x}");
        }
        assert_eq!(two_decimals(4.4789), "4.48");
        assert_eq!(two_decimals(21.0), "21.00");
    }

    #[test]
    fn contrast_matches_the_wcag_examples() {
        let white = Rgb(255, 255, 255);
        assert!((Rgb(0, 0, 0).contrast(white) - 21.0).abs() < 1e-9);
        assert!((Rgb::parse("#777").unwrap().contrast(white) - 4.48).abs() < 0.01);
        assert_eq!(Rgb::parse("#0b57d0"), Some(Rgb(0x0b, 0x57, 0xd0)));
        assert_eq!(Rgb::parse("#fff"), Some(Rgb(255, 255, 255)));
        assert_eq!(Rgb::parse("0b57d0"), None);
        assert_eq!(Rgb::parse("#0b57d"), None);
    }

    #[test]
    fn the_default_accents_pass_and_pale_or_malformed_ones_are_refused_with_their_ratio() {
        assert!(problems(colours("#0b57d0", "#a8c7fa")).is_empty());
        let found = problems(colours("#ffcc00", "navy"));
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found[0].starts_with("theme.accent: #ffcc00 has a contrast of 1.35:1 against the light background #f2f2f2"),
            "{found:?}"
        );
        assert_eq!(found[1], "theme.accent_dark: 'navy' is not a colour: write it as #rgb or #rrggbb");
    }

    #[test]
    fn the_floating_button_is_named_in_kebab_case() {
        let parsed: FloatingButton = serde_json::from_str("\"bottom-right\"").unwrap();
        assert_eq!(parsed, FloatingButton::BottomRight);
        assert_eq!(serde_json::to_string(&FloatingButton::None).unwrap(), "\"none\"");
        for place in FloatingButton::ALL {
            assert_eq!(serde_json::to_string(&place).unwrap(), format!("\"{}\"", place.as_str()));
        }
        assert!(serde_json::from_str::<FloatingButton>("\"top\"").is_err());
    }

    #[test]
    fn a_theme_mode_is_auto_unless_the_config_names_light_or_dark() {
        let mut found = Vec::new();
        assert_eq!(check_theme(ThemeWire::default(), &mut found).mode, ColourMode::Auto);
        for (name, mode) in [("auto", ColourMode::Auto), ("light", ColourMode::Light), ("dark", ColourMode::Dark)] {
            let wire = ThemeWire { mode: Some(name.into()), ..ThemeWire::default() };
            assert_eq!(check_theme(wire, &mut found).mode, mode);
            assert_eq!(mode.as_str(), name);
        }
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn an_unknown_theme_mode_is_named_with_the_ones_that_exist() {
        let wire = ThemeWire { mode: Some("Dark".into()), ..ThemeWire::default() };
        assert_eq!(problems(wire), ["theme.mode: 'Dark' is not one of 'auto', 'light', 'dark'"]);
    }

    #[test]
    fn a_layout_is_bar_unless_the_config_names_another() {
        let mut found = Vec::new();
        assert_eq!(parse_layout(None, &mut found), Layout::Bar);
        assert_eq!(parse_layout(Some("box"), &mut found), Layout::CornerBox);
        assert_eq!(parse_layout(Some("modal"), &mut found), Layout::Modal);
        assert!(found.is_empty(), "{found:?}");
        assert!(Layout::Modal.is_modal() && !Layout::Bar.is_modal() && !Layout::CornerBox.is_modal());
        assert_eq!(Layout::ALL.map(Layout::as_str), ["bar", "box", "modal"]);
    }

    #[test]
    fn an_unknown_layout_is_named_with_the_ones_that_exist() {
        let mut found = Vec::new();
        assert_eq!(parse_layout(Some("sidebar"), &mut found), Layout::Bar);
        assert_eq!(found, [FieldError::new("layout", "'sidebar' is not one of 'bar', 'box', 'modal'")]);
    }

    #[test]
    fn layouts_and_modes_serialize_as_the_config_spells_them() {
        assert_eq!(serde_json::to_string(&Layout::CornerBox).unwrap(), "\"box\"");
        assert_eq!(serde_json::to_string(&ColourMode::Dark).unwrap(), "\"dark\"");
    }
}
