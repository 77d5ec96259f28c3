//! An imported policy together with what was found in it: the output of `consent policy import`.

use serde::Serialize;

use crate::purpose::{suggest_categories, SuggestedCategory};
use crate::tracking::{cookie_section, detect_tracking, TrackingMention};
use consent_core::policy::Policy;
use consent_core::policy::SectionId;

/// A policy with its tracking technologies, the consent categories its text supports, and the section to open for
/// "cookies and similar technologies". Serialises as the policy's own fields plus `tracking`,
/// `suggested_categories` and `cookie_section_id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyReport {
    /// The imported policy.
    #[serde(flatten)]
    pub policy: Policy,
    /// The tracking technologies the policy mentions, with the sections that mention them.
    pub tracking: Vec<TrackingMention>,
    /// The consent categories the policy's purposes support.
    pub suggested_categories: Vec<SuggestedCategory>,
    /// The section about cookies and similar technologies, when there is one.
    pub cookie_section_id: Option<SectionId>,
}

impl PolicyReport {
    /// Analyses `policy`.
    pub fn new(policy: Policy) -> Self {
        let tracking = detect_tracking(&policy);
        let suggested_categories = suggest_categories(&policy);
        let cookie_section_id = cookie_section(&policy).map(|section| section.id().clone());
        PolicyReport { policy, tracking, suggested_categories, cookie_section_id }
    }
}
