//! What a TC string may record for a site, and nothing else: the fixed fields (CMP, vendor list, publisher country),
//! the purposes and special features the site asks, and for each of its vendors whether it asks consent and what
//! kind of legitimate interest it claims. [`TcfChoice`](super::TcfChoice) and
//! [`encode_tc_string`](super::encode_tc_string) work from these alone, so that the banner can write a TC string
//! for any choice without the Global Vendor List: the endpoint works them out from its list
//! ([`Disclosure::terms`]) and sends them in the vendor layer's file (field `tc`).
//!
//! ```json
//! {"cmp_id": 300, "cmp_version": 2, "publisher_cc": "AA", "vendor_list_version": 142, "tcf_policy_version": 5,
//!  "consent_purposes": [1, 2, 3], "legitimate_interest_purposes": [2, 7], "special_features": [1],
//!  "vendors": [{"id": 2, "consent": true, "legitimate_interest": "objectable"},
//!              {"id": 8, "consent": false, "legitimate_interest": "unobjectable"}],
//!  "publisher_restrictions": [{"purpose": 3, "restriction": "not_allowed", "vendors": [2]}]}
//! ```
//!
//! Read from the network by the banner, so checked on the way in: a value wider than its field in the TC string is
//! refused, naming the field, rather than written wrong (or stopping the banner).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::config::CountryCode;
use super::disclosure::Disclosure;
use super::gvl::{PurposeId, SpecialFeatureId, VendorId};
use super::restriction::{Restriction, MAX_ENTRIES};
use crate::field_error::{self, FieldError};

/// The legitimate interest a vendor claims, as the TC string's Vendor Legitimate Interest section treats it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegitimateInterest {
    /// None: its bit is never set.
    None,
    /// For a purpose the visitor may object to: set unless they object.
    Objectable,
    /// Only for special purposes, which carry no right to object: always set (see
    /// [`crate::tcf::Vendor::has_unobjectable_interest`]).
    Unobjectable,
}

/// One of the site's vendors, as the TC string may record it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorTerms {
    /// Its id in the Global Vendor List.
    pub id: VendorId,
    /// Whether it asks consent for any purpose.
    pub consent: bool,
    /// The legitimate interest it claims.
    pub legitimate_interest: LegitimateInterest,
}

/// Everything a TC string of the site may record (see the module's doc for its JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "TcTermsWire")]
pub struct TcTerms {
    /// The site's CMP id (12 bits).
    pub cmp_id: u16,
    /// The site's CMP version (12 bits).
    pub cmp_version: u16,
    /// The publisher's country.
    pub publisher_cc: CountryCode,
    /// The vendor list's version (12 bits).
    pub vendor_list_version: u16,
    /// The vendor list's TCF policy version (6 bits).
    pub tcf_policy_version: u8,
    /// Purposes some vendor asks consent for.
    pub consent_purposes: BTreeSet<PurposeId>,
    /// Purposes some vendor claims a legitimate interest for, which the visitor may object to.
    pub legitimate_interest_purposes: BTreeSet<PurposeId>,
    /// Special features some vendor uses (each needs an opt-in).
    pub special_features: BTreeSet<SpecialFeatureId>,
    /// The site's vendors, by ascending id: the Disclosed Vendors segment.
    pub vendors: Vec<VendorTerms>,
    /// The publisher's restrictions, each with the vendors it applies to (left out of the JSON when there are none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub publisher_restrictions: Vec<Restriction>,
}

/// Why terms read from a file cannot be used to write a TC string.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the TC string terms cannot be written: {}", field_error::join(.0))]
pub struct TcTermsError(pub Vec<FieldError>);

impl TcTerms {
    /// The ids of the site's vendors, ascending.
    pub fn vendor_ids(&self) -> BTreeSet<VendorId> {
        super::inserted(self.vendors.iter().map(|v| v.id))
    }

    /// The site's vendor with this id.
    pub fn vendor(&self, id: VendorId) -> Option<&VendorTerms> {
        self.vendors.iter().find(|v| v.id == id)
    }
}

impl Disclosure {
    /// What a TC string of this site may record.
    pub fn terms(&self) -> TcTerms {
        let legitimate_interest = |v: &super::Vendor| {
            if v.claims_objectable_interest() {
                LegitimateInterest::Objectable
            } else if v.has_unobjectable_interest() {
                LegitimateInterest::Unobjectable
            } else {
                LegitimateInterest::None
            }
        };
        TcTerms {
            cmp_id: self.cmp_id,
            cmp_version: self.cmp_version,
            publisher_cc: self.publisher_cc,
            vendor_list_version: self.vendor_list_version,
            tcf_policy_version: self.tcf_policy_version,
            consent_purposes: self.consent_purposes.clone(),
            legitimate_interest_purposes: self.legitimate_interest_purposes.clone(),
            special_features: self.special_features.clone(),
            vendors: self
                .vendors
                .iter()
                .map(|v| VendorTerms {
                    id: v.id,
                    consent: v.asks_consent(),
                    legitimate_interest: legitimate_interest(v),
                })
                .collect(),
            publisher_restrictions: self.publisher_restrictions.clone(),
        }
    }
}

#[derive(Deserialize)]
struct TcTermsWire {
    cmp_id: u16,
    cmp_version: u16,
    publisher_cc: String,
    vendor_list_version: u16,
    tcf_policy_version: u8,
    consent_purposes: BTreeSet<PurposeId>,
    legitimate_interest_purposes: BTreeSet<PurposeId>,
    special_features: BTreeSet<SpecialFeatureId>,
    vendors: Vec<VendorTerms>,
    #[serde(default)]
    publisher_restrictions: Vec<Restriction>,
}

const MAX_12_BITS: u16 = 4095;

impl TryFrom<TcTermsWire> for TcTerms {
    type Error = TcTermsError;

    fn try_from(wire: TcTermsWire) -> Result<Self, TcTermsError> {
        let mut problems = Vec::new();
        for (field, value) in [
            ("cmp_id", wire.cmp_id),
            ("cmp_version", wire.cmp_version),
            ("vendor_list_version", wire.vendor_list_version),
        ] {
            if value > MAX_12_BITS {
                problems.push(FieldError::new(field, format!("{value} does not fit in 12 bits")));
            }
        }
        if wire.tcf_policy_version > 63 {
            problems.push(FieldError::new("tcf_policy_version", "does not fit in 6 bits"));
        }
        let out_of = |ids: &BTreeSet<u8>, max: u8| ids.iter().any(|&id| id == 0 || id > max);
        for (field, ids, max) in [
            ("consent_purposes", &wire.consent_purposes, 24),
            ("legitimate_interest_purposes", &wire.legitimate_interest_purposes, 24),
            ("special_features", &wire.special_features, 12),
        ] {
            if out_of(ids, max) {
                problems.push(FieldError::new(field, format!("holds an id outside 1 to {max}")));
            }
        }
        if wire.vendors.iter().any(|v| v.id == 0) || !wire.vendors.windows(2).all(|w| w[0].id < w[1].id) {
            problems.push(FieldError::new("vendors", "must be by ascending id, each above 0, none twice"));
        }
        for (index, r) in wire.publisher_restrictions.iter().enumerate() {
            let ascending = r.vendors.windows(2).all(|w| w[0] < w[1]) && r.vendors.first() != Some(&0);
            if r.purpose == 0 || r.purpose > 24 || !ascending || r.vendors.is_empty() || r.vendors.len() > MAX_ENTRIES {
                problems.push(FieldError::new(
                    format!("publisher_restrictions[{index}]"),
                    "needs a purpose from 1 to 24 and 1 to 4095 vendors by ascending id, each above 0, none twice",
                ));
            }
        }
        let publisher_cc = CountryCode::try_from(wire.publisher_cc.as_str())
            .map_err(|reason| problems.push(FieldError::new("publisher_cc", reason)))
            .ok();
        match publisher_cc {
            Some(publisher_cc) if problems.is_empty() => Ok(TcTerms {
                cmp_id: wire.cmp_id,
                cmp_version: wire.cmp_version,
                publisher_cc,
                vendor_list_version: wire.vendor_list_version,
                tcf_policy_version: wire.tcf_policy_version,
                consent_purposes: wire.consent_purposes,
                legitimate_interest_purposes: wire.legitimate_interest_purposes,
                special_features: wire.special_features,
                vendors: wire.vendors,
                publisher_restrictions: wire.publisher_restrictions,
            }),
            _ => Err(TcTermsError(problems)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn terms(edit: impl FnOnce(&mut serde_json::Value)) -> Result<TcTerms, serde_json::Error> {
        let mut value = json!({
            "cmp_id": 300, "cmp_version": 2, "publisher_cc": "de", "vendor_list_version": 142, "tcf_policy_version": 5,
            "consent_purposes": [1, 2], "legitimate_interest_purposes": [7], "special_features": [1],
            "vendors": [{"id": 2, "consent": true, "legitimate_interest": "objectable"},
                        {"id": 8, "consent": false, "legitimate_interest": "unobjectable"}]
        });
        edit(&mut value);
        serde_json::from_value(value)
    }

    #[test]
    fn terms_read_back_as_written() {
        let read = terms(|_| {}).unwrap();
        assert_eq!(read.publisher_cc.letters(), *b"DE");
        assert_eq!(read.vendor(8).map(|v| v.legitimate_interest), Some(LegitimateInterest::Unobjectable));
        assert_eq!(serde_json::from_value::<TcTerms>(serde_json::to_value(&read).unwrap()).unwrap(), read);
    }

    #[test]
    fn values_the_tc_string_cannot_hold_are_refused_naming_the_field() {
        let error = terms(|v| {
            v["cmp_id"] = json!(5000);
            v["special_features"] = json!([13]);
            v["vendors"][1]["id"] = json!(1);
        })
        .unwrap_err()
        .to_string();
        assert!(error.contains("cmp_id: 5000 does not fit in 12 bits"), "{error}");
        assert!(error.contains("special_features: holds an id outside 1 to 12"), "{error}");
        assert!(error.contains("vendors: must be by ascending id"), "{error}");
    }
}
