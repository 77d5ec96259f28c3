//! Our TC strings, decoded by IAB Tech Lab's official library (`@iabtechlabtcf/core`, the decoder vendors use), hold
//! exactly what the visitor chose and what the site disclosed: accept all, reject all and two custom choices over the
//! fixture vendor list; and the library's own encoder, given what it decoded and the same list, writes the very same
//! strings, character for character. Needs node and the npm packages: `scripts/setup` installs both; without them this test fails
//! and says so, rather than passing without having looked.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use consent_core::tcf::{
    encode_tc_string, ConsentLanguage, ConsentScreen, Disclosure, Gvl, TcStringContext, TcfChoice, TcfConfig,
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
    let d = disclosure();
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
