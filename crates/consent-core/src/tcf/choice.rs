//! What a visitor chose under TCF, in the terms the TC string records: consent per purpose and per vendor, the
//! legitimate interests they did not object to (per purpose and per vendor), and the special features they opted in
//! to.
//!
//! Built only through [`TcfChoice::accept_all`], [`TcfChoice::reject_all`] and [`TcfChoice::custom`], each of which
//! keeps to what the site discloses (its [`TcTerms`]), so a TC string never grants what was not asked.
//!
//! "Reject all" objects to every legitimate interest too, not only refusing consent. The Policies let a CMP offer the
//! right to object on the same layer, and a visitor who presses "Reject all" means "nothing I can refuse": leaving
//! legitimate interests on would make the button say less than it reads (vanilla CMPs do the same). What no visitor
//! can refuse stays: a vendor whose only legitimate interests are special purposes keeps its legitimate-interest bit, which
//! the spec says "must be set to 1" once a vendor with special purposes only is displayed.

use std::collections::BTreeSet;

use serde::Serialize;

use super::disclosure::legitimate_interest_allowed;
use super::gvl::{PurposeId, SpecialFeatureId, VendorId};
use super::inserted;
use super::terms::{LegitimateInterest, TcTerms};
use crate::field_error::{self, FieldError};

/// A visitor's TCF choice, checked against the site's [`TcTerms`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct TcfChoice {
    /// Purposes consented to.
    pub purposes_consent: BTreeSet<PurposeId>,
    /// Purposes whose legitimate interest the visitor did not object to.
    pub purposes_legitimate_interest: BTreeSet<PurposeId>,
    /// Vendors consented to.
    pub vendors_consent: BTreeSet<VendorId>,
    /// Vendors whose legitimate interest the visitor did not object to (vendors with special purposes and no objectable interest always).
    pub vendors_legitimate_interest: BTreeSet<VendorId>,
    /// Special features opted in to.
    pub special_features: BTreeSet<SpecialFeatureId>,
}

/// Why a custom choice cannot be recorded: it names something the site does not ask.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TcfChoiceError {
    /// Each id not disclosed, named by field (`purposes_consent: purpose 5 …`).
    #[error("the choice names what the site does not ask: {}", field_error::join(.0))]
    NotAsked(Vec<FieldError>),
}

impl TcfChoice {
    /// "Accept all": consent to every purpose and special feature asked and every vendor that asks consent, no
    /// objection to any legitimate interest.
    pub fn accept_all(terms: &TcTerms) -> Self {
        TcfChoice {
            purposes_consent: terms.consent_purposes.clone(),
            purposes_legitimate_interest: terms.legitimate_interest_purposes.clone(),
            vendors_consent: inserted(terms.vendors.iter().filter(|v| v.consent).map(|v| v.id)),
            vendors_legitimate_interest: inserted(
                terms.vendors.iter().filter(|v| v.legitimate_interest != LegitimateInterest::None).map(|v| v.id),
            ),
            special_features: terms.special_features.clone(),
        }
    }

    /// "Reject all": no consent, an objection to every legitimate interest (see the module's doc for why); only what
    /// cannot be refused is left.
    pub fn reject_all(terms: &TcTerms) -> Self {
        TcfChoice { vendors_legitimate_interest: unobjectable(terms), ..TcfChoice::default() }
    }

    /// A choice made in the preferences, checked: every id must be one the site asks for in that role, and vendors
    /// whose only legitimate interests are special purposes are added to the legitimate interests, since there is
    /// nothing of theirs to object to.
    pub fn custom(terms: &TcTerms, wanted: TcfChoice) -> Result<Self, TcfChoiceError> {
        let mut problems = Vec::new();
        let mut refuse = |field: &str, what: String, why: &str| {
            problems.push(FieldError::new(field, format!("{what} {why}")));
        };
        for p in wanted.purposes_consent.iter().filter(|p| !terms.consent_purposes.contains(p)) {
            refuse("purposes_consent", format!("purpose {p}"), "is not asked for consent by any of the site's vendors");
        }
        for p in wanted.purposes_legitimate_interest.iter().filter(|p| !terms.legitimate_interest_purposes.contains(p))
        {
            let why = if !legitimate_interest_allowed(*p) {
                "may not rest on legitimate interest (purpose 1 never, 3 to 6 since TCF 2.2)"
            } else {
                "is not claimed as a legitimate interest by any of the site's vendors"
            };
            refuse("purposes_legitimate_interest", format!("purpose {p}"), why);
        }
        for id in &wanted.vendors_consent {
            match terms.vendor(*id) {
                None => refuse("vendors_consent", format!("vendor {id}"), "is not one of the site's vendors"),
                Some(v) if !v.consent => refuse("vendors_consent", format!("vendor {id}"), "asks no consent"),
                Some(_) => {}
            }
        }
        for id in &wanted.vendors_legitimate_interest {
            match terms.vendor(*id) {
                None => {
                    refuse("vendors_legitimate_interest", format!("vendor {id}"), "is not one of the site's vendors")
                }
                Some(v) if v.legitimate_interest == LegitimateInterest::None => {
                    refuse("vendors_legitimate_interest", format!("vendor {id}"), "claims no legitimate interest")
                }
                Some(_) => {}
            }
        }
        for f in wanted.special_features.iter().filter(|f| !terms.special_features.contains(f)) {
            refuse("special_features", format!("special feature {f}"), "is not used by any of the site's vendors");
        }
        if !problems.is_empty() {
            return Err(TcfChoiceError::NotAsked(problems));
        }
        let mut choice = wanted;
        choice.vendors_legitimate_interest.extend(unobjectable(terms));
        Ok(choice)
    }
}

/// The vendors whose legitimate-interest bit no choice can clear (see [`crate::tcf::Vendor::has_unobjectable_interest`]).
fn unobjectable(terms: &TcTerms) -> BTreeSet<VendorId> {
    inserted(terms.vendors.iter().filter(|v| v.legitimate_interest == LegitimateInterest::Unobjectable).map(|v| v.id))
}
