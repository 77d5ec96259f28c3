//! Which of IAB's stacks the first layer shows in place of the purposes and special features they group.
//!
//! The Policies let a CMP present a stack's standard name and description instead of those of each purpose and
//! special feature it groups. This crate's rule, simple and safe:
//!
//! 1. A stack is usable only if every purpose and special feature in it is one the site's vendors use: a stack that
//!    named processing nobody does would disclose something false.
//! 2. No purpose or special feature is described twice: chosen stacks do not overlap.
//! 3. Among usable stacks, the one covering the most items goes first (ties: the lower id), so that the first layer
//!    is as short as it can be with this greedy choice.
//!
//! Whatever no chosen stack covers is shown on its own.

use std::collections::BTreeSet;

use super::gvl::{Gvl, PurposeId, SpecialFeatureId};

/// The stacks chosen and what they leave to show on its own.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct StackChoice {
    /// The stacks the first layer shows, by id, in the order chosen.
    pub stacks: Vec<u16>,
    /// Purposes no chosen stack covers.
    pub purposes: BTreeSet<PurposeId>,
    /// Special features no chosen stack covers.
    pub special_features: BTreeSet<SpecialFeatureId>,
}

/// Chooses stacks for `purposes` and `special_features` (the rule in the module's doc).
pub fn choose_stacks(
    gvl: &Gvl,
    purposes: &BTreeSet<PurposeId>,
    special_features: &BTreeSet<SpecialFeatureId>,
) -> StackChoice {
    let mut usable: Vec<_> = gvl
        .stacks
        .values()
        .filter(|s| !s.purposes.is_empty() || !s.special_features.is_empty())
        .filter(|s| s.purposes.iter().all(|p| purposes.contains(p)))
        .filter(|s| s.special_features.iter().all(|f| special_features.contains(f)))
        .collect();
    usable.sort_by_key(|s| (std::cmp::Reverse(s.purposes.len() + s.special_features.len()), s.id));
    let mut left =
        StackChoice { stacks: Vec::new(), purposes: purposes.clone(), special_features: special_features.clone() };
    for stack in usable {
        let free = stack.purposes.iter().all(|p| left.purposes.contains(p))
            && stack.special_features.iter().all(|f| left.special_features.contains(f));
        if free {
            stack.purposes.iter().for_each(|p| {
                left.purposes.remove(p);
            });
            stack.special_features.iter().for_each(|f| {
                left.special_features.remove(f);
            });
            left.stacks.push(stack.id);
        }
    }
    left
}
