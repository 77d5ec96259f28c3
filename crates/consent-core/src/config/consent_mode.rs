//! Google Consent Mode v2: the seven consent types Google's tags read, and their state.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::config::Category;
use crate::decision::{Decision, Decisions};
use crate::field_error::FieldError;
use crate::id::CategoryId;

/// One of the seven Consent Mode v2 types:
///
/// - `ad_storage`: advertising cookies and storage;
/// - `ad_user_data`: sending the visitor's data to Google for advertising;
/// - `ad_personalization`: personalised advertising (remarketing);
/// - `analytics_storage`: analytics cookies and storage, such as visit duration;
/// - `functionality_storage`: storage the site's features need, such as the chosen language;
/// - `personalization_storage`: storage for personalisation, such as recommendations;
/// - `security_storage`: storage for security (authentication, fraud prevention).
//
// Described here rather than on each variant: schemars turns documented variants into a `oneOf`, and the config
// schema's `consent_mode` would then lose its seven named properties and its refusal of unknown ones.
#[allow(missing_docs)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum ConsentModeType {
    AdStorage,
    AdUserData,
    AdPersonalization,
    AnalyticsStorage,
    FunctionalityStorage,
    PersonalizationStorage,
    SecurityStorage,
}

impl ConsentModeType {
    /// All seven, in the order Google documents them.
    pub const ALL: [ConsentModeType; 7] = [
        ConsentModeType::AdStorage,
        ConsentModeType::AdUserData,
        ConsentModeType::AdPersonalization,
        ConsentModeType::AnalyticsStorage,
        ConsentModeType::FunctionalityStorage,
        ConsentModeType::PersonalizationStorage,
        ConsentModeType::SecurityStorage,
    ];

    /// The name gtag expects (`ad_storage` …).
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentModeType::AdStorage => "ad_storage",
            ConsentModeType::AdUserData => "ad_user_data",
            ConsentModeType::AdPersonalization => "ad_personalization",
            ConsentModeType::AnalyticsStorage => "analytics_storage",
            ConsentModeType::FunctionalityStorage => "functionality_storage",
            ConsentModeType::PersonalizationStorage => "personalization_storage",
            ConsentModeType::SecurityStorage => "security_storage",
        }
    }
}

/// How the site's categories map to the seven types, as a config may write it: each type lists the categories that
/// must all be granted for it to be granted. Types left out get defaults (see [`ConsentModeMap::resolve`]).
pub type ConsentModeWire = BTreeMap<ConsentModeType, Vec<String>>;

/// The checked mapping, with every type present. A type with no categories is always denied.
pub type ConsentModeMap = BTreeMap<ConsentModeType, Vec<CategoryId>>;

/// Fills in and checks a config's Consent Mode mapping.
///
/// Defaults, by the ids sites commonly use: the three ad types follow the first of `marketing`, `advertising`, `ads`,
/// `targeting`; `analytics_storage` the first of `analytics`, `statistics`, `performance`; `functionality_storage`
/// the first of `functional`, `functionality`, `preferences`, else the strictly necessary categories;
/// `personalization_storage` the first of `personalisation`, `personalization`, `preferences`, `functional`;
/// `security_storage` the strictly necessary categories.
pub fn resolve(
    wire: Option<ConsentModeWire>,
    categories: &[Category],
    problems: &mut Vec<FieldError>,
) -> ConsentModeMap {
    let mut wire = wire.unwrap_or_default();
    let first_of = |ids: &[&str]| -> Vec<CategoryId> {
        ids.iter()
            .find_map(|id| categories.iter().find(|c| c.id.as_str() == *id))
            .map(|c| c.id.clone())
            .into_iter()
            .collect()
    };
    let required: Vec<CategoryId> = categories.iter().filter(|c| c.required).map(|c| c.id.clone()).collect();
    // Inserted rather than collected: `collect()` into a BTreeMap sorts first, and every key type's sort costs the
    // banner about 3 KB of WASM.
    let mut map = ConsentModeMap::new();
    map.extend(ConsentModeType::ALL.into_iter().map(|mode_type| {
        let mapped = match wire.remove(&mode_type) {
            Some(ids) => ids
                .into_iter()
                .enumerate()
                .filter_map(|(i, id)| {
                    let known = categories.iter().find(|c| c.id.as_str() == id).map(|c| c.id.clone());
                    if known.is_none() {
                        problems.push(FieldError::new(
                            format!("consent_mode.{}[{i}]", mode_type.as_str()),
                            format!("'{id}' is not one of the config's categories"),
                        ));
                    }
                    known
                })
                .collect(),
            None => match mode_type {
                ConsentModeType::AdStorage | ConsentModeType::AdUserData | ConsentModeType::AdPersonalization => {
                    first_of(&["marketing", "advertising", "ads", "targeting"])
                }
                ConsentModeType::AnalyticsStorage => first_of(&["analytics", "statistics", "performance"]),
                ConsentModeType::FunctionalityStorage => {
                    let found = first_of(&["functional", "functionality", "preferences"]);
                    if found.is_empty() {
                        required.clone()
                    } else {
                        found
                    }
                }
                ConsentModeType::PersonalizationStorage => {
                    first_of(&["personalisation", "personalization", "preferences", "functional"])
                }
                ConsentModeType::SecurityStorage => required.clone(),
            },
        };
        (mode_type, mapped)
    }));
    map
}

/// The Consent Mode state for a set of decisions: a type is granted when it has categories and all are granted.
pub fn state(map: &ConsentModeMap, decisions: &Decisions) -> BTreeMap<ConsentModeType, Decision> {
    let mut state = BTreeMap::new();
    state.extend(map.iter().map(|(mode_type, ids)| {
        let granted = !ids.is_empty() && ids.iter().all(|id| decisions.get(id) == Some(&Decision::Granted));
        (*mode_type, if granted { Decision::Granted } else { Decision::Denied })
    }));
    state
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::choice::Choice;
    use crate::config::tests::demo_config;

    #[test]
    fn defaults_follow_the_usual_category_names() {
        let config = demo_config();
        let map = &config.consent_mode;
        let ids = |t: ConsentModeType| map[&t].iter().map(CategoryId::as_str).collect::<Vec<_>>();
        assert_eq!(ids(ConsentModeType::AdStorage), ["marketing"]);
        assert_eq!(ids(ConsentModeType::AnalyticsStorage), ["analytics"]);
        assert_eq!(ids(ConsentModeType::SecurityStorage), ["necessary"]);
        assert_eq!(ids(ConsentModeType::FunctionalityStorage), ["necessary"]);
        assert!(ids(ConsentModeType::PersonalizationStorage).is_empty());
    }

    #[test]
    fn rejecting_denies_all_but_security_and_accepting_grants_what_is_mapped() {
        let config = demo_config();
        let rejected = state(&config.consent_mode, &Choice::RejectAll.decide(&config));
        let granted: Vec<_> =
            rejected.iter().filter(|(_, d)| **d == Decision::Granted).map(|(t, _)| t.as_str()).collect();
        assert_eq!(granted, ["functionality_storage", "security_storage"]);
        let accepted = state(&config.consent_mode, &Choice::AcceptAll.decide(&config));
        assert_eq!(accepted[&ConsentModeType::AdUserData], Decision::Granted);
        assert_eq!(accepted[&ConsentModeType::PersonalizationStorage], Decision::Denied, "nothing maps to it");
    }

    #[test]
    fn an_unknown_category_in_the_mapping_is_named() {
        let mut problems = Vec::new();
        let wire: ConsentModeWire = [(ConsentModeType::AdStorage, vec!["ads".to_owned()])].into();
        resolve(Some(wire), &demo_config().categories, &mut problems);
        assert_eq!(problems[0].to_string(), "consent_mode.ad_storage[0]: 'ads' is not one of the config's categories");
    }
}
