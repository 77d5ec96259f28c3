//! Regional rules: which privacy regime applies to a visitor, by where the endpoint was told they are, and what that
//! regime means before the visitor has chosen anything.
//!
//! - [`regime`] names the four regimes and orders them by strictness;
//! - [`region`] reads country (ISO 3166-1 alpha-2) and subdivision (ISO 3166-2) codes;
//! - [`group`] names the groups of countries a rule may name in one word (`EU`, `EEA`);
//! - [`config`] is the config's `"regions"` section;
//! - [`resolve`] picks the regime for a region and the record's `jurisdiction`, failing closed when the region is
//!   unknown;
//! - [`before_choice`] gives the categories on, and the Consent Mode defaults, before any choice.
//!
//! A config without `"regions"` is opt-in everywhere, as every config was before the section existed.

pub mod answer;
pub mod before_choice;
pub mod config;
pub mod group;
pub mod regime;
pub mod region;
pub mod resolve;

pub use answer::RegimeAnswer;
pub use before_choice::{before_choice, consent_mode_defaults};
pub use config::RegionalRules;
pub use group::CountryGroup;
pub use regime::Regime;
pub use region::{Country, Region};
pub use resolve::{Applicable, UNKNOWN_JURISDICTION};

#[cfg(test)]
mod tests;
