//! The edits the Site settings form makes to a draft config: how long a choice is kept, where the first layer and the
//! floating "Cookie settings" button sit, the theme (accents and colour scheme), and the revision note, policy link and
//! cookie domain. Each edit reads the draft as JSON and rewrites one top-level value, so the rest of the text keeps its order and its words; a theme
//! edit rewrites the `theme` object with the keys it does not edit kept. Values are written as typed and
//! consent-core's check judges them, so the form shows the same problem as `consent config check`. Pure, so it is
//! tested natively; the form itself is `settings_form.rs`.

use consent_core::config::appearance::Rgb;
use serde_json::{Map, Value};

use crate::json_text::with_replaced;

/// The settings as the form shows them, read leniently from the draft: a field that is missing or of another type
/// shows empty (the check names the problem at its path).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingsFields {
    /// Days a choice is kept, as written (empty: the default, 365).
    pub consent_days: String,
    /// The first layer's layout name (empty: the default, `bar`).
    pub layout: String,
    /// Where the floating "Cookie settings" button sits (empty: the default, `bottom-left`).
    pub floating_button: String,
    /// The light scheme's accent, `#rgb` or `#rrggbb` (empty: the banner's own).
    pub accent: String,
    /// The dark scheme's accent.
    pub accent_dark: String,
    /// The colour scheme's name (empty: the default, `auto`).
    pub mode: String,
    /// What returning visitors asked again are told changed.
    pub revision_note: String,
    /// The privacy policy's page.
    pub policy_url: String,
    /// The domain the consent cookie is set on.
    pub cookie_domain: String,
}

/// The settings of the draft `text`; `None` when it is not a JSON object.
pub fn read(text: &str) -> Option<SettingsFields> {
    let config: Value = serde_json::from_str(text).ok()?;
    let config = config.as_object()?;
    let text_in = |object: Option<&Map<String, Value>>, key: &str| {
        object.and_then(|o| o.get(key)).and_then(Value::as_str).unwrap_or("").to_owned()
    };
    let theme = config.get("theme").and_then(Value::as_object);
    Some(SettingsFields {
        consent_days: match config.get("consent_days") {
            Some(Value::Number(days)) => days.to_string(),
            _ => String::new(),
        },
        layout: text_in(Some(config), "layout"),
        floating_button: text_in(Some(config), "floating_button"),
        accent: text_in(theme, "accent"),
        accent_dark: text_in(theme, "accent_dark"),
        mode: text_in(theme, "mode"),
        revision_note: text_in(Some(config), "revision_note"),
        policy_url: text_in(Some(config), "policy_url"),
        cookie_domain: text_in(Some(config), "cookie_domain"),
    })
}

/// One change the form makes, with the field's text as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingEdit {
    /// `consent_days`: a whole number is written as a number; empty writes `null` (the default, 365).
    ConsentDays(String),
    /// `layout`: one of consent-core's `Layout::ALL` names.
    Layout(String),
    /// `floating_button`: `bottom-left`, `bottom-right` or `none`.
    FloatingButton(String),
    /// `theme.accent`: empty removes it (the banner's own accent).
    Accent(String),
    /// `theme.accent_dark`: empty removes it.
    AccentDark(String),
    /// `theme.mode`: empty removes it (the default, `auto`).
    Mode(String),
    /// `revision_note`: empty writes `null`, which consent-core reads as left out (an empty note is refused).
    RevisionNote(String),
    /// `policy_url`: empty writes `null`.
    PolicyUrl(String),
    /// `cookie_domain`: empty writes `null` (the cookie stays on the page's own host).
    CookieDomain(String),
}

/// The draft `text` with `edit` made, rewriting one top-level value; `None` when the draft is not a JSON object (or
/// its `theme` is there but not an object, for a theme edit).
pub fn apply(text: &str, edit: &SettingEdit) -> Option<String> {
    let config: Value = serde_json::from_str(text).ok()?;
    let config = config.as_object()?;
    let (key, value) = match edit {
        SettingEdit::ConsentDays(days) => ("consent_days", days_value(days)),
        SettingEdit::Layout(name) => ("layout", Value::String(name.clone())),
        SettingEdit::FloatingButton(place) => ("floating_button", Value::String(place.clone())),
        SettingEdit::Accent(colour) => ("theme", theme_with(config, "accent", colour)?),
        SettingEdit::AccentDark(colour) => ("theme", theme_with(config, "accent_dark", colour)?),
        SettingEdit::Mode(name) => ("theme", theme_with(config, "mode", name)?),
        SettingEdit::RevisionNote(note) => ("revision_note", text_or_null(note)),
        SettingEdit::PolicyUrl(url) => ("policy_url", text_or_null(url)),
        SettingEdit::CookieDomain(domain) => ("cookie_domain", text_or_null(domain)),
    };
    with_replaced(text, key, &serde_json::to_string(&value).ok()?)
}

/// A number input's text as the config's value: a whole number as a number (the check judges its range), empty as
/// `null`, anything else as the text itself, so the check names it rather than the form dropping it.
fn days_value(days: &str) -> Value {
    let days = days.trim();
    if days.is_empty() {
        return Value::Null;
    }
    days.parse::<i64>().map(Value::from).unwrap_or_else(|_| Value::String(days.to_owned()))
}

fn text_or_null(text: &str) -> Value {
    if text.is_empty() {
        Value::Null
    } else {
        Value::String(text.to_owned())
    }
}

/// The draft's `theme` with `key` set to `value` (removed when it is empty), its other keys kept; `None` when the
/// theme is there but not an object.
fn theme_with(config: &Map<String, Value>, key: &str, value: &str) -> Option<Value> {
    let mut theme = match config.get("theme") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(theme)) => theme.clone(),
        Some(_) => return None,
    };
    let value = value.trim();
    if value.is_empty() {
        theme.remove(key);
    } else {
        theme.insert(key.to_owned(), Value::String(value.to_owned()));
    }
    Some(Value::Object(theme))
}

/// The value a colour input can show for `colour` (`#rrggbb`, lowercase: the only form it takes); `fallback` while
/// the text is empty or not a colour.
pub fn colour_input_value(colour: &str, fallback: &str) -> String {
    match Rgb::parse(colour.trim()) {
        Some(Rgb(r, g, b)) => format!("#{r:02x}{g:02x}{b:02x}"),
        None => fallback.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::{changes, check};

    const DEMO: &str = include_str!("../../../demo/consent.json");

    fn config(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    fn edited(edit: SettingEdit) -> String {
        apply(DEMO, &edit).unwrap()
    }

    #[test]
    fn the_demo_settings_are_read_with_missing_ones_empty() {
        let fields = read(DEMO).unwrap();
        assert_eq!(fields.consent_days, "182");
        assert_eq!(fields.policy_url, "/privacy.html");
        assert_eq!(fields.layout, "");
        assert_eq!(fields.accent, "");
        assert_eq!(read("[1]"), None);
        assert_eq!(read("{\"consent_days\": "), None);
    }

    #[test]
    fn days_are_written_as_a_number_and_change_that_field_only() {
        let text = edited(SettingEdit::ConsentDays("30".into()));
        let found = changes(DEMO, &text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].path.as_str(), found[0].after.as_deref()), ("consent_days", Some("30")));
        assert!(text.contains("\"consent_days\": 30"));
        assert!(text.starts_with("{\n  \"$schema\": \"../schemas/config.schema.json\",\n  \"site\": \"demo-shop\""));
        assert_eq!(check(&text, "demo-shop"), []);
    }

    #[test]
    fn days_out_of_range_are_written_and_the_check_names_them() {
        let problems = check(&edited(SettingEdit::ConsentDays("0".into())), "demo-shop");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, "consent_days");
        assert!(check(&edited(SettingEdit::ConsentDays("396".into())), "demo-shop")[0].reason.contains("1 to 395"));
    }

    #[test]
    fn empty_days_mean_the_default() {
        let text = edited(SettingEdit::ConsentDays(String::new()));
        assert_eq!(config(&text)["consent_days"], Value::Null);
        assert_eq!(read(&text).unwrap().consent_days, "");
        assert_eq!(check(&text, "demo-shop"), []);
    }

    #[test]
    fn every_layout_passes_the_check_and_another_name_is_named_at_layout() {
        for layout in consent_core::config::appearance::Layout::ALL {
            let text = edited(SettingEdit::Layout(layout.as_str().into()));
            assert_eq!(read(&text).unwrap().layout, layout.as_str());
            assert_eq!(check(&text, "demo-shop"), []);
        }
        let wrong = check(&edited(SettingEdit::Layout("sidebar".into())), "demo-shop");
        assert_eq!(wrong[0].path, "layout");
    }

    #[test]
    fn every_floating_button_place_passes_the_check_and_another_is_refused() {
        for place in consent_core::config::appearance::FloatingButton::ALL {
            let text = edited(SettingEdit::FloatingButton(place.as_str().into()));
            assert_eq!(read(&text).unwrap().floating_button, place.as_str());
            assert_eq!(check(&text, "demo-shop"), []);
        }
        let wrong = check(&edited(SettingEdit::FloatingButton("top".into())), "demo-shop");
        assert!(wrong[0].reason.contains("unknown variant `top`"), "{wrong:?}");
    }

    #[test]
    fn a_theme_edit_keeps_the_theme_keys_it_does_not_edit() {
        let start = apply(DEMO, &SettingEdit::Mode("dark".into())).unwrap();
        let both = apply(&start, &SettingEdit::Accent("#1a56db".into())).unwrap();
        assert_eq!(config(&both)["theme"], serde_json::json!({"mode": "dark", "accent": "#1a56db"}));
        let cleared = apply(&both, &SettingEdit::Mode(String::new())).unwrap();
        assert_eq!(config(&cleared)["theme"], serde_json::json!({"accent": "#1a56db"}));
        assert_eq!(check(&cleared, "demo-shop"), []);
    }

    #[test]
    fn a_pale_accent_gets_the_checks_contrast_problem_at_its_path() {
        let light = check(&edited(SettingEdit::Accent("#ffff00".into())), "demo-shop");
        assert_eq!(light.len(), 1, "{light:?}");
        assert_eq!(light[0].path, "theme.accent");
        assert!(light[0].reason.contains("contrast"), "{light:?}");
        let dark = check(&edited(SettingEdit::AccentDark("#000080".into())), "demo-shop");
        assert_eq!(dark[0].path, "theme.accent_dark");
    }

    #[test]
    fn a_theme_that_is_not_an_object_is_not_edited() {
        assert_eq!(apply("{\"theme\": 3}", &SettingEdit::Accent("#1a56db".into())), None);
        assert_eq!(apply("{\"theme\": ", &SettingEdit::Accent("#1a56db".into())), None);
    }

    #[test]
    fn an_empty_text_field_writes_null_which_the_check_reads_as_left_out() {
        let text = edited(SettingEdit::PolicyUrl(String::new()));
        assert_eq!(config(&text)["policy_url"], Value::Null);
        assert_eq!(check(&text, "demo-shop"), []);
        let note = edited(SettingEdit::RevisionNote(String::new()));
        assert_eq!(check(&note, "demo-shop"), []);
        let blank = edited(SettingEdit::RevisionNote(" ".into()));
        assert_eq!(check(&blank, "demo-shop")[0].path, "revision_note");
    }

    #[test]
    fn text_fields_are_kept_as_typed_and_the_check_judges_them() {
        let text = edited(SettingEdit::CookieDomain(".Example.com".into()));
        assert_eq!(read(&text).unwrap().cookie_domain, ".Example.com");
        assert_eq!(check(&text, "demo-shop"), []);
        let bad = check(&edited(SettingEdit::PolicyUrl("javascript:alert(1)".into())), "demo-shop");
        assert_eq!(bad[0].path, "policy_url");
        let note = "<b>New</b> partners";
        assert_eq!(read(&edited(SettingEdit::RevisionNote(note.into()))).unwrap().revision_note, note);
    }

    #[test]
    fn a_colour_input_gets_six_lowercase_digits_or_the_fallback() {
        assert_eq!(colour_input_value("#1A56DB", "#000000"), "#1a56db");
        assert_eq!(colour_input_value("#f0c", "#000000"), "#ff00cc");
        assert_eq!(colour_input_value("navy", "#0b57d0"), "#0b57d0");
        assert_eq!(colour_input_value("", "#0b57d0"), "#0b57d0");
    }
}
