//! The edits the IAB TCF form makes to a draft config's `tcf` section (consent-core's `tcf::config`): whether the
//! site uses TCF at all, its CMP id and version, the publisher's country, the Global Vendor List ids of its
//! vendors and the publisher's restrictions. Each edit rewrites the `tcf` value only, so the rest of the config keeps its text; the field rules are
//! consent-core's, and whether each vendor is in the list is the endpoint's to say. Pure, so it is tested natively;
//! the form is `tcf_form.rs`.

use serde_json::{Map, Value};

use crate::json_text::{with_replaced, without};

/// The section as the form shows it: the numbers as text, as written (empty where the config leaves them out).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TcfFields {
    /// Whether the config has a `tcf` section.
    pub on: bool,
    /// `cmp_id`.
    pub cmp_id: String,
    /// `cmp_version`.
    pub cmp_version: String,
    /// `publisher_cc` (empty: "AA", unknown).
    pub publisher_cc: String,
    /// The vendor ids, in the config's order (a value that is not an id is left out here; the check names it).
    pub vendors: Vec<u64>,
    /// The config's `language` (empty when left out: English), which the first layer's TCF texts are in.
    pub language: String,
    /// `publisher_restrictions`, in the config's order.
    pub restrictions: Vec<RestrictionFields>,
}

/// One publisher restriction as the form shows it: as written (the check names what is wrong with it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RestrictionFields {
    /// `purpose`, as written.
    pub purpose: String,
    /// `restriction`, as written.
    pub restriction: String,
    /// `vendors`, as written; `None` when left out (every vendor of the site it can apply to).
    pub vendors: Option<Vec<String>>,
}

/// One edit of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TcfEdit {
    /// Adds the section: no CMP id yet (the check asks for the one IAB Europe assigned), version 1, no vendors.
    TurnOn,
    /// Takes the section out: the site no longer uses TCF.
    TurnOff,
    /// `cmp_id` as typed: a whole number is written as a number, anything else as typed, for the check to name.
    CmpId(String),
    /// `cmp_version` as typed.
    CmpVersion(String),
    /// `publisher_cc` as typed; empty takes it out.
    PublisherCc(String),
    /// Adds a vendor at the end (nothing if it is listed already).
    AddVendor(u64),
    /// Takes a vendor out.
    RemoveVendor(u64),
    /// Adds a publisher restriction at the end: the purpose and vendor ids as typed (vendors separated by commas or
    /// spaces; none typed: every vendor it can apply to), the restriction by its config name.
    AddRestriction {
        /// The purpose, as typed.
        purpose: String,
        /// `not_allowed`, `require_consent` or `require_li`.
        restriction: String,
        /// The vendor ids, as typed.
        vendors: String,
    },
    /// Takes out the restriction at this place.
    RemoveRestriction(usize),
}

/// The section of the draft `text`; `None` if the draft is not a JSON object.
pub fn read(text: &str) -> Option<TcfFields> {
    let config: Value = serde_json::from_str(text).ok()?;
    let language = config.as_object()?.get("language").and_then(Value::as_str).unwrap_or_default().to_owned();
    let Some(section) = config.as_object()?.get("tcf").and_then(Value::as_object) else {
        return Some(TcfFields { language, ..TcfFields::default() });
    };
    let shown = |key: &str| as_written(section.get(key));
    Some(TcfFields {
        on: true,
        cmp_id: shown("cmp_id"),
        cmp_version: shown("cmp_version"),
        publisher_cc: shown("publisher_cc"),
        vendors: section
            .get("vendors")
            .and_then(Value::as_array)
            .map(|ids| ids.iter().filter_map(Value::as_u64).collect())
            .unwrap_or_default(),
        language,
        restrictions: section
            .get("publisher_restrictions")
            .and_then(Value::as_array)
            .map(|entries| {
                entries
                    .iter()
                    .map(|entry| RestrictionFields {
                        purpose: as_written(entry.get("purpose")),
                        restriction: as_written(entry.get("restriction")),
                        vendors: entry
                            .get("vendors")
                            .and_then(Value::as_array)
                            .map(|ids| ids.iter().map(|id| as_written(Some(id))).collect()),
                    })
                    .collect()
            })
            .unwrap_or_default(),
    })
}

/// A value as the form shows it: a string as it is, anything else as JSON, nothing as empty.
fn as_written(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
    }
}

/// The draft `text` with `edit` made; `None` if the draft is not a JSON object.
pub fn apply(text: &str, edit: &TcfEdit) -> Option<String> {
    let config: Value = serde_json::from_str(text).ok()?;
    let current = config.as_object()?.get("tcf").and_then(Value::as_object).cloned();
    if *edit == TcfEdit::TurnOff {
        return without(text, "tcf");
    }
    let mut section = current.unwrap_or_else(|| {
        let mut fresh = Map::new();
        // 0 is never assigned: the check says to use the id IAB Europe assigned, at the field.
        fresh.insert("cmp_id".into(), 0.into());
        fresh.insert("cmp_version".into(), 1.into());
        fresh.insert("vendors".into(), Value::Array(Vec::new()));
        fresh
    });
    match edit {
        TcfEdit::TurnOn | TcfEdit::TurnOff => {}
        TcfEdit::CmpId(typed) => {
            section.insert("cmp_id".into(), number_as_typed(typed));
        }
        TcfEdit::CmpVersion(typed) => {
            section.insert("cmp_version".into(), number_as_typed(typed));
        }
        TcfEdit::PublisherCc(typed) if typed.trim().is_empty() => {
            section.remove("publisher_cc");
        }
        TcfEdit::PublisherCc(typed) => {
            section.insert("publisher_cc".into(), typed.trim().into());
        }
        TcfEdit::AddVendor(id) | TcfEdit::RemoveVendor(id) => {
            let vendors = section.entry("vendors").or_insert_with(|| Value::Array(Vec::new()));
            if !vendors.is_array() {
                *vendors = Value::Array(Vec::new());
            }
            let vendors = vendors.as_array_mut()?;
            let listed = vendors.iter().any(|v| v.as_u64() == Some(*id));
            match edit {
                TcfEdit::AddVendor(_) if !listed => vendors.push((*id).into()),
                TcfEdit::RemoveVendor(_) => vendors.retain(|v| v.as_u64() != Some(*id)),
                _ => {}
            }
        }
        TcfEdit::AddRestriction { purpose, restriction, vendors } => {
            let mut entry = Map::new();
            entry.insert("purpose".into(), number_as_typed(purpose));
            entry.insert("restriction".into(), restriction.trim().into());
            let ids: Vec<Value> = vendors
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|id| !id.is_empty())
                .map(number_as_typed)
                .collect();
            if !ids.is_empty() {
                entry.insert("vendors".into(), Value::Array(ids));
            }
            let list = section.entry("publisher_restrictions").or_insert_with(|| Value::Array(Vec::new()));
            if !list.is_array() {
                *list = Value::Array(Vec::new());
            }
            list.as_array_mut()?.push(Value::Object(entry));
        }
        TcfEdit::RemoveRestriction(at) => {
            if let Some(list) = section.get_mut("publisher_restrictions").and_then(Value::as_array_mut) {
                if *at < list.len() {
                    list.remove(*at);
                }
                if list.is_empty() {
                    section.remove("publisher_restrictions");
                }
            }
        }
    }
    with_replaced(text, "tcf", &serde_json::to_string(&section).ok()?)
}

/// A whole number as a number; anything else (empty included) as typed, so that the check names the field rather
/// than the form silently writing something else.
fn number_as_typed(typed: &str) -> Value {
    let typed = typed.trim();
    typed.parse::<u64>().map(Value::from).unwrap_or_else(|_| Value::String(typed.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::{changes, check};
    use consent_core::SiteConfig;

    const DEMO: &str = include_str!("../../../demo/consent.json");

    fn edited(text: &str, edits: &[TcfEdit]) -> String {
        edits.iter().fold(text.to_owned(), |text, edit| apply(&text, edit).unwrap())
    }

    fn paths(text: &str) -> Vec<String> {
        check(text, "demo-shop").into_iter().map(|p| p.path).collect()
    }

    #[test]
    fn turning_tcf_on_asks_for_the_cmp_id_and_a_vendor_at_their_fields() {
        assert!(!read(DEMO).unwrap().on);
        let on = edited(DEMO, &[TcfEdit::TurnOn]);
        assert_eq!(paths(&on), ["tcf.cmp_id", "tcf.vendors"]);
        assert!(check(&on, "demo-shop")[0].reason.contains("IAB Europe"));
    }

    #[test]
    fn a_filled_section_passes_the_check_and_reads_back() {
        let text = edited(
            DEMO,
            &[
                TcfEdit::TurnOn,
                TcfEdit::CmpId("300".into()),
                TcfEdit::CmpVersion("2".into()),
                TcfEdit::PublisherCc("de".into()),
                TcfEdit::AddVendor(755),
                TcfEdit::AddVendor(2),
                TcfEdit::AddVendor(755),
            ],
        );
        assert_eq!(check(&text, "demo-shop"), []);
        let tcf = SiteConfig::from_json(&text).unwrap().tcf.unwrap();
        assert_eq!((tcf.cmp_id, tcf.cmp_version, String::from(tcf.publisher_cc)), (300, 2, "DE".to_owned()));
        assert_eq!(tcf.vendors, [755, 2], "added once, in the order chosen");
        let fields = read(&text).unwrap();
        assert_eq!(
            fields,
            TcfFields {
                on: true,
                cmp_id: "300".into(),
                cmp_version: "2".into(),
                publisher_cc: "de".into(),
                vendors: vec![755, 2],
                language: String::new(),
                restrictions: Vec::new(),
            }
        );
        let removed = edited(&text, &[TcfEdit::RemoveVendor(755)]);
        assert_eq!(read(&removed).unwrap().vendors, [2]);
    }

    #[test]
    fn a_typed_value_that_is_not_a_number_is_kept_for_the_check_to_name() {
        let text = edited(DEMO, &[TcfEdit::TurnOn, TcfEdit::CmpId("3x".into()), TcfEdit::AddVendor(1)]);
        assert_eq!(read(&text).unwrap().cmp_id, "3x");
        assert_eq!(check(&text, "demo-shop").len(), 1);
        let too_big = edited(DEMO, &[TcfEdit::TurnOn, TcfEdit::CmpId("5000".into()), TcfEdit::AddVendor(1)]);
        assert_eq!(paths(&too_big), ["tcf.cmp_id"]);
    }

    #[test]
    fn turning_tcf_off_leaves_the_config_as_it_was() {
        let on = edited(DEMO, &[TcfEdit::TurnOn, TcfEdit::AddVendor(1)]);
        assert_eq!(changes(DEMO, &edited(&on, &[TcfEdit::TurnOff])), []);
    }

    #[test]
    fn what_the_form_does_not_show_is_kept_through_its_edits() {
        // Google's Additional Consent providers are edited in the JSON: a vendor added in the form leaves them as they were.
        let mut config: Value = serde_json::from_str(DEMO).unwrap();
        let providers =
            serde_json::json!([{"id": 89, "name": "Tiller", "privacy_url": "https://tiller.example/privacy"}]);
        config["tcf"] = serde_json::json!({"cmp_id": 300, "cmp_version": 1, "vendors": [1],
                                           "google_ad_tech_providers": providers});
        let text = edited(&config.to_string(), &[TcfEdit::AddVendor(2), TcfEdit::CmpVersion("3".into())]);
        let tcf = SiteConfig::from_json(&text).unwrap().tcf.unwrap();
        assert_eq!((tcf.vendors, tcf.google_ad_tech_providers.len()), (vec![1, 2], 1));
    }

    #[test]
    fn restrictions_are_added_as_typed_and_removed_by_place() {
        let base = edited(
            DEMO,
            &[TcfEdit::TurnOn, TcfEdit::CmpId("300".into()), TcfEdit::AddVendor(2), TcfEdit::AddVendor(4)],
        );
        let add = |purpose: &str, restriction: &str, vendors: &str| TcfEdit::AddRestriction {
            purpose: purpose.into(),
            restriction: restriction.into(),
            vendors: vendors.into(),
        };
        let text = edited(&base, &[add("3", "not_allowed", ""), add("4", "not_allowed", "2, 4")]);
        assert_eq!(check(&text, "demo-shop"), []);
        let tcf = SiteConfig::from_json(&text).unwrap().tcf.unwrap();
        assert_eq!(tcf.publisher_restrictions.len(), 2);
        assert_eq!(
            (tcf.publisher_restrictions[0].vendors.clone(), tcf.publisher_restrictions[1].vendors.clone()),
            (None, Some(vec![2, 4]))
        );
        let shown = read(&text).unwrap().restrictions;
        assert_eq!(
            shown[1],
            RestrictionFields {
                purpose: "4".into(),
                restriction: "not_allowed".into(),
                vendors: Some(vec!["2".into(), "4".into()])
            }
        );

        // A vendor the section does not list, and a purpose that is none, are named by the check at their fields.
        let wrong = edited(&text, &[add("30", "require_li", "9")]);
        assert_eq!(
            paths(&wrong),
            ["tcf.publisher_restrictions[2].purpose", "tcf.publisher_restrictions[2].vendors[0]"]
        );

        let removed = edited(&text, &[TcfEdit::RemoveRestriction(0)]);
        assert_eq!(read(&removed).unwrap().restrictions.iter().map(|r| r.purpose.as_str()).collect::<Vec<_>>(), ["4"]);
        assert_eq!(
            changes(&base, &edited(&removed, &[TcfEdit::RemoveRestriction(0)])),
            [],
            "none left: the field is gone"
        );
    }
}
