//! What a visitor chose, and what that means for each category.

use serde::{Deserialize, Serialize};

use crate::config::SiteConfig;
pub use crate::custom_choice::CustomChoice;
pub use crate::decision::{Decision, Decisions, ServiceDecisions};
use crate::id::CategoryId;

/// What the visitor did, as recorded in the proof-of-consent log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// "Accept all": every category granted.
    AcceptAll,
    /// "Reject all": every optional category denied.
    RejectAll,
    /// A choice made category by category (or service by service) in the preferences.
    Custom,
    /// A later decision that takes back something granted before: recorded apart, as the law asks withdrawing to be
    /// as easy as giving consent.
    Withdraw,
    /// No answer from the visitor: the decision was made for them by Global Privacy Control (see [`UiLayer::Signal`]).
    Gpc,
}

/// Where in the banner the decision was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UiLayer {
    /// The first layer: the banner's buttons shown on arrival.
    FirstLayer,
    /// The preferences dialog, with a switch per category.
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
    /// Grant every category.
    AcceptAll,
    /// Deny every optional category; strictly necessary ones stay granted.
    RejectAll,
    /// Exactly these optional categories are granted, every other optional category is denied, and inside a granted
    /// category the services the visitor switched off are denied (see [`CustomChoice`] for the rules).
    Custom(CustomChoice),
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
        // Inserted rather than collected: `collect()` into a BTreeMap sorts first, and every key type's sort costs the
        // banner about 3 KB of WASM.
        let mut decisions = Decisions::new();
        decisions.extend(config.categories.iter().map(|category| {
            let granted = category.required
                || match self {
                    Choice::AcceptAll => true,
                    Choice::RejectAll => false,
                    Choice::Custom(custom) => custom.grants_category(config, &category.id),
                };
            (category.id.clone(), if granted { Decision::Granted } else { Decision::Denied })
        }));
        decisions
    }

    /// Like [`Choice::decide`], honouring Global Privacy Control when `gpc` is set: "Accept all" then leaves the
    /// categories that sell or share data denied (the banner says so). A custom choice is the visitor's own explicit
    /// answer and stands as made, so they can still switch such a category on themselves.
    pub fn decide_with_gpc(&self, config: &SiteConfig, gpc: bool) -> Decisions {
        let mut decisions = self.decide(config);
        if gpc && *self == Choice::AcceptAll {
            for category in config.categories.iter().filter(|c| c.sale_or_sharing && !c.required) {
                decisions.insert(category.id.clone(), Decision::Denied);
            }
        }
        decisions
    }

    /// One decision per service of `config`, given the category `decisions` this choice led to (from
    /// [`Choice::decide`] or [`Choice::decide_with_gpc`]): every service follows its category, except that a custom
    /// choice may deny services one by one inside a granted category.
    pub fn decide_services(&self, config: &SiteConfig, decisions: &Decisions) -> ServiceDecisions {
        match self {
            Choice::Custom(custom) => custom.decide_services(config, decisions),
            Choice::AcceptAll | Choice::RejectAll => service_decisions(config, decisions),
        }
    }
}

/// One decision per service of `config`, each following its category's decision.
pub fn service_decisions(config: &SiteConfig, decisions: &Decisions) -> ServiceDecisions {
    let mut services = ServiceDecisions::new();
    services.extend(
        config
            .services
            .iter()
            .map(|service| (service.id.clone(), decisions.get(&service.category).copied().unwrap_or(Decision::Denied))),
    );
    services
}

/// The action to record for a new decision replacing `previous` (if any): `withdraw` when an optional category that
/// was granted is now denied (refusing everything included), otherwise the choice's own action.
pub fn action_for(choice: &Choice, previous: Option<&Decisions>, new: &Decisions, config: &SiteConfig) -> Action {
    let withdrawn = previous.is_some_and(|previous| {
        config
            .categories
            .iter()
            .filter(|c| !c.required)
            .any(|c| previous.get(&c.id) == Some(&Decision::Granted) && new.get(&c.id) == Some(&Decision::Denied))
    });
    if withdrawn {
        Action::Withdraw
    } else {
        choice.action()
    }
}

/// Like [`action_for`], also counting a service taken back as a withdrawal: `withdraw` when a service that was granted
/// is now denied, even though its category stays granted.
pub fn action_with_services(
    choice: &Choice,
    previous: Option<(&Decisions, &ServiceDecisions)>,
    new: (&Decisions, &ServiceDecisions),
    config: &SiteConfig,
) -> Action {
    let service_withdrawn = previous.is_some_and(|(_, before)| {
        before.iter().any(|(id, d)| *d == Decision::Granted && new.1.get(id) == Some(&Decision::Denied))
    });
    if service_withdrawn {
        Action::Withdraw
    } else {
        action_for(choice, previous.map(|(categories, _)| categories), new.0, config)
    }
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
    fn with_gpc_accept_all_leaves_sale_categories_off_but_a_custom_choice_stands() {
        let config = demo_config();
        let decisions = Choice::AcceptAll.decide_with_gpc(&config, true);
        assert_eq!(decisions[&id("analytics")], Decision::Granted);
        assert_eq!(decisions[&id("marketing")], Decision::Denied);
        let explicit = Choice::Custom([id("marketing")].into()).decide_with_gpc(&config, true);
        assert_eq!(explicit[&id("marketing")], Decision::Granted);
        assert_eq!(Choice::AcceptAll.decide_with_gpc(&config, false), Choice::AcceptAll.decide(&config));
    }

    #[test]
    fn taking_back_a_grant_is_a_withdrawal_and_a_first_refusal_is_not() {
        let config = demo_config();
        let accepted = Choice::AcceptAll.decide(&config);
        let rejected = Choice::RejectAll.decide(&config);
        assert_eq!(action_for(&Choice::RejectAll, None, &rejected, &config), Action::RejectAll);
        assert_eq!(action_for(&Choice::RejectAll, Some(&accepted), &rejected, &config), Action::Withdraw);
        let analytics_only = Choice::Custom([id("analytics")].into());
        let custom = analytics_only.decide(&config);
        assert_eq!(action_for(&analytics_only, Some(&accepted), &custom, &config), Action::Withdraw);
        assert_eq!(action_for(&analytics_only, Some(&rejected), &custom, &config), Action::Custom);
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
