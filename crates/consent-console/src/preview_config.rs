//! What the live preview shows: the draft as the banner would get it, in the colour scheme and at the width the
//! product team picked. Pure, so it is tested natively; the frame that shows it is `preview.rs`.

use serde_json::Value;

/// The colour scheme the preview shows the banner in, whatever the draft's `theme.mode` says (a site in `auto`
/// looks like one of these to each visitor).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Light,
    Dark,
}

impl Scheme {
    /// Both, in the order the toggle shows them.
    pub const ALL: [Self; 2] = [Self::Light, Self::Dark];

    /// The config's name for it (`theme.mode`), also what the preview page reads from its URL.
    pub fn mode(self) -> &'static str {
        match self {
            Self::Light => "light",
            Self::Dark => "dark",
        }
    }

    /// The toggle's label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Light => "Light",
            Self::Dark => "Dark",
        }
    }
}

/// The viewport width the preview lays the page out at: the banner's layouts change with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// 375 px, a common phone.
    Phone,
    /// 1280 px, a laptop.
    Desktop,
}

impl Width {
    /// Both, in the order the toggle shows them.
    pub const ALL: [Self; 2] = [Self::Phone, Self::Desktop];

    /// The frame's size in CSS pixels (width, height): the page is laid out at exactly this viewport.
    pub fn viewport(self) -> (u32, u32) {
        match self {
            Self::Phone => (375, 667),
            Self::Desktop => (1280, 800),
        }
    }

    /// The toggle's label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Phone => "Phone (375 px)",
            Self::Desktop => "Desktop (1280 px)",
        }
    }

    /// The name the console's stylesheet sizes the frame's box by (`data-width`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Phone => "phone",
            Self::Desktop => "desktop",
        }
    }
}

/// The language the preview's banner speaks: the preview page is `<html lang="en">`, which the banner prefers to the
/// browser's languages (as on a site, whose page knows its language), and every config's banner speaks English.
pub const PREVIEW_LANGUAGE: &str = "en";

/// The config text the preview runs: `draft` with its `theme.mode` set to `scheme`, everything else as written.
/// `None` if the draft is not a JSON object (the preview only runs drafts that pass the checks, which are).
pub fn preview_config(draft: &str, scheme: Scheme) -> Option<String> {
    let mut config: Value = serde_json::from_str(draft).ok()?;
    let object = config.as_object_mut()?;
    let theme = object.entry("theme").or_insert_with(|| Value::Object(serde_json::Map::new()));
    if !theme.is_object() {
        *theme = Value::Object(serde_json::Map::new());
    }
    theme.as_object_mut()?.insert("mode".into(), Value::from(scheme.mode()));
    serde_json::to_string(&config).ok()
}

#[cfg(test)]
mod tests {
    use consent_core::config::appearance::ColourMode;
    use consent_core::SiteConfig;

    use super::*;
    use crate::draft::starter_config;

    #[test]
    fn the_preview_runs_the_draft_in_the_scheme_picked_and_nothing_else_changed() {
        let draft = starter_config("shop").replacen('{', r##"{"theme": {"accent": "#7a2e8c", "mode": "auto"},"##, 1);
        for (scheme, mode) in [(Scheme::Light, ColourMode::Light), (Scheme::Dark, ColourMode::Dark)] {
            let previewed = SiteConfig::from_json(&preview_config(&draft, scheme).unwrap()).unwrap();
            assert_eq!(previewed.theme.mode, mode);
            assert_eq!(previewed.theme.accent.as_deref(), Some("#7a2e8c"));
            let mut as_drafted = SiteConfig::from_json(&draft).unwrap();
            as_drafted.theme.mode = mode;
            assert_eq!(previewed, as_drafted);
        }
    }

    #[test]
    fn a_draft_without_a_theme_gets_one_with_the_scheme() {
        let previewed = preview_config(&starter_config("shop"), Scheme::Dark).unwrap();
        assert_eq!(SiteConfig::from_json(&previewed).unwrap().theme.mode, ColourMode::Dark);
    }

    #[test]
    fn only_a_json_object_is_previewed() {
        assert_eq!(preview_config("[1, 2]", Scheme::Light), None);
        assert_eq!(preview_config("{\"site\": ", Scheme::Light), None);
    }

    #[test]
    fn the_widths_are_a_phone_and_a_desktop() {
        assert_eq!(Width::Phone.viewport().0, 375);
        assert_eq!(Width::Desktop.viewport().0, 1280);
    }
}
