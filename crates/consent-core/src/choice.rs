//! What a visitor chose, and what that means for each category.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::config::SiteConfig;
use crate::id::{CategoryId, ServiceId};

/// The answer for one category. Refusals are stored as explicitly as grants: "no answer" is never a state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Granted,
    Denied,
}

/// One decision for every category of a config, keyed by category id.
pub type Decisions = BTreeMap<CategoryId, Decision>;

/// What the visitor did, as recorded in the proof-of-consent log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    AcceptAll,
    RejectAll,
    Custom,
    Withdraw,
    Gpc,
}

/// Where in the banner the decision was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UiLayer {
    FirstLayer,
    Preferences,
    /// A blocked embed's placeholder ("Always allow …").
    Placeholder,
    /// The site's own code, through the JavaScript API (`acceptCategories`).
    Api,
    /// No layer: the choice was made for the visitor by a signal (Global Privacy Control) before they answered.
    Signal,
}

/// A visitor's choice before it is applied to a config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    AcceptAll,
    RejectAll,
    /// Exactly these optional categories are granted; every other optional category is denied.
    Custom(BTreeSet<CategoryId>),
}

impl Choice {
    /// The action a record of this choice carries.
    pub fn action(&self) -> Action {
        match self {
            Choice::AcceptAll => Action::AcceptAll,
            Choice::RejectAll => Action::RejectAll,
            Choice::Custom(_) => Action::Custom,
        }
    }

    /// One decision per category of `config`. Required categories are always granted (they cannot be refused, and the
    /// banner says so); ids in a custom choice that the config does not know are ignored rather than trusted.
    pub fn decide(&self, config: &SiteConfig) -> Decisions {
        config
            .categories
            .iter()
            .map(|category| {
                let granted = category.required
                    || match self {
                        Choice::AcceptAll => true,
                        Choice::RejectAll => false,
                        Choice::Custom(granted) => granted.contains(&category.id),
                    };
                (category.id.clone(), if granted { Decision::Granted } else { Decision::Denied })
            })
            .collect()
    }
}

/// One decision per service of `config`, each following its category's decision. (Choosing services one by one
/// inside a category comes with the per-service toggles of the preferences.)
pub fn service_decisions(config: &SiteConfig, decisions: &Decisions) -> BTreeMap<ServiceId, Decision> {
    config
        .services
        .iter()
        .map(|service| (service.id.clone(), decisions.get(&service.category).copied().unwrap_or(Decision::Denied)))
        .collect()
}

/// The granted categories of a set of decisions, in id order.
pub fn granted(decisions: &Decisions) -> impl Iterator<Item = &CategoryId> {
    decisions.iter().filter(|(_, d)| **d == Decision::Granted).map(|(id, _)| id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::tests::demo_config;

    fn id(s: &str) -> CategoryId {
        CategoryId::try_from(s).unwrap()
    }

    #[test]
    fn reject_all_still_grants_required_categories_only() {
        let decisions = Choice::RejectAll.decide(&demo_config());
        assert_eq!(decisions[&id("necessary")], Decision::Granted);
        assert_eq!(decisions[&id("analytics")], Decision::Denied);
        assert_eq!(decisions[&id("marketing")], Decision::Denied);
    }

    #[test]
    fn accept_all_grants_every_category() {
        let decisions = Choice::AcceptAll.decide(&demo_config());
        assert!(decisions.values().all(|d| *d == Decision::Granted));
        assert_eq!(decisions.len(), 3);
    }

    #[test]
    fn custom_grants_exactly_the_chosen_and_ignores_unknown_ids() {
        let choice = Choice::Custom([id("analytics"), id("made-up")].into_iter().collect());
        let decisions = choice.decide(&demo_config());
        assert_eq!(decisions.len(), 3, "unknown ids must not add categories");
        assert_eq!(decisions[&id("analytics")], Decision::Granted);
        assert_eq!(decisions[&id("marketing")], Decision::Denied);
        assert_eq!(granted(&decisions).map(CategoryId::as_str).collect::<Vec<_>>(), ["analytics", "necessary"]);
    }
}
