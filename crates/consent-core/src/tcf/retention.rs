//! How long a vendor keeps data for each thing it does. A vendor of the Global Vendor List (v3) declares a standard
//! period (`stdRetention`) and, per purpose and per special purpose, a period where it differs (`dataRetention`'s
//! `purposes` and `specialPurposes`). The vendor layer shows the standard period and, beside it, each purpose whose
//! period differs ("Measure content performance: 30 days").
//!
//! The list's maps may name purposes the vendor does not declare, or repeat the standard period: neither tells the
//! visitor anything, so [`DataRetention::for_vendor`] keeps only the periods that differ, for what the vendor does,
//! when the endpoint draws up the vendor layer; [`DataRetention::exceptions`] lists them for the banner.

use std::collections::BTreeMap;

use super::gvl::{DataRetention, PurposeId, Vendor};

/// What a period other than the standard one applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetentionOf {
    /// A purpose (its id).
    Purpose(PurposeId),
    /// A special purpose (its id).
    SpecialPurpose(u8),
}

/// A period, in days, that differs from the vendor's standard one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionException {
    /// What it applies to.
    pub of: RetentionOf,
    /// How long, in days.
    pub days: u32,
}

impl DataRetention {
    /// The periods of `vendor`'s own purposes (consent or legitimate interest) and special purposes that differ from
    /// its standard period; the standard period as it is.
    pub fn for_vendor(&self, vendor: &Vendor) -> DataRetention {
        let keep = |periods: &BTreeMap<u8, u32>, declared: &dyn Fn(u8) -> bool| {
            periods
                .iter()
                .filter(|&(&id, &days)| declared(id) && Some(days) != self.std_retention)
                .map(|(&id, &days)| (id, days))
                .collect()
        };
        let purpose = |id| vendor.purposes.contains(&id) || vendor.leg_int_purposes.contains(&id);
        let special_purpose = |id| vendor.special_purposes.contains(&id);
        DataRetention {
            std_retention: self.std_retention,
            purposes: keep(&self.purposes, &purpose),
            special_purposes: keep(&self.special_purposes, &special_purpose),
        }
    }

    /// The periods that differ from the standard one: purposes first, then special purposes, each by ascending id.
    pub fn exceptions(&self) -> Vec<RetentionException> {
        let differs = |days: &u32| Some(*days) != self.std_retention;
        let purposes = self.purposes.iter().filter(|(_, days)| differs(days));
        let special = self.special_purposes.iter().filter(|(_, days)| differs(days));
        purposes
            .map(|(&id, &days)| RetentionException { of: RetentionOf::Purpose(id), days })
            .chain(special.map(|(&id, &days)| RetentionException { of: RetentionOf::SpecialPurpose(id), days }))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vendor(purposes: &[u8], leg_int: &[u8], special: &[u8]) -> Vendor {
        serde_json::from_value(serde_json::json!({
            "id": 9, "name": "Retention Fixture", "purposes": purposes, "legIntPurposes": leg_int,
            "specialPurposes": special, "usesCookies": false, "usesNonCookieAccess": false
        }))
        .unwrap()
    }

    fn retention(json: serde_json::Value) -> DataRetention {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn only_periods_that_differ_for_what_the_vendor_does_are_kept() {
        let declared = retention(serde_json::json!({
            "stdRetention": 365,
            // 1 repeats the standard period, 8 is a purpose the vendor does not declare.
            "purposes": {"1": 365, "3": 90, "7": 30, "8": 10},
            "specialPurposes": {"1": 30, "2": 365, "3": 5}
        }));
        let kept = declared.for_vendor(&vendor(&[1, 3], &[7], &[1, 2]));
        assert_eq!(kept.std_retention, Some(365));
        assert_eq!(kept.purposes, BTreeMap::from([(3, 90), (7, 30)]));
        assert_eq!(kept.special_purposes, BTreeMap::from([(1, 30)]));
    }

    #[test]
    fn exceptions_list_purposes_then_special_purposes() {
        let declared = retention(
            serde_json::json!({"stdRetention": 365, "purposes": {"7": 30, "3": 90, "1": 365}, "specialPurposes": {"1": 30}}),
        );
        let of = |e: &RetentionException| (e.of, e.days);
        assert_eq!(
            declared.exceptions().iter().map(of).collect::<Vec<_>>(),
            [(RetentionOf::Purpose(3), 90), (RetentionOf::Purpose(7), 30), (RetentionOf::SpecialPurpose(1), 30)]
        );
    }

    #[test]
    fn without_a_standard_period_every_declared_period_is_an_exception() {
        let declared = retention(serde_json::json!({"purposes": {"1": 14}}));
        assert_eq!(declared.exceptions(), [RetentionException { of: RetentionOf::Purpose(1), days: 14 }]);
        assert_eq!(declared.for_vendor(&vendor(&[1], &[], &[])).purposes, BTreeMap::from([(1, 14)]));
    }
}
