//! Google's Additional Consent (AC) string, version 2 (Google, "Additional Consent Mode technical specification"):
//! consent for Google's ad technology providers (ATPs) that are not in IAB's Global Vendor List, carried beside the TC
//! string (TCData's `addtlConsent`, the `addtl_consent` cookie). Google serves personalised ads through such providers
//! only with it.
//!
//! ```text
//! 2~<consented provider ids, dot-separated>~dv.<disclosed provider ids not consented to, dot-separated>
//! 2~89.1097~dv.      every provider consented to ("Accept all")
//! 2~~dv.89.1097      every provider disclosed, none consented to ("Reject all")
//! ```
//!
//! Ids ascend; a provider consented to is disclosed by being consented to, so it is not repeated after `dv.`. The
//! site owner names the providers in the config's `tcf.google_ad_tech_providers` (ids from Google's published ATP
//! list: the ones the site's ad setup uses), and only those are ever written.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::field_error::{self, FieldError};

/// A provider's id in Google's Ad Tech Providers list.
pub type AtpId = u32;

/// The AC string's specification version this writes.
pub const AC_STRING_VERSION: u8 = 2;

/// One of Google's ad technology providers, as the config names it.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "GoogleAdTechProvider"))]
#[serde(deny_unknown_fields)]
pub struct ProviderWire {
    /// Its id in Google's Ad Tech Providers list (a positive integer).
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    id: i64,
    /// Its name, as the vendor layer shows it.
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    name: String,
    /// Its privacy policy (https).
    #[cfg_attr(feature = "schema", schemars(regex(pattern = r"^https://")))]
    privacy_url: String,
}

/// A checked provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoogleAdTechProvider {
    /// Its id in Google's list.
    pub id: AtpId,
    /// Its name.
    pub name: String,
    /// Its privacy policy, an https URL.
    pub privacy_url: String,
}

/// Checks the config's `tcf.google_ad_tech_providers`, adding each problem to `problems` with its path
/// (`tcf.google_ad_tech_providers[1].privacy_url`).
pub fn check_providers(wire: Vec<ProviderWire>, problems: &mut Vec<FieldError>) -> Vec<GoogleAdTechProvider> {
    let mut seen = BTreeSet::new();
    let mut providers = Vec::with_capacity(wire.len());
    for (index, provider) in wire.into_iter().enumerate() {
        let path = |field: &str| format!("tcf.google_ad_tech_providers[{index}].{field}");
        let before = problems.len();
        let id = match AtpId::try_from(provider.id) {
            Ok(id) if id > 0 && seen.insert(id) => id,
            Ok(id) if id > 0 => {
                problems.push(FieldError::new(path("id"), format!("{id} is listed twice")));
                0
            }
            _ => {
                let why = format!("{} is not a Google Ad Tech Provider id (a positive integer)", provider.id);
                problems.push(FieldError::new(path("id"), why));
                0
            }
        };
        let name = provider.name.trim().to_owned();
        if name.is_empty() {
            problems.push(FieldError::new(path("name"), "must name the provider, as the vendor layer shows it"));
        }
        if !is_https_url(&provider.privacy_url) {
            let why = format!("'{}' is not an https:// URL of the provider's privacy policy", provider.privacy_url);
            problems.push(FieldError::new(path("privacy_url"), why));
        }
        if problems.len() == before {
            providers.push(GoogleAdTechProvider { id, name, privacy_url: provider.privacy_url });
        }
    }
    providers
}

fn is_https_url(url: &str) -> bool {
    let rest = url.get(..8).filter(|scheme| scheme.eq_ignore_ascii_case("https://")).map(|_| &url[8..]);
    rest.is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/') && !rest.contains(char::is_whitespace))
}

/// Why a custom choice of providers cannot be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AcChoiceError {
    /// The choice names providers the site does not disclose.
    #[error("the choice names what the site does not ask: {}", field_error::join(.0))]
    NotAsked(Vec<FieldError>),
}

/// The AC string for a visitor who consented to `consented` of the site's `providers`.
fn ac_string(providers: &[GoogleAdTechProvider], consented: &BTreeSet<AtpId>) -> String {
    let disclosed: BTreeSet<AtpId> = providers.iter().map(|p| p.id).filter(|id| !consented.contains(id)).collect();
    let dotted = |ids: &BTreeSet<AtpId>| ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(".");
    format!("{AC_STRING_VERSION}~{}~dv.{}", dotted(consented), dotted(&disclosed))
}

/// "Accept all": every provider consented to.
pub fn accept_all(providers: &[GoogleAdTechProvider]) -> String {
    ac_string(providers, &providers.iter().map(|p| p.id).collect())
}

/// "Reject all": every provider disclosed, none consented to.
pub fn reject_all(providers: &[GoogleAdTechProvider]) -> String {
    ac_string(providers, &BTreeSet::new())
}

/// A choice made provider by provider: `consented` must name only providers the site discloses.
pub fn custom(providers: &[GoogleAdTechProvider], consented: &BTreeSet<AtpId>) -> Result<String, AcChoiceError> {
    let problems: Vec<FieldError> = consented
        .iter()
        .filter(|id| !providers.iter().any(|p| p.id == **id))
        .map(|id| {
            FieldError::new("google_ad_tech_providers", format!("provider {id} is not one the site's config names"))
        })
        .collect();
    if problems.is_empty() {
        Ok(ac_string(providers, consented))
    } else {
        Err(AcChoiceError::NotAsked(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn accept_all_consents_to_every_provider_in_ascending_order() {
        assert_eq!(accept_all(&providers(&[1097, 89, 2316])), "2~89.1097.2316~dv.");
    }

    #[test]
    fn reject_all_discloses_every_provider_and_consents_to_none() {
        assert_eq!(reject_all(&providers(&[1097, 89])), "2~~dv.89.1097");
    }

    #[test]
    fn a_custom_choice_consents_to_the_chosen_and_discloses_the_rest() {
        let chosen = BTreeSet::from([1097]);
        assert_eq!(custom(&providers(&[89, 1097, 2316]), &chosen).unwrap(), "2~1097~dv.89.2316");
        assert_eq!(custom(&providers(&[89]), &BTreeSet::new()).unwrap(), "2~~dv.89");
    }

    #[test]
    fn a_custom_choice_of_a_provider_the_site_does_not_name_is_refused() {
        let error = custom(&providers(&[89]), &BTreeSet::from([89, 7])).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the choice names what the site does not ask: google_ad_tech_providers: provider 7 is not one the site's \
             config names"
        );
    }

    fn wire(json: &str) -> Vec<ProviderWire> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn each_bad_provider_field_is_named() {
        let mut problems = Vec::new();
        let checked = check_providers(
            wire(
                r#"[{"id": 89, "name": "Tiller", "privacy_url": "https://tiller.example/privacy"},
                    {"id": 89, "name": "Again", "privacy_url": "https://again.example/"},
                    {"id": 0, "name": " ", "privacy_url": "http://plain.example/"},
                    {"id": -3, "name": "N", "privacy_url": "https:///nohost"}]"#,
            ),
            &mut problems,
        );
        assert_eq!(checked.iter().map(|p| p.id).collect::<Vec<_>>(), [89]);
        let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "tcf.google_ad_tech_providers[1].id: 89 is listed twice",
                "tcf.google_ad_tech_providers[2].id: 0 is not a Google Ad Tech Provider id (a positive integer)",
                "tcf.google_ad_tech_providers[2].name: must name the provider, as the vendor layer shows it",
                "tcf.google_ad_tech_providers[2].privacy_url: 'http://plain.example/' is not an https:// URL of the \
                 provider's privacy policy",
                "tcf.google_ad_tech_providers[3].id: -3 is not a Google Ad Tech Provider id (a positive integer)",
                "tcf.google_ad_tech_providers[3].privacy_url: 'https:///nohost' is not an https:// URL of the \
                 provider's privacy policy",
            ]
        );
    }

    #[test]
    fn an_unknown_field_is_refused() {
        let error = serde_json::from_str::<Vec<ProviderWire>>(
            r#"[{"id": 1, "name": "N", "privacy_url": "https://a.b", "url": "x"}]"#,
        )
        .unwrap_err();
        assert!(error.to_string().contains("unknown field `url`"), "{error}");
    }
}
