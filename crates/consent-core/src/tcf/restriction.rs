//! Publisher restrictions (spec: "Publisher Restrictions" of the Core String): per purpose, what the publisher lets
//! some of its vendors do — not use the purpose at all, or use it only on consent, or only on legitimate interest.
//!
//! ```json
//! "publisher_restrictions": [{"purpose": 3, "restriction": "not_allowed"},
//!                            {"purpose": 7, "restriction": "require_consent", "vendors": [3]}]
//! ```
//!
//! The config names what it restricts ([`RestrictionConfig`], checked here without the vendor list); the endpoint
//! resolves it against the vendors' declarations ([`super::restriction_effect`]) into [`Restriction`]s, the vendor
//! ids each applies to, which the TC string writes and the banner receives in the terms. Leaving `vendors` out
//! restricts every vendor of the site the restriction can apply to.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::bits::BitWriter;
use super::disclosure::legitimate_interest_allowed;
use super::gvl::{PurposeId, VendorId};
use crate::field_error::FieldError;

/// What a restriction requires of the vendors it names (RestrictionType, two bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RestrictionType {
    /// 0: the purpose is not allowed at all: the vendor may not use it on any legal basis.
    NotAllowed,
    /// 1: a purpose the vendor declares flexible is used on consent only.
    RequireConsent,
    /// 2: a purpose the vendor declares flexible is used on legitimate interest only.
    RequireLi,
}

impl RestrictionType {
    /// The names the config spells them with, in the order of their numbers.
    pub const NAMES: [&'static str; 3] = ["not_allowed", "require_consent", "require_li"];

    /// The config's name of it.
    pub fn name(self) -> &'static str {
        Self::NAMES[self.number() as usize]
    }

    /// Its RestrictionType number.
    pub fn number(self) -> u8 {
        match self {
            RestrictionType::NotAllowed => 0,
            RestrictionType::RequireConsent => 1,
            RestrictionType::RequireLi => 2,
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        [RestrictionType::NotAllowed, RestrictionType::RequireConsent, RestrictionType::RequireLi]
            .into_iter()
            .find(|r| r.name() == name)
    }
}

/// One restriction as the config writes it.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "PublisherRestriction"))]
#[serde(deny_unknown_fields)]
pub struct RestrictionWire {
    /// The purpose restricted (1 to 24).
    #[cfg_attr(feature = "schema", schemars(range(min = 1, max = 24)))]
    purpose: u64,
    /// `not_allowed` (no vendor named may use the purpose), `require_consent` or `require_li` (a vendor naming the
    /// purpose flexible uses it on that legal basis only).
    #[cfg_attr(feature = "schema", schemars(schema_with = "restriction_schema"))]
    restriction: String,
    /// The vendors restricted, each one of `tcf.vendors`. Left out: every vendor of the site the restriction can
    /// apply to (that uses the purpose; for the other two, that declares it flexible).
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    vendors: Option<Vec<u64>>,
}

#[cfg(feature = "schema")]
fn restriction_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "string", "enum": RestrictionType::NAMES })
}

/// One checked restriction of the config.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestrictionConfig {
    /// The purpose.
    pub purpose: PurposeId,
    /// What it requires.
    pub restriction: RestrictionType,
    /// The vendors named, in the config's order; `None`: all the site's vendors it can apply to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vendors: Option<Vec<VendorId>>,
}

/// A restriction resolved to the vendors it applies to: what the TC string writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Restriction {
    /// The purpose (PurposeId, six bits).
    pub purpose: PurposeId,
    /// What it requires.
    pub restriction: RestrictionType,
    /// The vendors it applies to, ascending, none twice.
    pub vendors: Vec<VendorId>,
}

impl Restriction {
    /// Whether it applies to `vendor`.
    pub fn applies_to(&self, vendor: VendorId) -> bool {
        self.vendors.contains(&vendor)
    }
}

/// Checks `tcf.publisher_restrictions` against the section's own `vendors`, adding each problem with its path
/// (`tcf.publisher_restrictions[0].vendors[1]`). A vendor has at most one restriction per purpose, so two entries
/// for one purpose must name different vendors, and an entry that names none (all vendors) must be its purpose's
/// only one; one restriction type per purpose is written once (its vendors listed together).
pub fn check_restrictions(
    wire: Vec<RestrictionWire>,
    site_vendors: &[VendorId],
    problems: &mut Vec<FieldError>,
) -> Vec<RestrictionConfig> {
    let mut checked: Vec<(usize, RestrictionConfig)> = Vec::with_capacity(wire.len());
    for (index, entry) in wire.into_iter().enumerate() {
        let path = |field: &str| format!("tcf.publisher_restrictions[{index}].{field}");
        let before = problems.len();
        let purpose = match PurposeId::try_from(entry.purpose) {
            Ok(purpose @ 1..=24) => purpose,
            _ => {
                problems
                    .push(FieldError::new(path("purpose"), format!("{} is not a purpose (1 to 24)", entry.purpose)));
                0
            }
        };
        let restriction = RestrictionType::from_name(&entry.restriction);
        match restriction {
            None => problems.push(FieldError::new(
                path("restriction"),
                format!("'{}' is not one of {}", entry.restriction, RestrictionType::NAMES.join(", ")),
            )),
            Some(RestrictionType::RequireLi) if purpose != 0 && !legitimate_interest_allowed(purpose) => {
                problems.push(FieldError::new(
                    path("restriction"),
                    format!(
                        "purpose {purpose} may never rest on legitimate interest (purpose 1 never, 3 to 6 since TCF \
                         2.2): require_li cannot apply to it"
                    ),
                ))
            }
            Some(_) => {}
        }
        let vendors = entry.vendors.map(|ids| {
            if ids.is_empty() {
                let why = "lists no vendor: leave `vendors` out to restrict all the site's vendors";
                problems.push(FieldError::new(path("vendors"), why));
            }
            let mut seen = BTreeSet::new();
            let mut vendors = Vec::with_capacity(ids.len());
            for (at, &id) in ids.iter().enumerate() {
                let path = format!("tcf.publisher_restrictions[{index}].vendors[{at}]");
                match VendorId::try_from(id) {
                    Ok(vendor) if site_vendors.contains(&vendor) && seen.insert(vendor) => vendors.push(vendor),
                    Ok(vendor) if site_vendors.contains(&vendor) => {
                        problems.push(FieldError::new(path, format!("vendor {vendor} is listed twice")))
                    }
                    _ => problems.push(FieldError::new(path, format!("vendor {id} is not in tcf.vendors"))),
                }
            }
            vendors
        });
        let (Some(restriction), true) = (restriction, problems.len() == before) else { continue };
        let entry = RestrictionConfig { purpose, restriction, vendors };
        if let Some(reason) = checked.iter().find_map(|(other, earlier)| overlap(earlier, &entry, *other)) {
            problems.push(FieldError::new(format!("tcf.publisher_restrictions[{index}]"), reason));
            continue;
        }
        checked.push((index, entry));
    }
    checked.into_iter().map(|(_, entry)| entry).collect()
}

/// Why `entry` may not stand beside `earlier` (entry `index` of the config), if it may not.
fn overlap(earlier: &RestrictionConfig, entry: &RestrictionConfig, index: usize) -> Option<String> {
    if earlier.purpose != entry.purpose {
        return None;
    }
    let by = format!("tcf.publisher_restrictions[{index}]");
    if earlier.restriction == entry.restriction {
        return Some(format!(
            "purpose {} is restricted as {} by {by} already: list the vendors there",
            entry.purpose,
            entry.restriction.name()
        ));
    }
    let shared = match (&earlier.vendors, &entry.vendors) {
        (Some(a), Some(b)) => a.iter().find(|id| b.contains(id)).map(|id| format!("vendor {id}")),
        _ => Some("all its vendors".to_owned()),
    };
    shared.map(|who| {
        format!(
            "purpose {} is restricted for {who} by {by} already (a vendor has one restriction per purpose)",
            entry.purpose
        )
    })
}

/// Width of NumPubRestrictions and of each restriction's NumEntries.
const COUNT_BITS: u32 = 12;

/// Writes the Publisher Restrictions section: NumPubRestrictions, then per restriction PurposeId (6 bits),
/// RestrictionType (2 bits) and its vendors as a range section (NumEntries, then per entry IsARange,
/// StartOrOnlyVendorId and, for a range, EndVendorId). A range covers only consecutive ids of its vendors: the spec
/// lets it bridge ids the vendor list lacks, which the banner does not know, and a decoder reads both alike.
pub fn write_restrictions(w: &mut BitWriter, restrictions: &[Restriction]) {
    w.push(restrictions.len() as u64, COUNT_BITS);
    for restriction in restrictions {
        w.push(u64::from(restriction.purpose), 6);
        w.push(u64::from(restriction.restriction.number()), 2);
        let mut runs: Vec<(VendorId, VendorId)> = Vec::new();
        for &id in &restriction.vendors {
            match runs.last_mut() {
                Some((_, end)) if end.checked_add(1) == Some(id) => *end = id,
                _ => runs.push((id, id)),
            }
        }
        w.push(runs.len() as u64, COUNT_BITS);
        for (start, end) in runs {
            w.push_bool(start != end);
            w.push(u64::from(start), 16);
            if start != end {
                w.push(u64::from(end), 16);
            }
        }
    }
}

/// The most entries a restriction's range section can count.
pub(crate) const MAX_ENTRIES: usize = (1 << COUNT_BITS) - 1;
