//! What an answer given in the banner means for the site's vendors, and the TC string that records it: the banner
//! (`src/tcf.rs`) calls [`tc_string_for_answer`] for every choice made in it, so that the `euconsent-v2` cookie and
//! the record say what the visitor chose there, not what they chose before.
//!
//! - "Accept all" and "Reject all", on the first layer or in the preferences, mean [`TcfChoice::accept_all`] and
//!   [`TcfChoice::reject_all`];
//! - "Save" in the preferences means the preferences' own TCF toggles, checked by [`TcfChoice::custom`];
//! - a placeholder's "Always allow" grants a site category and changes nothing for the vendors: the visitor's standing
//!   TC string is kept as it is ([`keeps_standing_tc_string`]);
//! - an answer given elsewhere (the page's JS API, Global Privacy Control) was not given where the vendors are
//!   disclosed, so it writes no TC string: the boot loader then deletes the one it has (no signal, no consent for any
//!   vendor: fail closed).

use std::collections::BTreeSet;

use super::additional_consent::{self, AtpId, GoogleAdTechProvider};
use super::choice::TcfChoice;
use super::decode::DecodedTcString;
use super::inserted;
use super::tc_string::{encode_tc_string, ConsentLanguage, ConsentScreen, TcStringContext};
use super::terms::{LegitimateInterest, TcTerms};
use crate::choice::{Choice, UiLayer};
use crate::language::LanguageTag;

/// Whether an answer given on `layer` leaves the visitor's TCF choice as it stands, so that its record and event carry
/// the standing TC string unchanged: only a placeholder's "Always allow", which grants one site category and can only
/// add to what the visitor allowed.
pub fn keeps_standing_tc_string(layer: UiLayer) -> bool {
    layer == UiLayer::Placeholder
}

/// Google's Additional Consent string of `choice` answered on `layer`, for a site naming `providers` (`None` when it
/// names none, and for an answer given elsewhere than the banner's layers, as for the TC string). A custom choice
/// saved in the preferences consents to the providers whose switches are on (`chosen`), and discloses the rest; one
/// naming a provider the site does not name writes none (fail closed).
pub fn ac_string_for_answer(
    providers: &[GoogleAdTechProvider],
    choice: &Choice,
    layer: UiLayer,
    chosen: &BTreeSet<AtpId>,
) -> Option<String> {
    if providers.is_empty() || !matches!(layer, UiLayer::FirstLayer | UiLayer::Preferences) {
        return None;
    }
    match choice {
        Choice::AcceptAll => Some(additional_consent::accept_all(providers)),
        Choice::RejectAll => Some(additional_consent::reject_all(providers)),
        Choice::Custom(_) if layer == UiLayer::Preferences => additional_consent::custom(providers, chosen).ok(),
        Choice::Custom(_) => None,
    }
}

/// Where in the banner an answer was given, as far as the TC string's ConsentScreen is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answered {
    /// The layer of the button.
    pub layer: UiLayer,
    /// Whether the visitor chose vendor by vendor (in the vendor list) rather than only by purpose.
    pub by_vendor: bool,
}

/// The TC string of `choice`, answered as `answered`, on a site with `terms`; `chosen` is what the preferences' TCF
/// toggles hold (used only for a custom choice saved in the preferences). `None` when the answer makes no TCF choice
/// (see the module's doc), when the toggles name what the site does not ask, or when `language` has no two-letter
/// code for ConsentLanguage: the banner then writes no TC string, and the vendors get no consent.
pub fn tc_string_for_answer(
    terms: &TcTerms,
    choice: &Choice,
    answered: Answered,
    chosen: &TcfChoice,
    language: &LanguageTag,
    now_unix_seconds: u64,
) -> Option<String> {
    let (tcf_choice, consent_screen) = match (choice, answered.layer) {
        (Choice::AcceptAll, UiLayer::FirstLayer) => (TcfChoice::accept_all(terms), ConsentScreen::FIRST_LAYER),
        (Choice::RejectAll, UiLayer::FirstLayer) => (TcfChoice::reject_all(terms), ConsentScreen::FIRST_LAYER),
        (Choice::AcceptAll, UiLayer::Preferences) => (TcfChoice::accept_all(terms), ConsentScreen::PREFERENCES),
        (Choice::RejectAll, UiLayer::Preferences) => (TcfChoice::reject_all(terms), ConsentScreen::PREFERENCES),
        (Choice::Custom(_), UiLayer::Preferences) => {
            let screen = if answered.by_vendor { ConsentScreen::VENDORS } else { ConsentScreen::PREFERENCES };
            (TcfChoice::custom(terms, chosen.clone()).ok()?, screen)
        }
        _ => return None,
    };
    let context = TcStringContext {
        updated_at_unix_seconds: now_unix_seconds,
        consent_screen,
        consent_language: ConsentLanguage::try_from(language).ok()?,
        use_non_standard_texts: false,
    };
    Some(encode_tc_string(terms, &tcf_choice, &context))
}

impl TcfChoice {
    /// Where the preferences' TCF toggles start: the visitor's standing TC string (`stored`, decoded from the
    /// cookie), kept to what the site still asks, when it was written for this site's vendor list; else nothing
    /// consented to and no objection raised — consent is never pre-ticked, and a legitimate interest stands until the
    /// visitor objects to it (the right to object is theirs to use).
    pub fn preferences_start(terms: &TcTerms, stored: Option<&DecodedTcString>) -> Self {
        let start = TcfChoice {
            purposes_legitimate_interest: terms.legitimate_interest_purposes.clone(),
            vendors_legitimate_interest: inserted(
                terms.vendors.iter().filter(|v| v.legitimate_interest != LegitimateInterest::None).map(|v| v.id),
            ),
            ..TcfChoice::default()
        };
        let Some(stored) =
            stored.filter(|s| s.cmp_id == terms.cmp_id && s.vendor_list_version == terms.vendor_list_version)
        else {
            return start;
        };
        let asked = TcfChoice::accept_all(terms);
        let keep = |had: &BTreeSet<u8>, asked: &BTreeSet<u8>| inserted(had.intersection(asked).copied());
        let keep_vendors = |had: &BTreeSet<u16>, asked: &BTreeSet<u16>| inserted(had.intersection(asked).copied());
        TcfChoice {
            purposes_consent: keep(&stored.purposes_consent, &asked.purposes_consent),
            purposes_legitimate_interest: keep(
                &stored.purposes_legitimate_interest,
                &asked.purposes_legitimate_interest,
            ),
            vendors_consent: keep_vendors(&stored.vendors_consent, &asked.vendors_consent),
            vendors_legitimate_interest: keep_vendors(
                &stored.vendors_legitimate_interest,
                &asked.vendors_legitimate_interest,
            ),
            special_features: keep(&stored.special_features, &asked.special_features),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tcf::{decode_tc_string, Disclosure, Gvl};
    use crate::SiteConfig;

    fn terms() -> TcTerms {
        let gvl = Gvl::from_json(include_str!("../../tests/fixtures/vendor-list.json")).unwrap();
        let config = SiteConfig::from_json(
            r#"{"site": "news", "revision": 1, "categories": [{"id": "necessary", "title": "N", "required": true}],
                "tcf": {"cmp_id": 300, "cmp_version": 2, "vendors": [1, 2, 8]}}"#,
        )
        .unwrap();
        Disclosure::new(config.tcf.as_ref().unwrap(), &gvl).unwrap().terms()
    }

    fn string(choice: &Choice, layer: UiLayer, by_vendor: bool, chosen: &TcfChoice) -> Option<DecodedTcString> {
        let german = LanguageTag::try_from("de-AT").unwrap();
        let text =
            tc_string_for_answer(&terms(), choice, Answered { layer, by_vendor }, chosen, &german, 1_796_527_200)?;
        Some(decode_tc_string(&text).unwrap())
    }

    #[test]
    fn accept_and_reject_mean_the_same_on_both_layers_and_name_the_screen() {
        let none = TcfChoice::default();
        let first = string(&Choice::AcceptAll, UiLayer::FirstLayer, false, &none).unwrap();
        let preferences = string(&Choice::AcceptAll, UiLayer::Preferences, false, &none).unwrap();
        assert_eq!((first.consent_screen, preferences.consent_screen), (1, 2));
        assert_eq!(first.vendors_consent, preferences.vendors_consent);
        assert_eq!(first.consent_language, "DE");
        let reject = string(&Choice::RejectAll, UiLayer::Preferences, false, &none).unwrap();
        assert!(reject.vendors_consent.is_empty() && reject.purposes_consent.is_empty(), "{reject:?}");
    }

    #[test]
    fn a_saved_choice_is_the_toggles_and_a_choice_by_vendor_names_the_vendor_screen() {
        let mut chosen = TcfChoice::preferences_start(&terms(), None);
        chosen.purposes_consent.insert(1);
        chosen.vendors_consent.insert(2);
        chosen.vendors_legitimate_interest.remove(&2);
        let saved = string(&Choice::Custom(Default::default()), UiLayer::Preferences, true, &chosen).unwrap();
        assert_eq!(saved.consent_screen, 3);
        assert_eq!(saved.purposes_consent, [1].into());
        assert_eq!(saved.vendors_consent, [2].into());
        assert_eq!(saved.vendors_legitimate_interest, [8].into(), "2 objected to; 8 has nothing to object to");
    }

    #[test]
    fn answers_given_elsewhere_or_naming_what_is_not_asked_write_no_string() {
        let none = TcfChoice::default();
        assert_eq!(string(&Choice::AcceptAll, UiLayer::Api, false, &none), None);
        assert_eq!(string(&Choice::Custom(Default::default()), UiLayer::Placeholder, false, &none), None);
        assert!(keeps_standing_tc_string(UiLayer::Placeholder) && !keeps_standing_tc_string(UiLayer::Api));
        let unasked = TcfChoice { vendors_consent: [12].into(), ..none };
        assert_eq!(string(&Choice::Custom(Default::default()), UiLayer::Preferences, false, &unasked), None);
    }

    #[test]
    fn the_ac_string_goes_with_each_answer_given_in_the_banner() {
        let providers: Vec<GoogleAdTechProvider> = serde_json::from_value(serde_json::json!([
            {"id": 89, "name": "A", "privacy_url": "https://a.example/p"},
            {"id": 1097, "name": "B", "privacy_url": "https://b.example/p"}
        ]))
        .unwrap();
        let (custom, none) = (Choice::Custom(Default::default()), BTreeSet::new());
        let answer = |choice: &Choice, layer: UiLayer, chosen: &BTreeSet<AtpId>| {
            ac_string_for_answer(&providers, choice, layer, chosen)
        };
        assert_eq!(answer(&Choice::AcceptAll, UiLayer::FirstLayer, &none).unwrap(), "2~89.1097~dv.");
        assert_eq!(answer(&Choice::RejectAll, UiLayer::Preferences, &[89].into()).unwrap(), "2~~dv.89.1097");
        assert_eq!(answer(&custom, UiLayer::Preferences, &none).unwrap(), "2~~dv.89.1097");
        assert_eq!(answer(&custom, UiLayer::Preferences, &[1097].into()).unwrap(), "2~1097~dv.89");
        assert_eq!(answer(&custom, UiLayer::Preferences, &[7].into()), None, "a provider the site does not name");
        assert_eq!(answer(&Choice::AcceptAll, UiLayer::Api, &none), None);
        assert_eq!(ac_string_for_answer(&[], &Choice::AcceptAll, UiLayer::FirstLayer, &none), None);
    }

    #[test]
    fn the_toggles_start_from_the_standing_string_of_this_list_only() {
        let terms = terms();
        let fresh = TcfChoice::preferences_start(&terms, None);
        assert!(fresh.purposes_consent.is_empty() && fresh.vendors_consent.is_empty());
        assert_eq!(fresh.vendors_legitimate_interest, [2, 8].into());
        let german = LanguageTag::try_from("de").unwrap();
        let answered = Answered { layer: UiLayer::FirstLayer, by_vendor: false };
        let accepted = tc_string_for_answer(&terms, &Choice::AcceptAll, answered, &fresh, &german, 0).unwrap();
        let mut stored = decode_tc_string(&accepted).unwrap();
        assert_eq!(TcfChoice::preferences_start(&terms, Some(&stored)), TcfChoice::accept_all(&terms));
        stored.vendor_list_version = 141;
        assert_eq!(TcfChoice::preferences_start(&terms, Some(&stored)), fresh, "another list: another disclosure");
    }
}
