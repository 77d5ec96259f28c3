//! The config's `"tcf"` section: the site's CMP registration and the vendors it works with, from which everything the
//! banner must disclose follows ([`super::disclosure`]).
//!
//! ```json
//! "tcf": {"cmp_id": 300, "cmp_version": 2, "vendors": [1, 2, 755], "publisher_cc": "FR",
//!         "google_ad_tech_providers": [{"id": 89, "name": "…", "privacy_url": "https://…"}],
//!         "publisher_restrictions": [{"purpose": 3, "restriction": "not_allowed", "vendors": [755]}]}
//! ```
//!
//! Only the fields' own rules are checked here; whether each vendor is in the Global Vendor List (and not deleted) is
//! known only once a list is loaded, which the endpoint does and the config reader does not.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::additional_consent::{check_providers, GoogleAdTechProvider, ProviderWire};
use super::gvl::VendorId;
use super::restriction::{check_restrictions, RestrictionConfig, RestrictionWire};
use crate::field_error::FieldError;

/// IAB TCF 2.3 for the site's advertising vendors: the CMP registration and the Global Vendor List ids of the vendors.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Tcf"))]
#[serde(deny_unknown_fields)]
pub struct TcfWire {
    /// The CMP id IAB Europe assigned to this deployment when it was registered (2 to 4095).
    #[cfg_attr(feature = "schema", schemars(range(min = 2, max = 4095)))]
    cmp_id: u64,
    /// The deployment's own version number, bumped with each change to the banner's TCF texts or behaviour (0 to 4095).
    #[cfg_attr(feature = "schema", schemars(range(max = 4095)))]
    cmp_version: u64,
    /// The Global Vendor List ids of the vendors the site works with.
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    vendors: Vec<u64>,
    /// The country whose law the publisher is under (ISO 3166-1 alpha-2). Default `AA`, "unknown".
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(regex(pattern = r"^[A-Za-z]{2}$")))]
    publisher_cc: Option<String>,
    /// Google's ad technology providers the site works with that are not in the Global Vendor List (ids from Google's
    /// Ad Tech Providers list), for Google's Additional Consent string. Default none.
    #[serde(default)]
    google_ad_tech_providers: Vec<ProviderWire>,
    /// What the publisher restricts, per purpose, for some or all of its vendors. Default none.
    #[serde(default)]
    publisher_restrictions: Vec<RestrictionWire>,
}

/// The checked section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TcfConfig {
    /// The registered CMP id, written as CmpId (12 bits).
    pub cmp_id: u16,
    /// The CMP's version, written as CmpVersion (12 bits).
    pub cmp_version: u16,
    /// The vendors the site works with, in the order the config lists them; no id twice.
    pub vendors: Vec<VendorId>,
    /// The publisher's country, written as PublisherCC.
    pub publisher_cc: CountryCode,
    /// Google's ad technology providers outside the list, in the config's order; no id twice. Empty: no AC string
    /// (and left out of the served config, which then reads as it always did).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub google_ad_tech_providers: Vec<GoogleAdTechProvider>,
    /// The publisher's restrictions, in the config's order ([`super::restriction`]). Empty: none (and left out of the
    /// served config).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub publisher_restrictions: Vec<RestrictionConfig>,
}

/// A two-letter country code as PublisherCC holds it: uppercase A to Z, six bits a letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub struct CountryCode([u8; 2]);

impl CountryCode {
    /// `AA`: a user-assigned ISO 3166 code, used by the official TCF library for "not set", since the field has no
    /// empty value. The spec asks for "the country that determines legislation of reference": a site should set it.
    pub const UNKNOWN: CountryCode = CountryCode(*b"AA");

    /// The two letters.
    pub fn letters(&self) -> [u8; 2] {
        self.0
    }
}

impl TryFrom<&str> for CountryCode {
    type Error = String;

    fn try_from(text: &str) -> Result<Self, String> {
        match text.as_bytes() {
            &[a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                Ok(CountryCode([a.to_ascii_uppercase(), b.to_ascii_uppercase()]))
            }
            _ => Err(format!("'{text}' is not a two-letter country code such as 'FR'")),
        }
    }
}

impl From<CountryCode> for String {
    fn from(code: CountryCode) -> String {
        code.0.iter().map(|&b| char::from(b)).collect()
    }
}

/// The smallest CMP id the official library accepts; 0 and 1 are never assigned.
const MIN_CMP_ID: u64 = 2;
/// CmpId and CmpVersion are 12-bit fields.
const MAX_12_BITS: u64 = 4095;

/// Checks the section, adding each problem to `problems` with its path (`tcf.cmp_id`, `tcf.vendors[2]`).
pub fn check_tcf(wire: TcfWire, problems: &mut Vec<FieldError>) -> Option<TcfConfig> {
    let before = problems.len();
    if !(MIN_CMP_ID..=MAX_12_BITS).contains(&wire.cmp_id) {
        problems.push(FieldError::new(
            "tcf.cmp_id",
            format!("{} is not a CMP id: use the id IAB Europe assigned (2 to 4095)", wire.cmp_id),
        ));
    }
    if wire.cmp_version > MAX_12_BITS {
        problems.push(FieldError::new("tcf.cmp_version", format!("{} is over 4095", wire.cmp_version)));
    }
    if wire.vendors.is_empty() {
        problems.push(FieldError::new("tcf.vendors", "must list at least one Global Vendor List id"));
    }
    let mut seen = BTreeSet::new();
    let mut vendors = Vec::with_capacity(wire.vendors.len());
    for (index, &id) in wire.vendors.iter().enumerate() {
        let path = format!("tcf.vendors[{index}]");
        match VendorId::try_from(id) {
            Ok(vendor) if vendor > 0 && seen.insert(vendor) => vendors.push(vendor),
            Ok(vendor) if vendor > 0 => problems.push(FieldError::new(path, format!("{vendor} is listed twice"))),
            _ => problems.push(FieldError::new(path, format!("{id} is not a vendor id (1 to 65535)"))),
        }
    }
    let publisher_cc = match wire.publisher_cc.as_deref().map(CountryCode::try_from).transpose() {
        Ok(code) => code.unwrap_or(CountryCode::UNKNOWN),
        Err(reason) => {
            problems.push(FieldError::new("tcf.publisher_cc", reason));
            CountryCode::UNKNOWN
        }
    };
    let google_ad_tech_providers = check_providers(wire.google_ad_tech_providers, problems);
    let publisher_restrictions = check_restrictions(wire.publisher_restrictions, &vendors, problems);
    if problems.len() > before {
        return None;
    }
    Some(TcfConfig {
        cmp_id: u16::try_from(wire.cmp_id).ok()?,
        cmp_version: u16::try_from(wire.cmp_version).ok()?,
        vendors,
        publisher_cc,
        google_ad_tech_providers,
        publisher_restrictions,
    })
}
