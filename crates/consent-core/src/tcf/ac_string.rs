//! Reading an Additional Consent string back (the format [`super::additional_consent`] writes): the endpoint checks the
//! one a record carries, and the banner starts the preferences' provider switches from the visitor's standing one.
//!
//! Only version 2 is read (`2~<consented>~dv.<disclosed>`): it is what this banner writes, and a version 1 string
//! (`1~<consented>`) says nothing about which providers were disclosed.

use std::collections::BTreeSet;

use super::additional_consent::{AtpId, GoogleAdTechProvider, AC_STRING_VERSION};

/// The longest AC string taken: every one of Google's roughly 1,000 ad tech providers, each a 1 to 5 digit id and a
/// dot, is about 6,000 characters.
pub const MAX_AC_STRING_LEN: usize = 10_000;

/// What an AC string says: the providers consented to, and those only disclosed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AcString {
    /// The providers the visitor consented to (disclosed too, by being named).
    pub consented: BTreeSet<AtpId>,
    /// The providers disclosed to the visitor and not consented to.
    pub disclosed: BTreeSet<AtpId>,
}

/// Why a text is not a version 2 AC string.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AcStringError {
    /// Longer than [`MAX_AC_STRING_LEN`].
    #[error("is longer than {MAX_AC_STRING_LEN} characters")]
    TooLong,
    /// Not the three parts `2~…~dv.…`.
    #[error("is not an AC string of the form '2~<consented ids>~dv.<disclosed ids>'")]
    Shape,
    /// Another version of the specification.
    #[error("is AC string version '{0}'; only version 2 is taken")]
    Version(String),
    /// An id that is not a positive integer.
    #[error("'{0}' is not a Google Ad Tech Provider id (a positive integer)")]
    Id(String),
    /// The same provider named twice.
    #[error("names provider {0} twice")]
    Twice(AtpId),
}

impl AcString {
    /// Reads `text`, a version 2 AC string.
    pub fn parse(text: &str) -> Result<Self, AcStringError> {
        if text.len() > MAX_AC_STRING_LEN {
            return Err(AcStringError::TooLong);
        }
        let mut parts = text.split('~');
        let (Some(version), Some(consented), Some(disclosed), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(AcStringError::Shape);
        };
        if version != AC_STRING_VERSION.to_string() {
            return Err(AcStringError::Version(version.chars().take(8).collect()));
        }
        let disclosed = disclosed.strip_prefix("dv.").ok_or(AcStringError::Shape)?;
        let mut seen = BTreeSet::new();
        let consented = ids(consented, &mut seen)?;
        let disclosed = ids(disclosed, &mut seen)?;
        Ok(AcString { consented, disclosed })
    }

    /// The ids named that are not among `providers` (the site's config): the consented ones, then the disclosed ones.
    pub fn unknown_to(&self, providers: &[GoogleAdTechProvider]) -> Vec<AtpId> {
        self.consented
            .iter()
            .chain(&self.disclosed)
            .filter(|id| !providers.iter().any(|p| p.id == **id))
            .copied()
            .collect()
    }
}

/// The dot-separated ids of one part (empty for none), each added to `seen`.
fn ids(part: &str, seen: &mut BTreeSet<AtpId>) -> Result<BTreeSet<AtpId>, AcStringError> {
    let mut set = BTreeSet::new();
    for text in part.split('.').filter(|_| !part.is_empty()) {
        // `parse` takes a leading '+', which no AC string writes.
        let id = Some(text)
            .filter(|t| t.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|t| t.parse::<AtpId>().ok())
            .filter(|&id| id > 0)
            .ok_or_else(|| AcStringError::Id(text.chars().take(12).collect()))?;
        if !seen.insert(id) {
            return Err(AcStringError::Twice(id));
        }
        set.insert(id);
    }
    Ok(set)
}

/// Where the preferences' provider switches start: the providers of `providers` the visitor's standing AC string
/// (`stored`, the `addtl_consent` cookie) consents to; none when there is no readable one (consent is never
/// pre-ticked).
pub fn preferences_start(providers: &[GoogleAdTechProvider], stored: Option<&str>) -> BTreeSet<AtpId> {
    let consented = stored.and_then(|text| AcString::parse(text).ok()).map(|ac| ac.consented).unwrap_or_default();
    providers.iter().map(|p| p.id).filter(|id| consented.contains(id)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tcf::additional_consent;

    fn providers(ids: &[AtpId]) -> Vec<GoogleAdTechProvider> {
        ids.iter()
            .map(|&id| GoogleAdTechProvider {
                id,
                name: format!("Provider {id}"),
                privacy_url: format!("https://provider{id}.example/privacy"),
            })
            .collect()
    }

    #[test]
    fn every_string_the_banner_writes_reads_back_as_the_choice() {
        let all = providers(&[89, 1097, 2316]);
        let chosen = BTreeSet::from([1097]);
        for (text, consented) in [
            (additional_consent::accept_all(&all), BTreeSet::from([89, 1097, 2316])),
            (additional_consent::reject_all(&all), BTreeSet::new()),
            (additional_consent::custom(&all, &chosen).unwrap(), chosen.clone()),
        ] {
            let read = AcString::parse(&text).unwrap();
            assert_eq!(read.consented, consented, "{text}");
            assert_eq!(read.consented.union(&read.disclosed).count(), 3, "{text}: every provider disclosed");
        }
    }

    #[test]
    fn the_specifications_example_reads() {
        let read = AcString::parse("2~1.35.41.101~dv.9.21.81").unwrap();
        assert_eq!(read.consented, [1, 35, 41, 101].into());
        assert_eq!(read.disclosed, [9, 21, 81].into());
        assert_eq!(AcString::parse("2~~dv.").unwrap(), AcString::default());
    }

    #[test]
    fn what_is_not_a_version_2_string_is_refused_saying_why() {
        let refused = |text: &str| AcString::parse(text).unwrap_err().to_string();
        assert_eq!(refused("1~89.1097"), "is not an AC string of the form '2~<consented ids>~dv.<disclosed ids>'");
        assert_eq!(refused("3~89~dv."), "is AC string version '3'; only version 2 is taken");
        assert_eq!(refused("2~89~1097"), "is not an AC string of the form '2~<consented ids>~dv.<disclosed ids>'");
        assert_eq!(refused("2~89~dv.1097~x"), "is not an AC string of the form '2~<consented ids>~dv.<disclosed ids>'");
        assert_eq!(refused("2~89..1097~dv."), "'' is not a Google Ad Tech Provider id (a positive integer)");
        assert_eq!(refused("2~+89~dv."), "'+89' is not a Google Ad Tech Provider id (a positive integer)");
        assert_eq!(refused("2~0~dv."), "'0' is not a Google Ad Tech Provider id (a positive integer)");
        assert_eq!(refused("2~89~dv.89"), "names provider 89 twice");
        assert_eq!(refused(&format!("2~~dv.{}", "1.".repeat(5_000))), "is longer than 10000 characters");
    }

    #[test]
    fn ids_the_config_does_not_name_are_found() {
        let read = AcString::parse("2~7.89~dv.1097.4").unwrap();
        assert_eq!(read.unknown_to(&providers(&[89, 1097])), [7, 4]);
    }

    #[test]
    fn the_switches_start_from_the_standing_string_kept_to_the_sites_providers() {
        let site = providers(&[89, 1097]);
        assert_eq!(preferences_start(&site, Some("2~89.555~dv.1097")), [89].into());
        assert_eq!(preferences_start(&site, Some("2~89.1097~dv.")), [89, 1097].into());
        assert!(preferences_start(&site, Some("garbage")).is_empty(), "an unreadable cookie consents to nothing");
        assert!(preferences_start(&site, None).is_empty(), "nothing pre-ticked");
    }
}
