//! The Global Vendor List, version 3 of its format (`https://vendor-list.consensu.org/v3/vendor-list.json`): the
//! purposes, special purposes, features, special features, stacks and data categories IAB Europe defines, and every
//! registered vendor with what it declares (spec: "The Global Vendor List", "Example Global Vendor List JSON Object").
//!
//! Read leniently where IAB may grow the format (fields this crate does not know are ignored, unlike the site's own
//! config: a new field in next week's list must not take a site's banner down) and strictly where a wrong value would
//! make the TC string lie: versions that do not fit their bit widths, ids out of range, a vendor naming a purpose the
//! list does not define. Each problem names where it is, the way the file spells it (`vendors.12.purposes`).

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::gvl_check::check;
use crate::field_error::{self, FieldError};

/// A purpose's id (1 to 24: PurposesConsent has 24 bits).
pub type PurposeId = u8;
/// A special feature's id (1 to 12: SpecialFeatureOptIns has 12 bits).
pub type SpecialFeatureId = u8;
/// A vendor's id in the list: assigned once, never re-used (a deleted vendor keeps its id, marked `deletedDate`).
pub type VendorId = u16;

/// Why a vendor list cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GvlError {
    /// Not JSON, or its top level has the wrong shape: the parser's message.
    #[error("the vendor list is not GVL v3 JSON: {0}")]
    Malformed(String),
    /// It reads, but breaks the format's rules: every problem, each naming its field.
    #[error("the vendor list has {} problem(s): {}", .0.len(), field_error::join(.0))]
    Invalid(Vec<FieldError>),
}

/// A checked Global Vendor List.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Gvl {
    /// The format's version: always 3 here.
    pub gvl_specification_version: u32,
    /// This publication's number, written into every TC string as VendorListVersion (12 bits).
    pub vendor_list_version: u16,
    /// The TCF policy version the list is published under, written as TcfPolicyVersion (6 bits); a stored TC
    /// string with another one must be asked again.
    pub tcf_policy_version: u8,
    /// When IAB Europe published it, as the file says (ISO 8601).
    pub last_updated: String,
    /// The purposes, by id.
    pub purposes: BTreeMap<PurposeId, Declaration>,
    /// The special purposes (legitimate interest, no right to object), by id.
    pub special_purposes: BTreeMap<u8, Declaration>,
    /// The features, disclosed but not chosen, by id.
    pub features: BTreeMap<u8, Declaration>,
    /// The special features, which need the visitor's opt-in, by id.
    pub special_features: BTreeMap<SpecialFeatureId, Declaration>,
    /// The stacks, IAB's standard groupings of purposes and special features for the first layer, by id.
    pub stacks: BTreeMap<u16, Stack>,
    /// The categories of data vendors declare collecting, by id.
    pub data_categories: BTreeMap<u16, DataCategory>,
    /// Every vendor, deleted ones included, by id.
    pub vendors: BTreeMap<VendorId, Vendor>,
}

/// A purpose, special purpose, feature or special feature: the shape IAB publishes them in.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Declaration {
    /// Its id within its own kind (purpose 1 and special purpose 1 are different things).
    pub id: u8,
    /// Its standard name, in English.
    pub name: String,
    /// Its standard description, in English.
    pub description: String,
    /// IAB's examples of it.
    #[serde(default)]
    pub illustrations: Vec<String>,
    /// False when a CMP must never offer consent for it (purposes 10 and 11's "develop and improve"…). Default true.
    #[serde(default = "yes")]
    pub consentable: bool,
    /// False when a CMP must never offer a right to object (special purposes). Default true.
    #[serde(default = "yes")]
    pub right_to_object: bool,
}

fn yes() -> bool {
    true
}

/// A stack: a standard name and description for a set of purposes and special features shown together.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stack {
    /// Its id.
    pub id: u16,
    /// The purposes it groups.
    #[serde(default)]
    pub purposes: Vec<PurposeId>,
    /// The special features it groups.
    #[serde(default)]
    pub special_features: Vec<SpecialFeatureId>,
    /// Its standard name.
    pub name: String,
    /// Its standard description.
    pub description: String,
}

/// A category of data (IP addresses, device characteristics …).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DataCategory {
    /// Its id.
    pub id: u16,
    /// Its name.
    pub name: String,
    /// What it covers.
    #[serde(default)]
    pub description: String,
}

/// One vendor as the list declares it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Vendor {
    /// Its id.
    pub id: VendorId,
    /// Its name, as the vendor layer shows it.
    pub name: String,
    /// Purposes it asks consent for.
    #[serde(default)]
    pub purposes: Vec<PurposeId>,
    /// Purposes it claims a legitimate interest for (the visitor may object).
    #[serde(default)]
    pub leg_int_purposes: Vec<PurposeId>,
    /// Of those two, the purposes where it accepts either legal basis (a publisher restriction may switch it).
    #[serde(default)]
    pub flexible_purposes: Vec<PurposeId>,
    /// Special purposes it uses, on legitimate interest with no right to object.
    #[serde(default)]
    pub special_purposes: Vec<u8>,
    /// Features it uses.
    #[serde(default)]
    pub features: Vec<u8>,
    /// Special features it uses (each needs the visitor's opt-in).
    #[serde(default)]
    pub special_features: Vec<SpecialFeatureId>,
    /// Categories of data it collects.
    #[serde(default)]
    pub data_declaration: Vec<u16>,
    /// How long it keeps data, in days.
    #[serde(default)]
    pub data_retention: Option<DataRetention>,
    /// Its privacy policy and legitimate-interest claim, per language.
    #[serde(default)]
    pub urls: Vec<VendorUrl>,
    /// Whether it stores cookies (Planet49 disclosures).
    pub uses_cookies: bool,
    /// The longest a cookie of it lives, in seconds; 0 or less is a session cookie; absent without cookies.
    #[serde(default)]
    pub cookie_max_age_seconds: Option<i64>,
    /// Whether it extends its cookies' lives on later visits.
    #[serde(default)]
    pub cookie_refresh: Option<bool>,
    /// Whether it uses other storage (localStorage, mobile ad ids …).
    pub uses_non_cookie_access: bool,
    /// Where its device storage disclosure (JSON) is.
    #[serde(default)]
    pub device_storage_disclosure_url: Option<String>,
    /// When it left the framework: a deleted vendor "MUST NOT be established to users".
    #[serde(default)]
    pub deleted_date: Option<String>,
}

/// How long a vendor keeps data, in days.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DataRetention {
    /// The period for every purpose not listed below.
    #[serde(default)]
    pub std_retention: Option<u32>,
    /// Periods per purpose, where they differ.
    #[serde(default)]
    pub purposes: BTreeMap<PurposeId, u32>,
    /// Periods per special purpose, where they differ.
    #[serde(default)]
    pub special_purposes: BTreeMap<u8, u32>,
}

/// A vendor's policy links in one language.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VendorUrl {
    /// The language (ISO 639-1) of the pages.
    pub lang_id: String,
    /// Its privacy policy.
    pub privacy: String,
    /// Where it explains its legitimate interest, if it claims one.
    #[serde(default)]
    pub leg_int_claim: Option<String>,
}

impl Vendor {
    /// Whether the list marks it deleted: it must not be shown nor given a legal basis.
    pub fn is_deleted(&self) -> bool {
        self.deleted_date.is_some()
    }
}

/// The file's top level, each section kept as raw JSON so that a bad entry is reported by its own path.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct GvlWire {
    gvl_specification_version: u32,
    vendor_list_version: u32,
    tcf_policy_version: u32,
    last_updated: String,
    purposes: BTreeMap<String, serde_json::Value>,
    special_purposes: BTreeMap<String, serde_json::Value>,
    features: BTreeMap<String, serde_json::Value>,
    special_features: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    stacks: BTreeMap<String, serde_json::Value>,
    #[serde(default)]
    data_categories: BTreeMap<String, serde_json::Value>,
    vendors: BTreeMap<String, serde_json::Value>,
}

impl Gvl {
    /// Parses and checks a `vendor-list.json` (GVL v3).
    pub fn from_json(text: &str) -> Result<Self, GvlError> {
        let wire: GvlWire = serde_json::from_str(text).map_err(|e| GvlError::Malformed(e.to_string()))?;
        let mut problems = Vec::new();
        let gvl = Gvl {
            gvl_specification_version: wire.gvl_specification_version,
            vendor_list_version: narrow(wire.vendor_list_version, "vendorListVersion", &mut problems),
            tcf_policy_version: narrow(wire.tcf_policy_version, "tcfPolicyVersion", &mut problems),
            last_updated: wire.last_updated,
            purposes: entries(wire.purposes, "purposes", |d: &Declaration| u64::from(d.id), &mut problems),
            special_purposes: entries(
                wire.special_purposes,
                "specialPurposes",
                |d: &Declaration| u64::from(d.id),
                &mut problems,
            ),
            features: entries(wire.features, "features", |d: &Declaration| u64::from(d.id), &mut problems),
            special_features: entries(
                wire.special_features,
                "specialFeatures",
                |d: &Declaration| u64::from(d.id),
                &mut problems,
            ),
            stacks: entries(wire.stacks, "stacks", |s: &Stack| u64::from(s.id), &mut problems),
            data_categories: entries(
                wire.data_categories,
                "dataCategories",
                |c: &DataCategory| u64::from(c.id),
                &mut problems,
            ),
            vendors: entries(wire.vendors, "vendors", |v: &Vendor| u64::from(v.id), &mut problems),
        };
        check(&gvl, &mut problems);
        if problems.is_empty() {
            Ok(gvl)
        } else {
            Err(GvlError::Invalid(problems))
        }
    }

    /// The vendor with this id, deleted or not.
    pub fn vendor(&self, id: VendorId) -> Option<&Vendor> {
        self.vendors.get(&id)
    }
}

/// A number the file gives as any integer, narrowed to the field it is written into.
fn narrow<T: TryFrom<u32> + Default>(value: u32, path: &str, problems: &mut Vec<FieldError>) -> T {
    T::try_from(value).unwrap_or_else(|_| {
        problems.push(FieldError::new(path, format!("{value} is too large")));
        T::default()
    })
}

/// One section (`"purposes": {"1": {...}}`): each entry parsed on its own, so that a problem names its key, and its
/// key checked against the `id` inside it, which is what the TC string's bit positions follow.
fn entries<K, T>(
    section: BTreeMap<String, serde_json::Value>,
    name: &str,
    id_of: impl Fn(&T) -> u64,
    problems: &mut Vec<FieldError>,
) -> BTreeMap<K, T>
where
    K: TryFrom<u64> + Ord,
    T: DeserializeOwned,
{
    let mut out = BTreeMap::new();
    for (key, value) in section {
        let path = format!("{name}.{key}");
        let Some(id) = key.parse::<u64>().ok().and_then(|n| K::try_from(n).ok().map(|k| (n, k))) else {
            problems.push(FieldError::new(path, "the key is not an id the TC string can hold"));
            continue;
        };
        match T::deserialize(value) {
            Err(e) => problems.push(FieldError::new(path, e.to_string())),
            Ok(item) if id_of(&item) != id.0 => problems.push(FieldError::new(
                format!("{path}.id"),
                format!("is {} but the entry is listed under {key}", id_of(&item)),
            )),
            Ok(item) => {
                out.insert(id.1, item);
            }
        }
    }
    out
}
