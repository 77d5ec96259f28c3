//! The answer for each category and service: the values a choice, the consent record, the stored cookie and the
//! config's Consent Mode mapping all speak of. Apart from [`crate::choice`], which needs the config to make a choice,
//! so that the config can name decisions without depending on choices.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::id::{CategoryId, ServiceId};

/// The answer for one category. Refusals are stored as explicitly as grants: "no answer" is never a state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// The visitor allowed the category (or it is strictly necessary): its trackers may run.
    Granted,
    /// The visitor refused the category: its trackers stay blocked and its cookies are removed.
    Denied,
}

/// One decision for every category of a config, keyed by category id.
pub type Decisions = BTreeMap<CategoryId, Decision>;

/// One decision for every service of a config, keyed by service id.
pub type ServiceDecisions = BTreeMap<ServiceId, Decision>;
