//! Our TC strings, decoded by IAB Tech Lab's official library (`@iabtechlabtcf/core`, the decoder vendors use), hold
//! exactly what the visitor chose and what the site disclosed: accept all, reject all and two custom choices over the
//! fixture vendor list; and the library's own encoder, given what it decoded and the same list, writes the very same
//! strings, character for character. Needs node and the npm packages: `scripts/setup` installs both; without them this test fails
//! and says so, rather than passing without having looked.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use consent_core::tcf::{
    encode_tc_string, ConsentLanguage, ConsentScreen, Disclosure, Gvl, TcStringContext, TcTerms, TcfChoice, TcfConfig,
};
use consent_core::{LanguageTag, SiteConfig};
use serde_json::{json, Value};

const GVL: &str = include_str!("fixtures/vendor-list.json");

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn disclosure() -> Disclosure {
    let config = SiteConfig::from_json(
        r#"{"site": "news", "revision": 1, "categories": [{"id": "necessary", "title": "N", "required": true}],
            "tcf": {"cmp_id": 300, "cmp_version": 7, "vendors": [755, 1, 2, 3, 4, 8, 10], "publisher_cc": "FR"}}"#,
    )
    .unwrap();
    let tcf: &TcfConfig = config.tcf.as_ref().unwrap();
    Disclosure::new(tcf, &Gvl::from_json(GVL).unwrap()).unwrap()
}

fn context(screen: ConsentScreen) -> TcStringContext {
    TcStringContext {
        updated_at_unix_seconds: 1_796_527_200, // 2026-12-06T03:20:00Z
        consent_screen: screen,
        consent_language: ConsentLanguage::try_from(&LanguageTag::try_from("de".to_string()).unwrap()).unwrap(),
        use_non_standard_texts: false,
    }
}

/// Runs `tests/tcf/decode.mjs` over the strings, one JSON object a string.
fn official_decode(strings: &[String]) -> Vec<Value> {
    let gvl = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/vendor-list.json");
    let root = workspace_root();
    let library = root.join("node_modules/@iabtechlabtcf/core/package.json");
    assert!(
        library.exists(),
        "{} is missing: run scripts/setup (it installs the npm packages of package.json)",
        library.display()
    );
    let output = Command::new("node")
        .arg(root.join("crates/consent-core/tests/tcf/decode.mjs"))
        .arg(gvl)
        .args(strings)
        .current_dir(&root)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node ({e}): install Node.js (20 or later), then run scripts/setup"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "decode.mjs failed: {}", String::from_utf8_lossy(&output.stderr));
    stdout.lines().map(|line| serde_json::from_str(line).unwrap()).collect()
}

fn set<T: Ord + Copy>(ids: &[T]) -> BTreeSet<T> {
    ids.iter().copied().collect()
}

/// What every string of this site holds, whatever the choice.
fn fixed(screen: u8) -> Value {
    json!({
        "version": 2,
        "created": "2026-12-06T00:00:00.000Z",
        "lastUpdated": "2026-12-06T00:00:00.000Z",
        "cmpId": 300,
        "cmpVersion": 7,
        "consentScreen": screen,
        "consentLanguage": "DE",
        "vendorListVersion": 142,
        "policyVersion": 5,
        "isServiceSpecific": true,
        "useNonStandardTexts": false,
        "purposeOneTreatment": false,
        "publisherCountryCode": "FR",
        "numPublisherRestrictions": 0,
        "publisherRestrictions": [],
        "vendorsDisclosed": [1, 2, 3, 4, 8, 10, 755],
    })
}

fn expected(screen: u8, chosen: Value) -> Value {
    let mut all = fixed(screen);
    all.as_object_mut().unwrap().extend(chosen.as_object().unwrap().clone());
    all
}

#[test]
fn the_official_library_reads_each_kind_of_choice_exactly() {
    // As the banner has them: sent by the endpoint in the vendor layer's file, and read back.
    let d: TcTerms = serde_json::from_value(serde_json::to_value(disclosure().terms()).unwrap()).unwrap();
    let custom_analytics = TcfChoice {
        purposes_consent: set(&[1, 8, 9]),
        purposes_legitimate_interest: set(&[7]),
        vendors_consent: set(&[1]),
        vendors_legitimate_interest: set(&[3]),
        special_features: BTreeSet::new(),
    };
    let custom_ads = TcfChoice {
        purposes_consent: set(&[1, 2, 3, 4]),
        purposes_legitimate_interest: set(&[2, 7]),
        vendors_consent: set(&[2, 4, 755]),
        vendors_legitimate_interest: set(&[2, 755]),
        special_features: set(&[1]),
    };
    let cases = [
        (TcfChoice::accept_all(&d), ConsentScreen::FIRST_LAYER, 1),
        (TcfChoice::reject_all(&d), ConsentScreen::FIRST_LAYER, 1),
        (TcfChoice::custom(&d, custom_analytics).unwrap(), ConsentScreen::PREFERENCES, 2),
        (TcfChoice::custom(&d, custom_ads).unwrap(), ConsentScreen::VENDORS, 3),
    ];
    let strings: Vec<String> =
        cases.iter().map(|(choice, screen, _)| encode_tc_string(&d, choice, &context(*screen))).collect();
    let mut decoded = official_decode(&strings);
    for (string, found) in strings.iter().zip(&mut decoded) {
        eprintln!("{string}\n  {found}");
        let official = found.as_object_mut().unwrap().remove("officialEncoding").unwrap();
        assert_eq!(official.as_str().unwrap(), string, "the official encoder writes the same contents the same way");
    }
    let want = [
        expected(
            1,
            json!({
                "specialFeatureOptins": [1, 2],
                "purposeConsents": [1, 2, 3, 4, 5, 6, 7, 8, 9],
                "purposeLegitimateInterests": [2, 7, 8, 9, 10],
                "vendorConsents": [1, 2, 3, 4, 10, 755],
                "vendorLegitimateInterests": [2, 3, 4, 8, 10, 755],
            }),
        ),
        expected(
            1,
            json!({
                "specialFeatureOptins": [],
                "purposeConsents": [],
                "purposeLegitimateInterests": [],
                "vendorConsents": [],
                // Vendors 8 and 4 have special purposes and no purpose on legitimate interest: nothing to object
                // to, so their bits stay set.
                "vendorLegitimateInterests": [4, 8],
            }),
        ),
        expected(
            2,
            json!({
                "specialFeatureOptins": [],
                "purposeConsents": [1, 8, 9],
                "purposeLegitimateInterests": [7],
                "vendorConsents": [1],
                "vendorLegitimateInterests": [3, 4, 8],
            }),
        ),
        expected(
            3,
            json!({
                "specialFeatureOptins": [1],
                "purposeConsents": [1, 2, 3, 4],
                "purposeLegitimateInterests": [2, 7],
                "vendorConsents": [2, 4, 755],
                "vendorLegitimateInterests": [2, 4, 8, 755],
            }),
        ),
    ];
    assert_eq!(decoded.len(), want.len());
    for ((found, want), name) in
        decoded.iter().zip(&want).zip(["accept all", "reject all", "custom analytics", "custom ads"])
    {
        assert_eq!(found, want, "{name}");
    }
}

/// A small deterministic generator (xorshift64), so that a failure names a case that can be run again.
struct Cases(u64);

impl Cases {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Each element of `from` with even odds.
    fn subset<T: Ord + Copy>(&mut self, from: impl IntoIterator<Item = T>) -> BTreeSet<T> {
        from.into_iter().filter(|_| self.next().is_multiple_of(2)).collect()
    }
}

/// Many sites (random sets of the fixture's vendors) and many choices on each: the official library reads each
/// string as the choice it was made from, and its encoder writes the same string, so the encodings chosen for each
/// vendor set (bit field or ranges) and the filler agree with IAB's too.
#[test]
fn the_official_encoder_agrees_on_many_random_choices() {
    let gvl = Gvl::from_json(GVL).unwrap();
    let mut cases = Cases(0x5eed_7cf2_3000_0001);
    let mut made = Vec::new();
    for _ in 0..150 {
        let mut vendors = cases.subset([1u16, 2, 3, 4, 8, 10, 755]);
        vendors.insert([1u16, 2, 3, 4, 8, 10, 755][(cases.next() % 7) as usize]);
        let list = vendors.iter().map(ToString::to_string).collect::<Vec<_>>().join(",");
        let config = SiteConfig::from_json(&format!(
            r#"{{"site": "news", "revision": 1, "categories": [{{"id": "n", "title": "N", "required": true}}],
                "tcf": {{"cmp_id": {}, "cmp_version": {}, "vendors": [{list}], "publisher_cc": "NL"}}}}"#,
            2 + cases.next() % 4000,
            cases.next() % 4096
        ))
        .unwrap();
        let d = Disclosure::new(config.tcf.as_ref().unwrap(), &gvl).unwrap();
        let wanted = TcfChoice {
            purposes_consent: cases.subset(d.consent_purposes.clone()),
            purposes_legitimate_interest: cases.subset(d.legitimate_interest_purposes.clone()),
            vendors_consent: cases.subset(d.vendors.iter().filter(|v| v.asks_consent()).map(|v| v.id)),
            vendors_legitimate_interest: cases
                .subset(d.vendors.iter().filter(|v| v.has_legitimate_interest()).map(|v| v.id)),
            special_features: cases.subset(d.special_features.clone()),
        };
        let terms = d.terms();
        let choice = TcfChoice::custom(&terms, wanted).unwrap();
        let language = ["en", "de", "fr", "pt-BR"][(cases.next() % 4) as usize];
        let context = TcStringContext {
            updated_at_unix_seconds: 1_600_000_000 + cases.next() % 400_000_000,
            consent_screen: ConsentScreen::new((cases.next() % 64) as u8).unwrap(),
            consent_language: ConsentLanguage::try_from(&LanguageTag::try_from(language.to_string()).unwrap()).unwrap(),
            use_non_standard_texts: false,
        };
        made.push((encode_tc_string(&terms, &choice, &context), choice, d.vendor_ids()));
    }
    let strings: Vec<String> = made.iter().map(|(s, _, _)| s.clone()).collect();
    let decoded = official_decode(&strings);
    assert_eq!(decoded.len(), made.len());
    let ids = |v: &Value| -> BTreeSet<u64> { v.as_array().unwrap().iter().map(|n| n.as_u64().unwrap()).collect() };
    let wide = |s: &BTreeSet<u16>| -> BTreeSet<u64> { s.iter().map(|&n| u64::from(n)).collect() };
    let wide8 = |s: &BTreeSet<u8>| -> BTreeSet<u64> { s.iter().map(|&n| u64::from(n)).collect() };
    for (index, ((string, choice, disclosed), found)) in made.iter().zip(&decoded).enumerate() {
        let case = format!("case {index}: {string}");
        assert_eq!(found["officialEncoding"].as_str().unwrap(), string, "{case}");
        assert_eq!(ids(&found["purposeConsents"]), wide8(&choice.purposes_consent), "{case}");
        assert_eq!(ids(&found["purposeLegitimateInterests"]), wide8(&choice.purposes_legitimate_interest), "{case}");
        assert_eq!(ids(&found["specialFeatureOptins"]), wide8(&choice.special_features), "{case}");
        assert_eq!(ids(&found["vendorConsents"]), wide(&choice.vendors_consent), "{case}");
        assert_eq!(ids(&found["vendorLegitimateInterests"]), wide(&choice.vendors_legitimate_interest), "{case}");
        assert_eq!(ids(&found["vendorsDisclosed"]), wide(disclosed), "{case}");
    }
}

/// A site restricting purpose 3 (personalised ads profiles) for all the vendors that use it, and vendor 3's flexible
/// purpose 7 to consent: the official library finds both restrictions with their vendors, reads purpose 3 unasked
/// after "Accept all", and its encoder writes the same string (so the vendors' bits agree with the restrictions as
/// the library understands them).
#[test]
fn the_official_library_reads_the_publisher_restrictions() {
    let config = SiteConfig::from_json(
        r#"{"site": "news", "revision": 1, "categories": [{"id": "necessary", "title": "N", "required": true}],
            "tcf": {"cmp_id": 300, "cmp_version": 7, "vendors": [755, 1, 2, 3, 4, 8, 10], "publisher_cc": "FR",
                    "publisher_restrictions": [{"purpose": 3, "restriction": "not_allowed"},
                                               {"purpose": 7, "restriction": "require_consent", "vendors": [3]}]}}"#,
    )
    .unwrap();
    let d = Disclosure::new(config.tcf.as_ref().unwrap(), &Gvl::from_json(GVL).unwrap()).unwrap();
    let terms: TcTerms = serde_json::from_value(serde_json::to_value(d.terms()).unwrap()).unwrap();
    let strings = [
        encode_tc_string(&terms, &TcfChoice::accept_all(&terms), &context(ConsentScreen::FIRST_LAYER)),
        encode_tc_string(&terms, &TcfChoice::reject_all(&terms), &context(ConsentScreen::FIRST_LAYER)),
    ];
    let mut decoded = official_decode(&strings);
    for (string, found) in strings.iter().zip(&mut decoded) {
        eprintln!("{string}\n  {found}");
        let official = found.as_object_mut().unwrap().remove("officialEncoding").unwrap();
        assert_eq!(official.as_str().unwrap(), string, "the official encoder writes the same contents the same way");
    }
    let restrictions = json!({
        "numPublisherRestrictions": 2,
        "publisherRestrictions": [
            {"purpose": 3, "restrictionType": 0, "vendors": [2, 4]},
            {"purpose": 7, "restrictionType": 1, "vendors": [3]},
        ],
    });
    let mut accepted = expected(
        1,
        json!({
            "specialFeatureOptins": [1, 2],
            // No 3: no vendor may use it.
            "purposeConsents": [1, 2, 4, 5, 6, 7, 8, 9],
            "purposeLegitimateInterests": [2, 7, 8, 9, 10],
            "vendorConsents": [1, 2, 3, 4, 10, 755],
            "vendorLegitimateInterests": [2, 3, 4, 8, 10, 755],
        }),
    );
    accepted.as_object_mut().unwrap().extend(restrictions.as_object().unwrap().clone());
    assert_eq!(decoded[0], accepted);
    assert_eq!(decoded[1]["publisherRestrictions"], restrictions["publisherRestrictions"], "reject all too");
}
