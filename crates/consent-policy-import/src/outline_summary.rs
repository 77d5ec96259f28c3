//! For the importers' tests: a policy's outline in one comparable value.

use consent_core::policy::Policy;

/// Every section as (level, number, heading), depth first.
pub(crate) fn outline(policy: &Policy) -> Vec<(u8, Option<String>, String)> {
    policy
        .all_sections()
        .into_iter()
        .map(|s| (s.level().get(), s.number().map(str::to_owned), s.heading().to_owned()))
        .collect()
}
