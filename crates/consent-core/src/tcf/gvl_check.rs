//! The rules a vendor list must keep for the TC strings written from it to mean what they say: versions and ids that
//! fit the string's bit widths, and vendors and stacks that only name what the list defines (spec: "Example Global
//! Vendor List JSON Object", its "Constraints").

use std::collections::BTreeMap;

use super::gvl::{Gvl, Vendor};
use crate::field_error::FieldError;

/// The highest purpose id: PurposesConsent and PurposesLITransparency are 24 bits.
pub const MAX_PURPOSE_ID: u8 = 24;
/// The highest special feature id: SpecialFeatureOptIns is 12 bits.
pub const MAX_SPECIAL_FEATURE_ID: u8 = 12;

/// Adds every rule the list breaks to `problems`.
pub(super) fn check(gvl: &Gvl, problems: &mut Vec<FieldError>) {
    if gvl.gvl_specification_version != 3 {
        problems.push(FieldError::new(
            "gvlSpecificationVersion",
            format!(
                "{} is not supported: use the v3 list (vendor-list.consensu.org/v3/)",
                gvl.gvl_specification_version
            ),
        ));
    }
    if !(1..=4095).contains(&gvl.vendor_list_version) {
        problems.push(FieldError::new("vendorListVersion", "must be 1 to 4095 (12 bits in the TC string)"));
    }
    if !(1..=63).contains(&gvl.tcf_policy_version) {
        problems.push(FieldError::new("tcfPolicyVersion", "must be 1 to 63 (6 bits in the TC string)"));
    }
    for &id in gvl.purposes.keys().filter(|&&id| id == 0 || id > MAX_PURPOSE_ID) {
        problems.push(FieldError::new(format!("purposes.{id}"), format!("a purpose id is 1 to {MAX_PURPOSE_ID}")));
    }
    for &id in gvl.special_features.keys().filter(|&&id| id == 0 || id > MAX_SPECIAL_FEATURE_ID) {
        problems.push(FieldError::new(
            format!("specialFeatures.{id}"),
            format!("a special feature id is 1 to {MAX_SPECIAL_FEATURE_ID}"),
        ));
    }
    for (id, stack) in &gvl.stacks {
        let path = |field: &str| format!("stacks.{id}.{field}");
        unknown(&stack.purposes, &gvl.purposes, &path("purposes"), problems);
        unknown(&stack.special_features, &gvl.special_features, &path("specialFeatures"), problems);
    }
    for (id, vendor) in &gvl.vendors {
        if *id == 0 {
            problems.push(FieldError::new("vendors.0", "a vendor id is 1 or more"));
        }
        check_vendor(gvl, vendor, problems);
    }
}

fn check_vendor(gvl: &Gvl, vendor: &Vendor, problems: &mut Vec<FieldError>) {
    let path = |field: &str| format!("vendors.{}.{field}", vendor.id);
    unknown(&vendor.purposes, &gvl.purposes, &path("purposes"), problems);
    unknown(&vendor.leg_int_purposes, &gvl.purposes, &path("legIntPurposes"), problems);
    unknown(&vendor.flexible_purposes, &gvl.purposes, &path("flexiblePurposes"), problems);
    unknown(&vendor.special_purposes, &gvl.special_purposes, &path("specialPurposes"), problems);
    unknown(&vendor.features, &gvl.features, &path("features"), problems);
    unknown(&vendor.special_features, &gvl.special_features, &path("specialFeatures"), problems);
    for purpose in vendor.purposes.iter().filter(|p| vendor.leg_int_purposes.contains(p)) {
        problems.push(FieldError::new(
            path("legIntPurposes"),
            format!("purpose {purpose} is also in purposes: a purpose has one default legal basis"),
        ));
    }
    for purpose in
        vendor.flexible_purposes.iter().filter(|p| !vendor.purposes.contains(p) && !vendor.leg_int_purposes.contains(p))
    {
        problems.push(FieldError::new(
            path("flexiblePurposes"),
            format!("purpose {purpose} is in neither purposes nor legIntPurposes"),
        ));
    }
}

/// Reports each id in `ids` that `defined` lacks.
fn unknown<T>(ids: &[u8], defined: &BTreeMap<u8, T>, path: &str, problems: &mut Vec<FieldError>) {
    for id in ids.iter().filter(|id| !defined.contains_key(id)) {
        problems.push(FieldError::new(path, format!("{id} is not defined in the list")));
    }
}
