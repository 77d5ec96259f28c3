//! The TCF logic over the fixture vendor list (`tests/fixtures/vendor-list.json`): vendors 1 (consent only),
//! 2 (consent and legitimate interest, special purposes), 3 (flexible purposes), 4 (a special feature; consent and a
//! special purpose, no legitimate interest purpose), 5 (deleted),
//! 8 (special purposes only), 10 (a special feature, purposes 5 and 6), 12 (not used by the site), 755 (a high id).

use std::collections::BTreeSet;

use proptest::prelude::*;

use super::*;
use crate::config::ConfigError;
use crate::SiteConfig;

const GVL: &str = include_str!("../../tests/fixtures/vendor-list.json");
/// The site's vendors: every kind in the fixture but the deleted and the unused one.
const SITE_VENDORS: &str = "[1, 2, 3, 4, 8, 10, 755]";

fn gvl() -> Gvl {
    Gvl::from_json(GVL).unwrap()
}

fn config_with_tcf(tcf: &str) -> Result<SiteConfig, ConfigError> {
    SiteConfig::from_json(&format!(
        r#"{{"site": "news", "revision": 1, "categories": [{{"id": "necessary", "title": "N", "required": true}}],
            "tcf": {tcf}}}"#
    ))
}

fn disclosure() -> Disclosure {
    let config = config_with_tcf(&format!(r#"{{"cmp_id": 300, "cmp_version": 2, "vendors": {SITE_VENDORS}}}"#));
    Disclosure::new(config.unwrap().tcf.as_ref().unwrap(), &gvl()).unwrap()
}

fn set<T: Ord + Copy>(ids: &[T]) -> BTreeSet<T> {
    ids.iter().copied().collect()
}

fn gvl_problems(edit: impl FnOnce(&mut serde_json::Value)) -> Vec<String> {
    let mut json: serde_json::Value = serde_json::from_str(GVL).unwrap();
    edit(&mut json);
    match Gvl::from_json(&json.to_string()) {
        Err(GvlError::Invalid(list)) => list.iter().map(ToString::to_string).collect(),
        other => panic!("expected problems, got {other:?}"),
    }
}

fn context() -> TcStringContext {
    TcStringContext {
        // 2026-12-06T03:20:00Z
        updated_at_unix_seconds: 1_796_527_200,
        consent_screen: ConsentScreen::FIRST_LAYER,
        consent_language: ConsentLanguage::try_from(&crate::LanguageTag::try_from("fr-CA".to_string()).unwrap())
            .unwrap(),
        use_non_standard_texts: false,
    }
}

#[test]
fn the_fixture_list_reads_with_its_versions_and_deleted_vendor() {
    let gvl = gvl();
    assert_eq!((gvl.vendor_list_version, gvl.tcf_policy_version), (142, 5));
    assert_eq!(gvl.vendors.len(), 9);
    assert!(gvl.vendor(5).unwrap().is_deleted());
    assert_eq!(gvl.vendor(3).unwrap().flexible_purposes, [2, 7]);
    assert_eq!(gvl.vendor(2).unwrap().data_retention.as_ref().unwrap().purposes[&3], 90);
    assert_eq!(gvl.vendor(4).unwrap().cookie_max_age_seconds, None);
}

#[test]
fn a_list_of_another_format_version_is_refused() {
    let found = gvl_problems(|j| j["gvlSpecificationVersion"] = 2.into());
    assert_eq!(found, ["gvlSpecificationVersion: 2 is not supported: use the v3 list (vendor-list.consensu.org/v3/)"]);
}

#[test]
fn a_vendor_naming_an_undefined_purpose_is_named() {
    let found = gvl_problems(|j| j["vendors"]["2"]["legIntPurposes"] = serde_json::json!([7, 30]));
    assert_eq!(found, ["vendors.2.legIntPurposes: 30 is not defined in the list"]);
}

#[test]
fn a_purpose_under_both_legal_bases_is_refused() {
    let found = gvl_problems(|j| j["vendors"]["1"]["legIntPurposes"] = serde_json::json!([9]));
    assert_eq!(
        found,
        ["vendors.1.legIntPurposes: purpose 9 is also in purposes: a purpose has one default legal basis"]
    );
}

#[test]
fn a_flexible_purpose_without_a_basis_is_refused() {
    let found = gvl_problems(|j| j["vendors"]["3"]["flexiblePurposes"] = serde_json::json!([2, 9]));
    assert_eq!(found, ["vendors.3.flexiblePurposes: purpose 9 is in neither purposes nor legIntPurposes"]);
}

#[test]
fn a_vendor_missing_a_required_field_is_named_by_its_key() {
    let found = gvl_problems(|j| {
        j["vendors"]["8"].as_object_mut().unwrap().remove("usesCookies");
    });
    assert_eq!(found, ["vendors.8: missing field `usesCookies`"]);
}

#[test]
fn an_entry_under_another_key_than_its_id_is_refused() {
    let found = gvl_problems(|j| j["vendors"]["10"]["id"] = 11.into());
    assert_eq!(found, ["vendors.10.id: is 11 but the entry is listed under 10"]);
}

#[test]
fn a_version_too_wide_for_the_tc_string_is_refused() {
    let found = gvl_problems(|j| j["vendorListVersion"] = 5000.into());
    assert_eq!(found, ["vendorListVersion: must be 1 to 4095 (12 bits in the TC string)"]);
}

#[test]
fn text_that_is_not_a_vendor_list_is_malformed() {
    assert!(matches!(Gvl::from_json("{\"vendors\": []}"), Err(GvlError::Malformed(_))));
}

#[test]
fn the_tcf_section_is_read_with_its_default_country() {
    let config = config_with_tcf(r#"{"cmp_id": 300, "cmp_version": 2, "vendors": [755, 1]}"#).unwrap();
    let tcf = config.tcf.unwrap();
    assert_eq!((tcf.cmp_id, tcf.cmp_version, tcf.vendors), (300, 2, vec![755, 1]));
    assert_eq!(tcf.publisher_cc, CountryCode::UNKNOWN);
    let config = config_with_tcf(r#"{"cmp_id": 300, "cmp_version": 2, "vendors": [1], "publisher_cc": "fr"}"#);
    assert_eq!(String::from(config.unwrap().tcf.unwrap().publisher_cc), "FR");
}

#[test]
fn a_config_without_tcf_serves_no_tcf_field() {
    let config = crate::config::tests::demo_config();
    assert_eq!(config.tcf, None);
    assert!(!serde_json::to_string(&config).unwrap().contains("tcf"));
}

#[test]
fn the_served_tcf_section_reads_back_as_itself() {
    let config = config_with_tcf(r#"{"cmp_id": 300, "cmp_version": 2, "vendors": [1, 8], "publisher_cc": "DE"}"#);
    let config = config.unwrap();
    let served = serde_json::to_value(&config).unwrap();
    assert_eq!(
        served["tcf"],
        serde_json::json!({"cmp_id": 300, "cmp_version": 2, "vendors": [1, 8], "publisher_cc": "DE"})
    );
    let again = config_with_tcf(&served["tcf"].to_string()).unwrap();
    assert_eq!(again.tcf, config.tcf);
}

#[test]
fn the_served_google_ad_tech_providers_read_back_as_themselves() {
    let section = serde_json::json!({"cmp_id": 300, "cmp_version": 2, "vendors": [1],
        "google_ad_tech_providers": [{"id": 89, "name": "Tiller", "privacy_url": "https://tiller.example/privacy"}]});
    let config = config_with_tcf(&section.to_string()).unwrap();
    let served = serde_json::to_value(&config).unwrap();
    assert_eq!(served["tcf"]["google_ad_tech_providers"], section["google_ad_tech_providers"]);
    assert_eq!(config_with_tcf(&served["tcf"].to_string()).unwrap().tcf, config.tcf);
}

#[test]
fn a_bad_google_ad_tech_provider_is_named_by_its_place() {
    let section = r#"{"cmp_id": 300, "cmp_version": 2, "vendors": [1],
        "google_ad_tech_providers": [{"id": 89, "name": "", "privacy_url": "https://tiller.example/privacy"}]}"#;
    let error = config_with_tcf(section).unwrap_err().to_string();
    assert!(error.contains("tcf.google_ad_tech_providers[0].name: must name the provider"), "{error}");
}

#[test]
fn every_tcf_problem_names_its_field() {
    let found = match config_with_tcf(
        r#"{"cmp_id": 1, "cmp_version": 5000, "vendors": [2, 0, 2, 70000], "publisher_cc": "FRA"}"#,
    ) {
        Err(ConfigError::Invalid(list)) => list.iter().map(ToString::to_string).collect::<Vec<_>>(),
        other => panic!("expected problems, got {other:?}"),
    };
    assert_eq!(
        found,
        [
            "tcf.cmp_id: 1 is not a CMP id: use the id IAB Europe assigned (2 to 4095)",
            "tcf.cmp_version: 5000 is over 4095",
            "tcf.vendors[1]: 0 is not a vendor id (1 to 65535)",
            "tcf.vendors[2]: 2 is listed twice",
            "tcf.vendors[3]: 70000 is not a vendor id (1 to 65535)",
            "tcf.publisher_cc: 'FRA' is not a two-letter country code such as 'FR'",
        ]
    );
}

#[test]
fn an_empty_vendor_list_is_refused() {
    let err = config_with_tcf(r#"{"cmp_id": 300, "cmp_version": 2, "vendors": []}"#).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the config has 1 problem(s): tcf.vendors: must list at least one Global Vendor List id"
    );
}

#[test]
fn an_unknown_tcf_field_is_refused() {
    let err = config_with_tcf(r#"{"cmp_id": 300, "cmp_version": 2, "vendors": [1], "cmpid": 3}"#).unwrap_err();
    assert!(err.to_string().contains("unknown field `cmpid`"), "{err}");
}

#[test]
fn vendors_missing_from_the_list_or_deleted_are_named() {
    let config = config_with_tcf(r#"{"cmp_id": 300, "cmp_version": 2, "vendors": [1, 99, 5]}"#).unwrap();
    let err = Disclosure::new(config.tcf.as_ref().unwrap(), &gvl()).unwrap_err();
    assert_eq!(
        err,
        DisclosureError::Vendors(vec![
            crate::FieldError::new("tcf.vendors[1]", "vendor 99 is not in the Global Vendor List (version 142)"),
            crate::FieldError::new(
                "tcf.vendors[2]",
                "vendor 5 (Departed Ad Exchange) was deleted from the Global Vendor List on 2026-03-01T00:00:00Z"
            ),
        ])
    );
}

#[test]
fn the_vendors_chosen_decide_what_is_disclosed() {
    let d = disclosure();
    assert_eq!(d.vendor_ids(), set(&[1, 2, 3, 4, 8, 10, 755]));
    assert_eq!(d.consent_purposes, set(&[1, 2, 3, 4, 5, 6, 7, 8, 9]));
    assert_eq!(d.legitimate_interest_purposes, set(&[2, 7, 8, 9, 10]));
    assert_eq!(d.flexible_purposes, set(&[2, 7]));
    assert_eq!(d.special_purposes, set(&[1, 2]));
    assert_eq!(d.features, set(&[1, 2, 3]));
    assert_eq!(d.special_features, set(&[1, 2]));
    assert_eq!((d.vendor_list_version, d.tcf_policy_version), (142, 5));
}

#[test]
fn fewer_vendors_disclose_less() {
    let config = config_with_tcf(r#"{"cmp_id": 300, "cmp_version": 2, "vendors": [1]}"#).unwrap();
    let d = Disclosure::new(config.tcf.as_ref().unwrap(), &gvl()).unwrap();
    assert_eq!(d.consent_purposes, set(&[1, 8, 9]));
    assert!(d.legitimate_interest_purposes.is_empty() && d.special_features.is_empty());
    assert_eq!(d.stacks.stacks, [4]);
    assert_eq!(d.stacks.purposes, set(&[1]));
}

#[test]
fn stacks_cover_each_item_once_largest_first() {
    let s = disclosure().stacks;
    // Stack 3 (2, 3, 4) goes first; stack 2 (2, 7) would describe purpose 2 again, so 7 is shown on its own.
    assert_eq!(s.stacks, [3, 1, 4, 5]);
    assert_eq!(s.purposes, set(&[1, 7, 10]));
    assert!(s.special_features.is_empty());
}

#[test]
fn legitimate_interest_for_purposes_1_and_3_to_6_is_never_disclosed() {
    let mut json: serde_json::Value = serde_json::from_str(GVL).unwrap();
    json["vendors"]["10"]["legIntPurposes"] = serde_json::json!([8, 3, 1]);
    json["vendors"]["10"]["purposes"] = serde_json::json!([5, 6]);
    let gvl = Gvl::from_json(&json.to_string()).unwrap();
    let config = config_with_tcf(r#"{"cmp_id": 300, "cmp_version": 2, "vendors": [10]}"#).unwrap();
    let d = Disclosure::new(config.tcf.as_ref().unwrap(), &gvl).unwrap();
    assert_eq!(d.legitimate_interest_purposes, set(&[8]));
}

#[test]
fn accept_all_grants_everything_the_vendors_declare() {
    let choice = TcfChoice::accept_all(&disclosure());
    assert_eq!(choice.purposes_consent, set(&[1, 2, 3, 4, 5, 6, 7, 8, 9]));
    assert_eq!(choice.purposes_legitimate_interest, set(&[2, 7, 8, 9, 10]));
    // Vendor 8 asks no consent; vendor 1 has no legitimate interest of any kind.
    assert_eq!(choice.vendors_consent, set(&[1, 2, 3, 4, 10, 755]));
    assert_eq!(choice.vendors_legitimate_interest, set(&[2, 3, 4, 8, 10, 755]));
    assert_eq!(choice.special_features, set(&[1, 2]));
}

#[test]
fn reject_all_objects_to_legitimate_interests_but_not_to_special_purposes() {
    let choice = TcfChoice::reject_all(&disclosure());
    // 8 has special purposes only, 4 special purposes and consent purposes: nothing of theirs to object to. 2, 3 and
    // 755 have special purposes too, but also purposes on legitimate interest, which the visitor objects to.
    assert_eq!(choice, TcfChoice { vendors_legitimate_interest: set(&[4, 8]), ..TcfChoice::default() });
}

#[test]
fn a_custom_choice_keeps_vendors_with_nothing_to_object_to() {
    let wanted = TcfChoice { purposes_consent: set(&[1, 8]), vendors_consent: set(&[1]), ..TcfChoice::default() };
    let choice = TcfChoice::custom(&disclosure(), wanted.clone()).unwrap();
    assert_eq!(choice, TcfChoice { vendors_legitimate_interest: set(&[4, 8]), ..wanted });
}

#[test]
fn a_custom_choice_of_what_is_not_asked_names_each_field() {
    let wanted = TcfChoice {
        purposes_consent: set(&[11]),
        purposes_legitimate_interest: set(&[3]),
        vendors_consent: set(&[8, 12]),
        vendors_legitimate_interest: set(&[1]),
        special_features: BTreeSet::new(),
    };
    let TcfChoiceError::NotAsked(found) = TcfChoice::custom(&disclosure(), wanted).unwrap_err();
    let found: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            "purposes_consent: purpose 11 is not asked for consent by any of the site's vendors",
            "purposes_legitimate_interest: purpose 3 may not rest on legitimate interest (purpose 1 never, 3 to 6 since TCF 2.2)",
            "vendors_consent: vendor 8 asks no consent",
            "vendors_consent: vendor 12 is not one of the site's vendors",
            "vendors_legitimate_interest: vendor 1 claims no legitimate interest",
        ]
    );
}

#[test]
fn the_tc_string_holds_the_choice_and_the_disclosure() {
    let d = disclosure();
    let choice = TcfChoice::accept_all(&d);
    let text = encode_tc_string(&d, &choice, &context());
    assert_eq!(text.matches('.').count(), 1, "core and disclosed vendors: {text}");
    assert!(text.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')), "{text}");
    let decoded = decode_tc_string(&text).unwrap();
    // 2026-12-06T00:00:00Z, in deciseconds: the day, not the second, of the choice.
    assert_eq!((decoded.created_deciseconds, decoded.last_updated_deciseconds), (17_965_152_000, 17_965_152_000));
    assert_eq!((decoded.cmp_id, decoded.cmp_version, decoded.consent_screen), (300, 2, 1));
    assert_eq!((decoded.consent_language.as_str(), decoded.publisher_cc.as_str()), ("FR", "AA"));
    assert_eq!((decoded.vendor_list_version, decoded.tcf_policy_version), (142, 5));
    assert!(decoded.is_service_specific && !decoded.use_non_standard_texts && !decoded.purpose_one_treatment);
    assert_eq!(decoded.purposes_consent, choice.purposes_consent);
    assert_eq!(decoded.purposes_legitimate_interest, choice.purposes_legitimate_interest);
    assert_eq!(decoded.special_features, choice.special_features);
    assert_eq!(decoded.vendors_consent, choice.vendors_consent);
    assert_eq!(decoded.vendors_legitimate_interest, choice.vendors_legitimate_interest);
    assert!(decoded.publisher_restrictions.is_empty());
    assert_eq!(decoded.disclosed_vendors, Some(d.vendor_ids()));
}

/// The spec's own example string ("TC String Format"), whose contents IAB's library decodes as asserted here.
#[test]
fn the_spec_example_reads_as_the_official_library_reads_it() {
    let decoded = decode_tc_string("CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IDKQA4AAgAKAGQAygAAA").unwrap();
    assert_eq!((decoded.cmp_id, decoded.vendor_list_version, decoded.tcf_policy_version), (880, 48, 2));
    assert_eq!((decoded.consent_language.as_str(), decoded.publisher_cc.as_str()), ("EN", "DE"));
    assert_eq!(decoded.vendors_consent, set(&[1, 2, 3, 4]));
    assert!(decoded.purposes_consent.is_empty() && decoded.vendors_legitimate_interest.is_empty());
    assert_eq!(decoded.disclosed_vendors, Some(set(&[1, 2, 3, 4, 5, 100, 404])));
}

#[test]
fn a_language_of_three_letters_cannot_be_recorded() {
    let tag = crate::LanguageTag::try_from("gsw".to_string()).unwrap();
    assert_eq!(
        ConsentLanguage::try_from(&tag).unwrap_err().to_string(),
        "'gsw' is not a two-letter ISO 639-1 language, which is all ConsentLanguage can hold"
    );
}

#[test]
fn a_consent_screen_has_six_bits() {
    assert!(ConsentScreen::new(63).is_some());
    assert!(ConsentScreen::new(64).is_none());
}

proptest! {
    /// Any custom choice over the site's disclosure reads back from its TC string as itself.
    #[test]
    fn custom_choices_round_trip(
        purposes in proptest::sample::subsequence(vec![1u8, 2, 3, 4, 5, 6, 7, 8, 9], 0..=9),
        li_purposes in proptest::sample::subsequence(vec![2u8, 7, 8, 9, 10], 0..=5),
        vendors in proptest::sample::subsequence(vec![1u16, 2, 3, 4, 10, 755], 0..=6),
        li_vendors in proptest::sample::subsequence(vec![2u16, 3, 4, 8, 10, 755], 0..=6),
        special_features in proptest::sample::subsequence(vec![1u8, 2], 0..=2),
        day in 0u64..=4_000_000_000,
    ) {
        let d = disclosure();
        let wanted = TcfChoice {
            purposes_consent: purposes.into_iter().collect(),
            purposes_legitimate_interest: li_purposes.into_iter().collect(),
            vendors_consent: vendors.into_iter().collect(),
            vendors_legitimate_interest: li_vendors.into_iter().collect(),
            special_features: special_features.into_iter().collect(),
        };
        let choice = TcfChoice::custom(&d, wanted).unwrap();
        let text = encode_tc_string(&d, &choice, &TcStringContext { updated_at_unix_seconds: day, ..context() });
        let decoded = decode_tc_string(&text).unwrap();
        prop_assert_eq!(decoded.created_deciseconds, day / 86_400 * 864_000);
        prop_assert_eq!(decoded.purposes_consent, choice.purposes_consent);
        prop_assert_eq!(decoded.purposes_legitimate_interest, choice.purposes_legitimate_interest);
        prop_assert_eq!(decoded.vendors_consent, choice.vendors_consent);
        prop_assert_eq!(decoded.vendors_legitimate_interest, choice.vendors_legitimate_interest);
        prop_assert_eq!(decoded.special_features, choice.special_features);
        prop_assert_eq!(decoded.disclosed_vendors, Some(d.vendor_ids()));
    }
}
