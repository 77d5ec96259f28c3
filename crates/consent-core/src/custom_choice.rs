//! A custom choice made in the preferences: which optional categories the visitor switched on, and, inside them, which
//! services they switched on or off one by one.
//!
//! The rules the toggles follow, the same ones the endpoint enforces when it checks a record
//! ([`ConsentRecord::check_against`](crate::ConsentRecord::check_against)):
//! - switching a category on or off switches every one of its services with it;
//! - switching a service on switches its category on (a service can only be granted inside a granted category); the
//!   category's other services stay as they were, so they stay off if the category was off;
//! - switching every service of a category off leaves the category on. The category is a decision of its own, shown
//!   with its own toggle: it also covers the tags a site marks with the category alone (`data-category="analytics"`
//!   without `data-service`), which no service toggle names. The visitor switches the category off to refuse those.
//! - the services of a strictly necessary category are always granted.

use std::collections::{BTreeMap, BTreeSet};

use crate::choice::{Decision, Decisions, ServiceDecisions};
use crate::config::SiteConfig;
use crate::id::{CategoryId, ServiceId};

/// The categories a visitor switched on and the services they decided one by one. A service without a decision of its
/// own follows its category.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CustomChoice {
    categories: BTreeSet<CategoryId>,
    services: BTreeMap<ServiceId, Decision>,
}

impl CustomChoice {
    /// Nothing switched on: where the preferences start for a visitor who has not chosen yet.
    pub fn none() -> Self {
        Self::default()
    }

    /// The choice a visitor's earlier decisions amount to, for the preferences to start from.
    pub fn from_decisions(decisions: &Decisions, services: &ServiceDecisions) -> Self {
        let mut categories = BTreeSet::new();
        for id in crate::choice::granted(decisions) {
            categories.insert(id.clone());
        }
        Self { categories, services: services.clone() }
    }

    /// Whether the visitor has switched `category` on (strictly necessary ones are on whatever this says).
    pub fn has_category(&self, category: &CategoryId) -> bool {
        self.categories.contains(category)
    }

    /// Whether `service` is on: its category is on (or strictly necessary) and the visitor did not switch the service
    /// off. A service the config does not have is off.
    pub fn has_service(&self, config: &SiteConfig, service: &ServiceId) -> bool {
        let Some(found) = config.service(service) else { return false };
        let required = config.category(&found.category).is_some_and(|c| c.required);
        required || (self.has_category(&found.category) && self.services.get(service) != Some(&Decision::Denied))
    }

    /// Switches `category` and every one of its services on or off.
    pub fn set_category(&mut self, config: &SiteConfig, category: &CategoryId, on: bool) {
        if on {
            self.categories.insert(category.clone());
        } else {
            self.categories.remove(category);
        }
        let decision = if on { Decision::Granted } else { Decision::Denied };
        for service in config.services.iter().filter(|s| &s.category == category) {
            self.services.insert(service.id.clone(), decision);
        }
    }

    /// Switches one service on or off. On also switches its category on, leaving the category's other services off
    /// if the category was off; off leaves the category as it is.
    pub fn set_service(&mut self, config: &SiteConfig, service: &ServiceId, on: bool) {
        let Some(found) = config.service(service) else { return };
        if on && !self.has_category(&found.category) {
            self.set_category(config, &found.category.clone(), false);
            self.categories.insert(found.category.clone());
        }
        self.services.insert(service.clone(), if on { Decision::Granted } else { Decision::Denied });
    }

    /// Whether the category is granted by this choice: switched on, or implied by a service switched on inside it.
    pub(crate) fn grants_category(&self, config: &SiteConfig, category: &CategoryId) -> bool {
        self.has_category(category)
            || config
                .services
                .iter()
                .any(|s| &s.category == category && self.services.get(&s.id) == Some(&Decision::Granted))
    }

    /// One decision per service of `config`, given the category `decisions` this choice led to: a service of a
    /// strictly necessary category is granted, one of a denied category denied, and otherwise it is what the visitor
    /// made it, granted if they did not decide it on its own.
    pub(crate) fn decide_services(&self, config: &SiteConfig, decisions: &Decisions) -> ServiceDecisions {
        // Inserted rather than collected: `collect()` into a BTreeMap sorts first, and every key type's sort costs the
        // banner about 3 KB of WASM.
        let mut services = ServiceDecisions::new();
        services.extend(config.services.iter().map(|service| {
            let required = config.category(&service.category).is_some_and(|c| c.required);
            let decision = match decisions.get(&service.category) {
                _ if required => Decision::Granted,
                Some(Decision::Granted) => self.services.get(&service.id).copied().unwrap_or(Decision::Granted),
                _ => Decision::Denied,
            };
            (service.id.clone(), decision)
        }));
        services
    }
}

impl From<BTreeSet<CategoryId>> for CustomChoice {
    /// Exactly these categories, every service following its category.
    fn from(categories: BTreeSet<CategoryId>) -> Self {
        Self { categories, services: BTreeMap::new() }
    }
}

impl<const N: usize> From<[CategoryId; N]> for CustomChoice {
    fn from(categories: [CategoryId; N]) -> Self {
        categories.into_iter().collect()
    }
}

impl FromIterator<CategoryId> for CustomChoice {
    fn from_iter<I: IntoIterator<Item = CategoryId>>(iter: I) -> Self {
        let mut categories = BTreeSet::new();
        categories.extend(iter);
        Self::from(categories)
    }
}

#[cfg(test)]
#[path = "custom_choice_tests.rs"]
mod tests;
