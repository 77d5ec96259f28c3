//! Publisher restrictions over the fixture vendor list (`tests/fixtures/vendor-list.json`, vendors described in
//! `tests.rs`): the config check, what the banner then discloses and asks, and the TC string that records them.

use proptest::prelude::*;
use serde_json::{json, Value};

use super::*;
use crate::choice::{Choice, UiLayer};
use crate::config::ConfigError;
use crate::field_error::FieldError;
use crate::SiteConfig;

const GVL: &str = include_str!("../../tests/fixtures/vendor-list.json");
const GERMAN: &str = include_str!("../../tests/fixtures/purposes-de.json");

fn config(restrictions: Value) -> Result<SiteConfig, ConfigError> {
    let config = json!({
        "site": "news", "revision": 1, "categories": [{"id": "necessary", "title": "N", "required": true}],
        "tcf": {"cmp_id": 300, "cmp_version": 2, "vendors": [1, 2, 3, 4, 8, 10, 755],
                "publisher_restrictions": restrictions}
    });
    SiteConfig::from_json(&config.to_string())
}

fn problems(restrictions: Value) -> Vec<String> {
    match config(restrictions) {
        Err(ConfigError::Invalid(problems)) => problems.iter().map(ToString::to_string).collect(),
        other => panic!("expected problems, got {other:?}"),
    }
}

fn list(gvl: &str) -> VendorList {
    let gvl = Gvl::from_json(gvl).unwrap();
    let german = GvlTranslation::from_json(GERMAN, "de", &gvl).unwrap();
    VendorList::new(gvl, [german])
}

fn disclosure_with(gvl: &str, restrictions: Value) -> Result<Disclosure, Vec<FieldError>> {
    check_site(&config(restrictions).unwrap(), Some(&list(gvl))).map(Option::unwrap)
}

fn disclosure(restrictions: Value) -> Disclosure {
    disclosure_with(GVL, restrictions).unwrap()
}

#[test]
fn each_bad_restriction_is_refused_naming_its_field() {
    let found = problems(json!([
        {"purpose": 3, "restriction": "not_allowed", "vendors": [2, 9, 2]},
        {"purpose": 1, "restriction": "require_li"},
        {"purpose": 30, "restriction": "forbidden"},
        {"purpose": 2, "restriction": "require_li", "vendors": []}
    ]));
    assert_eq!(
        found,
        [
            "tcf.publisher_restrictions[0].vendors[1]: vendor 9 is not in tcf.vendors",
            "tcf.publisher_restrictions[0].vendors[2]: vendor 2 is listed twice",
            "tcf.publisher_restrictions[1].restriction: purpose 1 may never rest on legitimate interest (purpose 1 \
             never, 3 to 6 since TCF 2.2): require_li cannot apply to it",
            "tcf.publisher_restrictions[2].purpose: 30 is not a purpose (1 to 24)",
            "tcf.publisher_restrictions[2].restriction: 'forbidden' is not one of not_allowed, require_consent, \
             require_li",
            "tcf.publisher_restrictions[3].vendors: lists no vendor: leave `vendors` out to restrict all the site's \
             vendors",
        ]
    );
}

#[test]
fn a_vendor_has_one_restriction_per_purpose() {
    let found = problems(json!([
        {"purpose": 7, "restriction": "require_consent", "vendors": [3]},
        {"purpose": 7, "restriction": "not_allowed", "vendors": [755, 3]},
        {"purpose": 7, "restriction": "require_consent", "vendors": [2]},
        {"purpose": 2, "restriction": "not_allowed"},
        {"purpose": 2, "restriction": "require_li", "vendors": [3]}
    ]));
    assert_eq!(
        found,
        [
            "tcf.publisher_restrictions[1]: purpose 7 is restricted for vendor 3 by tcf.publisher_restrictions[0] \
             already (a vendor has one restriction per purpose)",
            "tcf.publisher_restrictions[2]: purpose 7 is restricted as require_consent by \
             tcf.publisher_restrictions[0] already: list the vendors there",
            "tcf.publisher_restrictions[4]: purpose 2 is restricted for all its vendors by \
             tcf.publisher_restrictions[3] already (a vendor has one restriction per purpose)",
        ]
    );
}

#[test]
fn a_restriction_must_fit_what_the_named_vendors_declare() {
    // Vendor 2 declares purpose 7 on legitimate interest but not flexible; vendor 1 does not use purpose 2.
    let found = disclosure_with(
        GVL,
        json!([{"purpose": 7, "restriction": "require_consent", "vendors": [3, 2]},
               {"purpose": 2, "restriction": "not_allowed", "vendors": [1]},
               {"purpose": 9, "restriction": "require_li"}]),
    )
    .unwrap_err();
    let text: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "tcf.publisher_restrictions[0].vendors[1]: vendor 2 (Interest Ads) does not declare it flexible on \
             legitimate interest for purpose 7: require_consent changes nothing for it",
            "tcf.publisher_restrictions[1].vendors[0]: vendor 1 (Consent Only Analytics) does not use it for purpose \
             2: not_allowed changes nothing for it",
            "tcf.publisher_restrictions[2]: none of the site's vendors declares flexible on consent purpose 9: \
             require_li changes nothing",
        ]
    );
}

#[test]
fn a_purpose_not_allowed_for_all_its_vendors_is_neither_stated_nor_asked() {
    let d = disclosure(json!([{"purpose": 3, "restriction": "not_allowed"}]));
    assert_eq!(d.publisher_restrictions[0].vendors, [2, 4], "the vendors that use purpose 3");
    assert!(!d.consent_purposes.contains(&3));
    let layer = FirstLayerTcf::new(&d, &list(GVL).texts("en"));
    // Stack 3 (purposes 2, 3, 4) no longer fits: its purposes are stated one by one, without 3.
    assert!(layer.stacks.iter().all(|s| s.id != 3), "{:?}", layer.stacks);
    let stated: Vec<u16> = layer.purposes.iter().map(|p| p.id).collect();
    assert!(stated.contains(&4) && !stated.contains(&3), "{stated:?}");
    let vendors = VendorLayer::new(&d, &list(GVL).texts("en"), "en");
    let row = vendors.vendors.iter().find(|v| v.id == 2).unwrap();
    assert_eq!(row.purposes, [1, 4], "purpose 3 is gone from vendor 2's row");
    let accepted = TcfChoice::accept_all(&d.terms());
    assert!(!accepted.purposes_consent.contains(&3));
}

#[test]
fn a_vendor_left_nothing_to_do_is_not_disclosed_but_told() {
    let d = disclosure(json!([
        {"purpose": 1, "restriction": "not_allowed", "vendors": [1]},
        {"purpose": 8, "restriction": "not_allowed", "vendors": [1]},
        {"purpose": 9, "restriction": "not_allowed", "vendors": [1]}
    ]));
    assert!(d.vendor(1).is_none());
    assert_eq!(FirstLayerTcf::new(&d, &list(GVL).texts("en")).vendor_count, 6);
    let string = encode_tc_string(&d.terms(), &TcfChoice::accept_all(&d.terms()), &context());
    let decoded = decode_tc_string(&string).unwrap();
    assert!(!decoded.disclosed_vendors.unwrap().contains(&1));
    assert!(decoded.publisher_restrictions.iter().all(|r| r.vendors == [1].into()));
}

/// The fixture list with vendor 3 flexible on both its legitimate interests and without special purposes, so that
/// moving both to consent leaves it no legitimate interest.
fn flexible_vendor_list() -> String {
    let mut gvl: Value = serde_json::from_str(GVL).unwrap();
    gvl["vendors"]["3"]["flexiblePurposes"] = json!([2, 7, 10]);
    gvl["vendors"]["3"]["specialPurposes"] = json!([]);
    gvl.to_string()
}

#[test]
fn require_consent_asks_consent_where_the_vendor_claimed_an_interest() {
    let d = disclosure_with(
        &flexible_vendor_list(),
        json!([{"purpose": 7, "restriction": "require_consent", "vendors": [3]},
               {"purpose": 10, "restriction": "require_consent"}]),
    )
    .unwrap();
    let terms = d.terms();
    let three = terms.vendor(3).unwrap();
    assert_eq!((three.consent, three.legitimate_interest), (true, LegitimateInterest::None));
    assert_eq!(d.vendor(3).unwrap().purposes, [1, 2, 7, 10]);
    assert!(d.consent_purposes.contains(&10) && !d.legitimate_interest_purposes.contains(&10));
    let accepted = TcfChoice::accept_all(&terms);
    assert!(accepted.vendors_consent.contains(&3) && !accepted.vendors_legitimate_interest.contains(&3));
    let objected = TcfChoice { vendors_legitimate_interest: [3].into(), ..TcfChoice::default() };
    assert!(TcfChoice::custom(&terms, objected).is_err(), "no interest of vendor 3 is left to not object to");
}

#[test]
fn require_li_moves_a_flexible_consent_purpose_to_legitimate_interest() {
    let d = disclosure(json!([{"purpose": 2, "restriction": "require_li"}]));
    assert_eq!(d.publisher_restrictions[0].vendors, [3]);
    let three = d.vendor(3).unwrap();
    assert_eq!((three.purposes.as_slice(), three.leg_int_purposes.as_slice()), (&[1][..], &[2, 7, 10][..]));
    assert!(d.legitimate_interest_purposes.contains(&2));
}

fn context() -> TcStringContext {
    TcStringContext {
        updated_at_unix_seconds: 1_796_527_200,
        consent_screen: ConsentScreen::FIRST_LAYER,
        consent_language: ConsentLanguage::try_from(&crate::LanguageTag::try_from("de".to_string()).unwrap()).unwrap(),
        use_non_standard_texts: false,
    }
}

#[test]
fn the_tc_string_of_every_answer_carries_the_restrictions() {
    let d = disclosure(json!([{"purpose": 3, "restriction": "not_allowed", "vendors": [2]},
                              {"purpose": 7, "restriction": "require_consent"}]));
    let terms: TcTerms = serde_json::from_value(serde_json::to_value(d.terms()).unwrap()).unwrap();
    assert_eq!(terms, d.terms(), "the banner gets them in the vendor layer's file");
    let german = crate::LanguageTag::try_from("de").unwrap();
    let answered = Answered { layer: UiLayer::FirstLayer, by_vendor: false };
    for choice in [Choice::AcceptAll, Choice::RejectAll] {
        let string = tc_string_for_answer(&terms, &choice, answered, &TcfChoice::default(), &german, 0).unwrap();
        let found: Vec<(u8, u8, Vec<u16>)> = decode_tc_string(&string)
            .unwrap()
            .publisher_restrictions
            .into_iter()
            .map(|r| (r.purpose, r.restriction_type, r.vendors.into_iter().collect()))
            .collect();
        assert_eq!(found, [(3, 0, vec![2]), (7, 1, vec![3])]);
    }
}

#[test]
fn terms_from_the_network_with_unwritable_restrictions_are_refused() {
    let mut terms =
        serde_json::to_value(disclosure(json!([{"purpose": 3, "restriction": "not_allowed"}])).terms()).unwrap();
    terms["publisher_restrictions"][0]["vendors"] = json!([4, 2]);
    let error = serde_json::from_value::<TcTerms>(terms).unwrap_err().to_string();
    assert!(error.contains("publisher_restrictions[0]: needs a purpose from 1 to 24"), "{error}");
}

proptest! {
    /// Whatever restrictions the terms hold, the TC string's Publisher Restrictions section reads back as them.
    #[test]
    fn restrictions_round_trip(
        entries in proptest::collection::vec(
            (1u8..=24, 0u8..3, proptest::collection::btree_set(1u16..=2000, 1..40)),
            0..6,
        )
    ) {
        let d = disclosure(json!([]));
        let mut terms = d.terms();
        let types = [RestrictionType::NotAllowed, RestrictionType::RequireConsent, RestrictionType::RequireLi];
        terms.publisher_restrictions = entries
            .iter()
            .map(|(purpose, kind, vendors)| Restriction {
                purpose: *purpose,
                restriction: types[usize::from(*kind)],
                vendors: vendors.iter().copied().collect(),
            })
            .collect();
        let string = encode_tc_string(&terms, &TcfChoice::accept_all(&terms), &context());
        let read = decode_tc_string(&string).unwrap().publisher_restrictions;
        prop_assert_eq!(read.len(), entries.len());
        for (found, (purpose, kind, vendors)) in read.iter().zip(&entries) {
            prop_assert_eq!((found.purpose, found.restriction_type, &found.vendors), (*purpose, *kind, vendors));
        }
    }
}
