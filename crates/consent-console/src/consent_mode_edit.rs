//! The edits the Consent Mode form makes to a draft config: which categories each of Google's seven consent types
//! waits for. The form shows the mapping consent-core resolves (the config's own, with its defaults for the types it
//! leaves out), and an edit writes the whole mapping, all seven types, as the top-level `consent_mode`, so what the
//! form showed is what gets published. Pure, so it is tested natively; the form itself is `consent_mode_form.rs`.

use std::collections::BTreeMap;

use consent_core::{ConsentModeType, SiteConfig};

use crate::json_text::with_replaced;

/// Each type's categories (ids), as consent-core resolves them for the draft `text`; `None` when the draft is not a
/// config that passes the checks (the mapping's defaults depend on its categories).
pub fn read(text: &str) -> Option<BTreeMap<ConsentModeType, Vec<String>>> {
    let config = SiteConfig::from_json(text).ok()?;
    Some(
        config
            .consent_mode
            .iter()
            .map(|(mode_type, ids)| (*mode_type, ids.iter().map(|id| id.as_str().to_owned()).collect()))
            .collect(),
    )
}

/// The draft `text` with `category` added to (`on`) or taken from the categories `mode_type` waits for, every type
/// written out; `None` when the draft is not a config that passes the checks.
pub fn apply(text: &str, mode_type: ConsentModeType, category: &str, on: bool) -> Option<String> {
    let mut map = read(text)?;
    let ids = map.entry(mode_type).or_default();
    ids.retain(|id| id != category);
    if on {
        ids.push(category.to_owned());
    }
    let wire: serde_json::Map<String, serde_json::Value> =
        map.into_iter().map(|(mode_type, ids)| (mode_type.as_str().to_owned(), ids.into())).collect();
    with_replaced(text, "consent_mode", &serde_json::to_string(&wire).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO: &str = include_str!("../../../demo/consent.json");

    #[test]
    fn the_demo_shows_consent_cores_defaults() {
        let map = read(DEMO).unwrap();
        assert_eq!(map[&ConsentModeType::AdStorage], vec!["marketing".to_owned()]);
        assert_eq!(map[&ConsentModeType::AnalyticsStorage], vec!["analytics".to_owned()]);
    }

    #[test]
    fn a_ticked_box_writes_every_type_with_the_category_added() {
        let edited = apply(DEMO, ConsentModeType::AdStorage, "analytics", true).unwrap();
        let config: serde_json::Value = serde_json::from_str(&edited).unwrap();
        assert_eq!(config["consent_mode"]["ad_storage"], serde_json::json!(["marketing", "analytics"]));
        assert_eq!(config["consent_mode"].as_object().unwrap().len(), 7);
    }

    #[test]
    fn an_unticked_box_takes_the_category_out() {
        let edited = apply(DEMO, ConsentModeType::AnalyticsStorage, "analytics", false).unwrap();
        assert_eq!(read(&edited).unwrap()[&ConsentModeType::AnalyticsStorage], Vec::<String>::new());
    }

    #[test]
    fn a_draft_that_does_not_pass_is_not_edited() {
        assert_eq!(apply("{}", ConsentModeType::AdStorage, "analytics", true), None);
    }
}
