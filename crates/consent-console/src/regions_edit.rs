//! The edits the Regions form makes to a draft config's `regions` section (consent-core's
//! `regions::config`): whether the site has regional rules at all, the regime where no rule applies, the rules (the
//! regions each names, as the product team types them, and their regime) and the words of the opt-out link and the
//! notice. Each edit rewrites the `regions` value only, so the rest of the config keeps its text; the checks are
//! consent-core's, shown at their paths. Pure, so it is tested natively; the form is `regions_form.rs`.

use serde_json::{Map, Value};

use crate::json_text::{with_replaced, without};

/// The section as the form shows it: every value as text, as written (empty where the config leaves it out).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegionsFields {
    /// Whether the config has a `regions` section; without one the site is opt-in everywhere.
    pub on: bool,
    /// The regime where no rule applies (`opt_in` when left out).
    pub default: String,
    /// The rules, in the config's order.
    pub rules: Vec<RuleFields>,
    /// The opt-out regime's link (`texts.do_not_sell`).
    pub do_not_sell: String,
    /// The notice regime's notice (`texts.notice`).
    pub notice: String,
    /// The notice's button (`texts.ok`).
    pub ok: String,
}

/// One rule as the form shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleFields {
    /// Its regions joined by ", " (`US-CA, US-CO`).
    pub regions: String,
    /// Its regime's name.
    pub regime: String,
}

/// One of the section's texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegionText {
    /// `texts.do_not_sell`.
    DoNotSell,
    /// `texts.notice`.
    Notice,
    /// `texts.ok`.
    Ok,
}

impl RegionText {
    /// Its key in `regions.texts`.
    pub fn key(self) -> &'static str {
        match self {
            RegionText::DoNotSell => "do_not_sell",
            RegionText::Notice => "notice",
            RegionText::Ok => "ok",
        }
    }
}

/// One edit of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionsEdit {
    /// Adds the section: opt-in where no rule applies, no rules yet.
    TurnOn,
    /// Takes the section out: opt-in everywhere.
    TurnOff,
    /// The regime where no rule applies.
    Default(String),
    /// A new rule at the end: no region yet, opt-out (the regime a rule is most often added for).
    AddRule,
    /// Takes out the rule at this place.
    RemoveRule(usize),
    /// The regions of the rule at this place, as typed: codes separated by commas.
    Regions(usize, String),
    /// The regime of the rule at this place.
    Regime(usize, String),
    /// One of the texts; empty takes it out (the English default applies).
    Text(RegionText, String),
}

/// The section of the draft `text`; `None` if the draft is not a JSON object.
pub fn read(text: &str) -> Option<RegionsFields> {
    let config: Value = serde_json::from_str(text).ok()?;
    let config = config.as_object()?;
    let Some(section) = config.get("regions").and_then(Value::as_object) else {
        return Some(RegionsFields::default());
    };
    let string = |value: Option<&Value>| value.and_then(Value::as_str).unwrap_or_default().to_owned();
    let texts = section.get("texts");
    let text_of = |key: &str| string(texts.and_then(|t| t.get(key)));
    let rules = section
        .get("rules")
        .and_then(Value::as_array)
        .map(|rules| {
            rules
                .iter()
                .map(|rule| RuleFields {
                    regions: rule
                        .get("regions")
                        .and_then(Value::as_array)
                        .map(|regions| regions.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "))
                        .unwrap_or_default(),
                    regime: string(rule.get("regime")),
                })
                .collect()
        })
        .unwrap_or_default();
    Some(RegionsFields {
        on: true,
        default: string(section.get("default")),
        rules,
        do_not_sell: text_of("do_not_sell"),
        notice: text_of("notice"),
        ok: text_of("ok"),
    })
}

/// The draft `text` with `edit` made; `None` if the draft is not a JSON object, or the edit names a rule it lacks.
pub fn apply(text: &str, edit: &RegionsEdit) -> Option<String> {
    let config: Value = serde_json::from_str(text).ok()?;
    let current = config.as_object()?.get("regions").and_then(Value::as_object).cloned();
    if *edit == RegionsEdit::TurnOff {
        return without(text, "regions");
    }
    let mut section = current.unwrap_or_else(|| {
        let mut fresh = Map::new();
        fresh.insert("default".into(), "opt_in".into());
        fresh.insert("rules".into(), Value::Array(Vec::new()));
        fresh
    });
    let rules = section.entry("rules").or_insert_with(|| Value::Array(Vec::new()));
    if !rules.is_array() {
        *rules = Value::Array(Vec::new());
    }
    let rules = rules.as_array_mut()?;
    match edit {
        RegionsEdit::TurnOn | RegionsEdit::TurnOff => {}
        RegionsEdit::Default(name) => {
            section.insert("default".into(), name.clone().into());
        }
        RegionsEdit::AddRule => rules.push(serde_json::json!({"regions": [], "regime": "opt_out"})),
        RegionsEdit::RemoveRule(at) => {
            (*at < rules.len()).then(|| rules.remove(*at))?;
        }
        RegionsEdit::Regions(at, typed) => {
            let codes: Vec<Value> =
                typed.split(',').map(str::trim).filter(|code| !code.is_empty()).map(Value::from).collect();
            rules.get_mut(*at)?.as_object_mut()?.insert("regions".into(), Value::Array(codes));
        }
        RegionsEdit::Regime(at, name) => {
            rules.get_mut(*at)?.as_object_mut()?.insert("regime".into(), name.clone().into());
        }
        RegionsEdit::Text(which, words) => {
            let texts = section.entry("texts").or_insert_with(|| Value::Object(Map::new()));
            let texts = texts.as_object_mut()?;
            if words.is_empty() {
                texts.remove(which.key());
            } else {
                texts.insert(which.key().into(), words.clone().into());
            }
            if texts.is_empty() {
                section.remove("texts");
            }
        }
    }
    with_replaced(text, "regions", &serde_json::to_string(&section).ok()?)
}

/// What a visitor under the regime `name` sees, in one line, for the form's choices.
pub fn regime_words(name: &str) -> &'static str {
    match name {
        "opt_in" => "The banner asks first; nothing but the strictly necessary runs before a yes (EU/EEA, UK, Switzerland; IAB TCF applies here when on).",
        "opt_out" => "Trackers run until the visitor opts out through a \"Do Not Sell or Share My Personal Information\" link; Global Privacy Control counts as an opt-out (US states with opt-out laws).",
        "notice" => "A notice with an OK button; trackers run.",
        "none" => "No banner, and nothing held.",
        _ => "Not a regime: choose one of the four.",
    }
}

/// The regime's short name, for a rule's select.
pub fn regime_name(name: &str) -> &'static str {
    match name {
        "opt_in" => "Opt-in",
        "opt_out" => "Opt-out",
        "notice" => "Notice only",
        "none" => "None",
        _ => "?",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::{changes, check};
    use consent_core::regions::Regime;
    use consent_core::SiteConfig;

    const DEMO: &str = include_str!("../../../demo/consent.json");

    fn edited(text: &str, edits: &[RegionsEdit]) -> String {
        edits.iter().fold(text.to_owned(), |text, edit| apply(&text, edit).unwrap())
    }

    #[test]
    fn the_demo_has_no_regional_rules_and_turning_them_on_changes_nothing_visitors_see() {
        assert_eq!(read(DEMO).unwrap(), RegionsFields::default());
        let on = edited(DEMO, &[RegionsEdit::TurnOn]);
        assert_eq!(check(&on, "demo-shop"), []);
        let rules = SiteConfig::from_json(&on).unwrap().regions.unwrap();
        assert_eq!((rules.default, rules.rules.len()), (Regime::OptIn, 0));
        let paths: Vec<String> = changes(DEMO, &on).into_iter().map(|c| c.path).collect();
        assert_eq!(paths, ["regions"]);
    }

    #[test]
    fn a_californian_opt_out_rule_is_written_as_the_config_reads_it() {
        let text = edited(
            DEMO,
            &[RegionsEdit::TurnOn, RegionsEdit::AddRule, RegionsEdit::Regions(0, " us-ca,  US-CO ,".into())],
        );
        assert_eq!(
            read(&text).unwrap().rules,
            [RuleFields { regions: "us-ca, US-CO".into(), regime: "opt_out".into() }]
        );
        let rules = SiteConfig::from_json(&text).unwrap().regions.unwrap();
        let served: Vec<String> = rules.rules.iter().map(|r| String::from(r.region.clone())).collect();
        assert_eq!(served, ["US-CA", "US-CO"]);
        assert!(rules.rules.iter().all(|r| r.regime == Regime::OptOut));
    }

    #[test]
    fn a_bad_region_or_a_rule_without_one_is_named_at_its_path() {
        let text = edited(
            DEMO,
            &[
                RegionsEdit::TurnOn,
                RegionsEdit::AddRule,
                RegionsEdit::AddRule,
                RegionsEdit::Regions(1, "US, Mars".into()),
            ],
        );
        let paths: Vec<String> = check(&text, "demo-shop").into_iter().map(|p| p.path).collect();
        assert_eq!(paths, ["regions.rules[0].regions", "regions.rules[1].regions[1]"]);
    }

    #[test]
    fn rules_are_removed_by_place_and_the_default_and_texts_set() {
        let text = edited(
            DEMO,
            &[
                RegionsEdit::TurnOn,
                RegionsEdit::AddRule,
                RegionsEdit::Regions(0, "BR".into()),
                RegionsEdit::AddRule,
                RegionsEdit::Regions(1, "US-CA".into()),
                RegionsEdit::RemoveRule(0),
                RegionsEdit::Default("notice".into()),
                RegionsEdit::Text(RegionText::DoNotSell, "Ne pas vendre".into()),
            ],
        );
        let fields = read(&text).unwrap();
        assert_eq!(fields.rules.len(), 1);
        assert_eq!(fields.rules[0].regions, "US-CA");
        assert_eq!((fields.default.as_str(), fields.do_not_sell.as_str()), ("notice", "Ne pas vendre"));
        assert_eq!(check(&text, "demo-shop"), []);
        let cleared = edited(&text, &[RegionsEdit::Text(RegionText::DoNotSell, String::new())]);
        assert!(!cleared.contains("\"texts\""), "an empty texts object is left out: {cleared}");
        assert_eq!(apply(&text, &RegionsEdit::RemoveRule(5)), None);
    }

    #[test]
    fn turning_them_off_takes_the_section_out_and_leaves_the_rest_as_written() {
        let on = edited(DEMO, &[RegionsEdit::TurnOn, RegionsEdit::AddRule]);
        let off = edited(&on, &[RegionsEdit::TurnOff]);
        assert_eq!(changes(DEMO, &off), []);
        assert!(!read(&off).unwrap().on);
    }
}
