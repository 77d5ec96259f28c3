//! What publisher restrictions do to the site's vendors, once their declarations are known: the vendors each
//! restriction applies to, and each vendor's declarations as the site lets it use them. Everything the banner
//! discloses and asks follows from those ([`super::Disclosure`]), so a purpose a vendor may not use is neither shown
//! in its row nor asked for it, and a purpose no vendor may use any more is not stated at all.
//!
//! The rules are the spec's ("Publisher Restrictions"; IAB's library keeps a restriction only where they hold):
//! - `not_allowed` applies to a vendor that uses the purpose, on consent or on legitimate interest, and takes it away;
//! - `require_consent` applies to a vendor that declares the purpose flexible and on legitimate interest, and moves it
//!   to consent: the vendor's consent is asked for it, and no legitimate interest is claimed for it;
//! - `require_li` applies to a vendor that declares the purpose flexible and on consent, and moves it to legitimate
//!   interest (never for purpose 1, nor 3 to 6: the config check refuses those).
//!
//! A vendor the config names where its restriction cannot apply is refused, naming the field: such a restriction
//! would change nothing, which is not what the publisher meant. A vendor left with no purpose and no special purpose
//! is not disclosed at all (its restriction is still written in the TC string, so it knows why).

use super::gvl::{PurposeId, Vendor};
use super::restriction::{Restriction, RestrictionConfig, RestrictionType};
use crate::field_error::FieldError;

/// Whether `restriction` on `purpose` can apply to `vendor` (see the module's doc), and if not, why.
fn applies(vendor: &Vendor, purpose: PurposeId, restriction: RestrictionType) -> Result<(), &'static str> {
    let consent = vendor.purposes.contains(&purpose);
    let interest = vendor.leg_int_purposes.contains(&purpose);
    let flexible = vendor.flexible_purposes.contains(&purpose);
    match restriction {
        RestrictionType::NotAllowed if consent || interest => Ok(()),
        RestrictionType::NotAllowed => Err("does not use it"),
        RestrictionType::RequireConsent if flexible && interest => Ok(()),
        RestrictionType::RequireConsent => Err("does not declare it flexible on legitimate interest"),
        RestrictionType::RequireLi if flexible && consent => Ok(()),
        RestrictionType::RequireLi => Err("does not declare it flexible on consent"),
    }
}

/// The config's restrictions resolved against `vendors` (the site's, as the list declares them): each with the
/// vendors it applies to, ascending. Problems name the config field (`tcf.publisher_restrictions[0].vendors[1]`).
pub fn resolve(config: &[RestrictionConfig], vendors: &[Vendor]) -> Result<Vec<Restriction>, Vec<FieldError>> {
    let mut problems = Vec::new();
    let mut resolved = Vec::with_capacity(config.len());
    for (index, entry) in config.iter().enumerate() {
        let (purpose, restriction) = (entry.purpose, entry.restriction);
        let mut ids: Vec<_> = match &entry.vendors {
            Some(named) => named
                .iter()
                .enumerate()
                .filter(|&(at, id)| {
                    let Some(vendor) = vendors.iter().find(|v| v.id == *id) else { return false };
                    let why = applies(vendor, purpose, restriction).err();
                    if let Some(why) = why {
                        problems.push(FieldError::new(
                            format!("tcf.publisher_restrictions[{index}].vendors[{at}]"),
                            format!(
                                "vendor {id} ({}) {why} for purpose {purpose}: {} changes nothing for it",
                                vendor.name,
                                restriction.name()
                            ),
                        ));
                    }
                    why.is_none()
                })
                .map(|(_, &id)| id)
                .collect(),
            None => vendors.iter().filter(|v| applies(v, purpose, restriction).is_ok()).map(|v| v.id).collect(),
        };
        if ids.is_empty() && entry.vendors.is_none() {
            let what = match restriction {
                RestrictionType::NotAllowed => "uses",
                RestrictionType::RequireConsent => "declares flexible on legitimate interest",
                RestrictionType::RequireLi => "declares flexible on consent",
            };
            problems.push(FieldError::new(
                format!("tcf.publisher_restrictions[{index}]"),
                format!("none of the site's vendors {what} purpose {purpose}: {} changes nothing", restriction.name()),
            ));
        }
        ids.sort_unstable();
        resolved.push(Restriction { purpose, restriction, vendors: ids });
    }
    if problems.is_empty() {
        Ok(resolved)
    } else {
        Err(problems)
    }
}

impl Vendor {
    /// The vendor's declarations as `restrictions` let it use them on this site: purposes not allowed taken away,
    /// flexible purposes moved to the legal basis required (and no longer flexible: the publisher chose).
    pub fn restricted(&self, restrictions: &[Restriction]) -> Vendor {
        let mut vendor = self.clone();
        for r in restrictions.iter().filter(|r| r.applies_to(self.id)) {
            let p = r.purpose;
            let remove = |ids: &mut Vec<PurposeId>| ids.retain(|&id| id != p);
            match r.restriction {
                RestrictionType::NotAllowed => {
                    remove(&mut vendor.purposes);
                    remove(&mut vendor.leg_int_purposes);
                }
                RestrictionType::RequireConsent => {
                    remove(&mut vendor.leg_int_purposes);
                    vendor.purposes.push(p);
                }
                RestrictionType::RequireLi => {
                    remove(&mut vendor.purposes);
                    vendor.leg_int_purposes.push(p);
                }
            }
            remove(&mut vendor.flexible_purposes);
        }
        vendor.purposes.sort_unstable();
        vendor.purposes.dedup();
        vendor.leg_int_purposes.sort_unstable();
        vendor.leg_int_purposes.dedup();
        vendor
    }

    /// Whether the site lets the vendor do anything: use a purpose or a special purpose. One that may not is not
    /// disclosed.
    pub fn does_anything(&self) -> bool {
        !self.purposes.is_empty() || !self.leg_int_purposes.is_empty() || !self.special_purposes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A vendor as the list may declare it.
    fn vendor(id: u16, purposes: &[u8], leg_int: &[u8], flexible: &[u8], special: &[u8]) -> Vendor {
        serde_json::from_value(json!({
            "id": id, "name": format!("Vendor {id}"), "purposes": purposes, "legIntPurposes": leg_int,
            "flexiblePurposes": flexible, "specialPurposes": special, "usesCookies": true, "usesNonCookieAccess": false
        }))
        .unwrap()
    }

    fn config(purpose: u8, restriction: RestrictionType, vendors: Option<&[u16]>) -> RestrictionConfig {
        RestrictionConfig { purpose, restriction, vendors: vendors.map(<[u16]>::to_vec) }
    }

    fn site() -> Vec<Vendor> {
        vec![
            vendor(1, &[1, 3, 4], &[], &[], &[]),
            vendor(2, &[1, 2], &[7], &[2, 7], &[]),
            vendor(3, &[1], &[7, 8], &[7], &[1]),
        ]
    }

    #[test]
    fn without_vendors_a_restriction_applies_to_every_vendor_it_can() {
        let resolved = resolve(
            &[
                config(1, RestrictionType::NotAllowed, None),
                config(7, RestrictionType::RequireConsent, None),
                config(2, RestrictionType::RequireLi, None),
            ],
            &site(),
        )
        .unwrap();
        assert_eq!(
            resolved.iter().map(|r| r.vendors.clone()).collect::<Vec<_>>(),
            [vec![1, 2, 3], vec![2, 3], vec![2]]
        );
    }

    #[test]
    fn a_named_vendor_the_restriction_cannot_apply_to_is_refused_naming_the_field() {
        let problems = resolve(
            &[
                config(8, RestrictionType::NotAllowed, Some(&[3, 1])),
                config(8, RestrictionType::RequireConsent, Some(&[3])),
            ],
            &site(),
        )
        .unwrap_err();
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "tcf.publisher_restrictions[0].vendors[1]: vendor 1 (Vendor 1) does not use it for purpose 8: \
                 not_allowed changes nothing for it",
                "tcf.publisher_restrictions[1].vendors[0]: vendor 3 (Vendor 3) does not declare it flexible on \
                 legitimate interest for purpose 8: require_consent changes nothing for it"
            ]
        );
        let none = resolve(&[config(9, RestrictionType::NotAllowed, None)], &site()).unwrap_err();
        assert_eq!(
            none[0].to_string(),
            "tcf.publisher_restrictions[0]: none of the site's vendors uses purpose 9: not_allowed changes nothing"
        );
    }

    #[test]
    fn restrictions_take_purposes_away_and_move_flexible_ones() {
        let restrictions = resolve(
            &[config(3, RestrictionType::NotAllowed, Some(&[1])), config(7, RestrictionType::RequireConsent, None)],
            &site(),
        )
        .unwrap();
        let [one, two, three]: [Vendor; 3] =
            site().iter().map(|v| v.restricted(&restrictions)).collect::<Vec<_>>().try_into().unwrap();
        assert_eq!(one.purposes, [1, 4]);
        assert_eq!(
            (two.purposes.as_slice(), two.leg_int_purposes.as_slice(), two.flexible_purposes.as_slice()),
            (&[1, 2, 7][..], &[][..], &[2][..])
        );
        assert_eq!((three.purposes.as_slice(), three.leg_int_purposes.as_slice()), (&[1, 7][..], &[8][..]));
        let require_li = resolve(&[config(2, RestrictionType::RequireLi, None)], &site()).unwrap();
        let moved = site()[1].restricted(&require_li);
        assert_eq!((moved.purposes.as_slice(), moved.leg_int_purposes.as_slice()), (&[1][..], &[2, 7][..]));
    }

    #[test]
    fn a_vendor_left_with_nothing_to_do_does_nothing() {
        let only_ads = vendor(9, &[3, 4], &[], &[], &[]);
        let restrictions = resolve(
            &[config(3, RestrictionType::NotAllowed, None), config(4, RestrictionType::NotAllowed, None)],
            std::slice::from_ref(&only_ads),
        )
        .unwrap();
        assert!(only_ads.does_anything());
        assert!(!only_ads.restricted(&restrictions).does_anything());
        assert!(site()[2]
            .restricted(&resolve(&[config(1, RestrictionType::NotAllowed, None)], &site()).unwrap())
            .does_anything());
    }
}
