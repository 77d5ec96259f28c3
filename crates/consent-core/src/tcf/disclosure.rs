//! What a site must disclose, and may ask, under TCF: it follows from the vendors its config names and what each
//! declares in the Global Vendor List. The first layer names the purposes (or the stacks covering them), the special
//! features and the number of vendors; the vendor layer lists the vendors; the TC string's Disclosed Vendors segment
//! records exactly these vendors. The publisher's restrictions apply first: a vendor is disclosed with what the site
//! lets it use ([`super::restriction_effect`]).

use std::collections::BTreeSet;

use super::additional_consent::GoogleAdTechProvider;
use super::config::{CountryCode, TcfConfig};
use super::gvl::{Gvl, PurposeId, SpecialFeatureId, Vendor, VendorId};
use super::restriction::Restriction;
use super::restriction_effect::resolve;
use super::stacks::{choose_stacks, StackChoice};
use crate::field_error::{self, FieldError};

/// Whether a purpose may rest on legitimate interest at all. Purpose 1 (storage and access) is "always required to be
/// registered as a consent purpose", and purposes 3 to 6 (personalised advertising and content profiles and their
/// use) may not rest on legitimate interest since TCF 2.2 ("Why was support for legitimate interest for purposes 3 to
/// 6 deprecated?"): their PurposesLITransparency bits must be 0, so they are never disclosed as legitimate interests,
/// whatever a list says.
pub fn legitimate_interest_allowed(purpose: PurposeId) -> bool {
    purpose != 1 && !(3..=6).contains(&purpose)
}

/// Why the config's vendors cannot be disclosed with this vendor list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DisclosureError {
    /// Vendors the list does not have, or marks deleted (which "MUST NOT be established to users"); each names the
    /// config field.
    #[error("the tcf section names vendors this vendor list cannot disclose: {}", field_error::join(.0))]
    Vendors(Vec<FieldError>),
    /// Publisher restrictions that cannot apply to the vendors they name, as the list declares them (see
    /// [`super::restriction_effect`]); each names the config field.
    #[error("the tcf section's publisher restrictions do not fit its vendors: {}", field_error::join(.0))]
    Restrictions(Vec<FieldError>),
}

impl DisclosureError {
    /// The problems, each naming its config field.
    pub fn into_problems(self) -> Vec<FieldError> {
        match self {
            DisclosureError::Vendors(problems) | DisclosureError::Restrictions(problems) => problems,
        }
    }
}

/// Everything the banner discloses for a TCF site, and the TC string's fixed fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Disclosure {
    /// The site's CMP id.
    pub cmp_id: u16,
    /// The site's CMP version.
    pub cmp_version: u16,
    /// The publisher's country.
    pub publisher_cc: CountryCode,
    /// The vendor list's version, which every TC string written from this disclosure records.
    pub vendor_list_version: u16,
    /// The vendor list's TCF policy version.
    pub tcf_policy_version: u8,
    /// The site's vendors as the list declares them and the publisher's restrictions let them use it, by ascending
    /// id; a vendor the restrictions leave nothing to do is not here (not disclosed).
    pub vendors: Vec<Vendor>,
    /// The publisher's restrictions, resolved to the vendors each applies to: written in every TC string.
    pub publisher_restrictions: Vec<Restriction>,
    /// Purposes some vendor asks consent for (and the list lets a visitor consent to).
    pub consent_purposes: BTreeSet<PurposeId>,
    /// Purposes some vendor claims a legitimate interest for, which the visitor may object to (never 1, nor 3 to 6).
    pub legitimate_interest_purposes: BTreeSet<PurposeId>,
    /// Purposes some vendor declares flexible and no restriction fixed the legal basis of (its declared one applies).
    pub flexible_purposes: BTreeSet<PurposeId>,
    /// Special purposes the vendors use: disclosed, not chosen.
    pub special_purposes: BTreeSet<u8>,
    /// Features the vendors use: disclosed, not chosen.
    pub features: BTreeSet<u8>,
    /// Special features the vendors use: each needs the visitor's opt-in.
    pub special_features: BTreeSet<SpecialFeatureId>,
    /// The stacks the first layer shows, and what is left to show on its own.
    pub stacks: StackChoice,
    /// Google's ad technology providers outside the list that the config names (Google's Additional Consent): shown
    /// on the vendor layer beside the vendors, chosen in the AC string.
    pub google_ad_tech_providers: Vec<GoogleAdTechProvider>,
}

impl Disclosure {
    /// What the site's `tcf` section discloses with this vendor list. Refuses every vendor the list lacks or marks
    /// deleted, naming each by its place in the config (`tcf.vendors[2]`).
    pub fn new(config: &TcfConfig, gvl: &Gvl) -> Result<Self, DisclosureError> {
        let mut problems = Vec::new();
        let mut vendors = Vec::with_capacity(config.vendors.len());
        for (index, &id) in config.vendors.iter().enumerate() {
            let path = format!("tcf.vendors[{index}]");
            match gvl.vendor(id) {
                None => problems.push(FieldError::new(
                    path,
                    format!("vendor {id} is not in the Global Vendor List (version {})", gvl.vendor_list_version),
                )),
                Some(vendor) if vendor.is_deleted() => problems.push(FieldError::new(
                    path,
                    format!(
                        "vendor {id} ({}) was deleted from the Global Vendor List on {}",
                        vendor.name,
                        vendor.deleted_date.as_deref().unwrap_or_default()
                    ),
                )),
                Some(vendor) => vendors.push(vendor.clone()),
            }
        }
        if !problems.is_empty() {
            return Err(DisclosureError::Vendors(problems));
        }
        vendors.sort_by_key(|v| v.id);
        let publisher_restrictions =
            resolve(&config.publisher_restrictions, &vendors).map_err(DisclosureError::Restrictions)?;
        let vendors: Vec<Vendor> =
            vendors.iter().map(|v| v.restricted(&publisher_restrictions)).filter(Vendor::does_anything).collect();
        let consentable = |p: &PurposeId| gvl.purposes.get(p).is_some_and(|d| d.consentable);
        let consent_purposes: BTreeSet<_> =
            vendors.iter().flat_map(|v| &v.purposes).copied().filter(consentable).collect();
        let legitimate_interest_purposes: BTreeSet<_> = vendors
            .iter()
            .flat_map(|v| &v.leg_int_purposes)
            .copied()
            .filter(|&p| legitimate_interest_allowed(p))
            .collect();
        let special_features: BTreeSet<_> = vendors.iter().flat_map(|v| &v.special_features).copied().collect();
        let all_purposes = consent_purposes.union(&legitimate_interest_purposes).copied().collect();
        let stacks = choose_stacks(gvl, &all_purposes, &special_features);
        Ok(Disclosure {
            cmp_id: config.cmp_id,
            cmp_version: config.cmp_version,
            publisher_cc: config.publisher_cc,
            vendor_list_version: gvl.vendor_list_version,
            tcf_policy_version: gvl.tcf_policy_version,
            consent_purposes,
            legitimate_interest_purposes,
            flexible_purposes: vendors.iter().flat_map(|v| &v.flexible_purposes).copied().collect(),
            special_purposes: vendors.iter().flat_map(|v| &v.special_purposes).copied().collect(),
            features: vendors.iter().flat_map(|v| &v.features).copied().collect(),
            special_features,
            stacks,
            vendors,
            publisher_restrictions,
            google_ad_tech_providers: config.google_ad_tech_providers.clone(),
        })
    }

    /// The ids of the site's vendors, ascending: the Disclosed Vendors segment.
    pub fn vendor_ids(&self) -> BTreeSet<VendorId> {
        self.vendors.iter().map(|v| v.id).collect()
    }

    /// The site's vendor with this id.
    pub fn vendor(&self, id: VendorId) -> Option<&Vendor> {
        self.vendors.iter().find(|v| v.id == id)
    }
}

impl Vendor {
    /// Whether the vendor asks consent for anything: only then has a consent signal for it a meaning.
    pub fn asks_consent(&self) -> bool {
        !self.purposes.is_empty()
    }

    /// Whether the vendor claims a legitimate interest the visitor can object to (purposes 1 and 3 to 6 never count).
    pub fn claims_objectable_interest(&self) -> bool {
        self.leg_int_purposes.iter().any(|&p| legitimate_interest_allowed(p))
    }

    /// A vendor whose legitimate interests the visitor has nothing to object to: it uses special purposes, which carry
    /// no right to object, and claims no purpose on legitimate interest. The spec says a vendor with special purposes
    /// only must have its legitimate-interest bit "set to 1" once displayed; this extends that to such a vendor that
    /// also asks consent for purposes, since its consent bit, not this one, governs those.
    pub fn has_unobjectable_interest(&self) -> bool {
        !self.special_purposes.is_empty() && !self.claims_objectable_interest()
    }

    /// Whether the CMP establishes transparency for a legitimate interest of the vendor at all, for "one or more
    /// Purposes (including Special Purposes)": the vendors whose legitimate-interest bit "Accept all" sets.
    pub fn has_legitimate_interest(&self) -> bool {
        self.claims_objectable_interest() || !self.special_purposes.is_empty()
    }
}
