//! Our GPP strings, decoded by IAB Tech Lab's official library (`@iabgpp/cmpapi`, Apache-2.0, the encoder and decoder
//! of the GPP JS API), hold what the site disclosed and the visitor chose, Global Privacy Control included; and the
//! library's own encoder, given what it decoded, writes the very same strings, character for character. Needs node
//! and the npm packages (`scripts/setup`); without them this test fails and says so.

use std::path::{Path, PathBuf};
use std::process::Command;

use consent_core::gpp::choice::{usca, usnat};
use consent_core::gpp::{
    Consent, GppString, Mspa, MspaFields, MspaFlag, Notice, OptOut, UsCa, UsChoice, UsDisclosures, UsNat,
};
use serde_json::{json, Value};

const TC_STRING: &str = "CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `tests/gpp/decode.mjs` over the strings, one JSON object a string.
fn official_decode(strings: &[String]) -> Vec<Value> {
    let root = workspace_root();
    let library = root.join("node_modules/@iabgpp/cmpapi/package.json");
    assert!(
        library.exists(),
        "{} is missing: run scripts/setup (it installs package.json's npm packages)",
        library.display()
    );
    let output = Command::new("node")
        .arg(root.join("crates/consent-core/tests/gpp/decode.mjs"))
        .args(strings)
        .current_dir(&root)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node ({e}): install Node.js (20 or later), then run scripts/setup"));
    assert!(output.status.success(), "decode.mjs failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).lines().map(|line| serde_json::from_str(line).unwrap()).collect()
}

fn selling_site() -> UsDisclosures {
    UsDisclosures { sells: true, shares: true, targeted_advertising: true, mspa: Mspa::OptOutOptionMode }
}

#[test]
fn a_california_visitor_with_gpc_is_opted_out_of_sale_and_sharing() {
    let choice = UsChoice { gpc: true, ..UsChoice::default() };
    let gpp = GppString {
        tcf_eu: None,
        usnat: Some(usnat(&selling_site(), &choice)),
        usca: Some(usca(&selling_site(), &choice)),
    };
    let text = gpp.encode().unwrap();
    let decoded = &official_decode(std::slice::from_ref(&text))[0];
    println!("{text}\n{decoded:#}");
    assert_eq!(decoded["sectionIds"], json!([7, 8]));
    let usnat = &decoded["sections"]["usnat"];
    assert_eq!(usnat["Version"], 2);
    assert_eq!(usnat["SharingNotice"], 1);
    assert_eq!(usnat["SaleOptOutNotice"], 1);
    assert_eq!(usnat["SharingOptOutNotice"], 1);
    assert_eq!(usnat["TargetedAdvertisingOptOutNotice"], 1);
    assert_eq!(usnat["SaleOptOut"], 1, "1 is 'opted out'");
    assert_eq!(usnat["SharingOptOut"], 1);
    assert_eq!(usnat["TargetedAdvertisingOptOut"], 1);
    assert_eq!(usnat["SensitiveDataProcessing"], json!([0; 16].to_vec()));
    assert_eq!(usnat["KnownChildSensitiveDataConsents"], json!([0; 3].to_vec()));
    assert_eq!(usnat["MspaCoveredTransaction"], 1);
    assert_eq!(usnat["MspaOptOutOptionMode"], 1);
    assert_eq!(usnat["MspaServiceProviderMode"], 2);
    assert_eq!(usnat["Gpc"], true);
    let usca = &decoded["sections"]["usca"];
    assert_eq!(usca["Version"], 1);
    assert_eq!(usca["SaleOptOutNotice"], 1);
    assert_eq!(usca["SaleOptOut"], 1);
    assert_eq!(usca["SharingOptOut"], 1);
    assert_eq!(usca["SensitiveDataProcessing"], json!([0; 9].to_vec()));
    assert_eq!(usca["KnownChildSensitiveDataConsents"], json!([0; 2].to_vec()));
    assert_eq!(usca["Gpc"], true);
    assert_eq!(decoded["officialEncoding"], text.as_str(), "the library writes the same string");
}

#[test]
fn every_field_reads_where_the_spec_puts_it() {
    // Values chosen so that each field differs from its neighbours: a field read one place off shows.
    let nat = UsNat {
        sharing_notice: Notice::Provided,
        sale_opt_out_notice: Notice::NotProvided,
        sharing_opt_out_notice: Notice::NotApplicable,
        targeted_advertising_opt_out_notice: Notice::Provided,
        sensitive_data_processing_opt_out_notice: Notice::NotProvided,
        sensitive_data_limit_use_notice: Notice::Provided,
        sale_opt_out: OptOut::DidNotOptOut,
        sharing_opt_out: OptOut::OptedOut,
        targeted_advertising_opt_out: OptOut::NotApplicable,
        sensitive_data_processing: std::array::from_fn(|i| {
            [Consent::NoConsent, Consent::Consented, Consent::NotApplicable][i % 3]
        }),
        known_child_sensitive_data_consents: [Consent::Consented, Consent::NotApplicable, Consent::NoConsent],
        personal_data_consents: Consent::Consented,
        mspa: MspaFields {
            covered_transaction: false,
            opt_out_option_mode: MspaFlag::No,
            service_provider_mode: MspaFlag::Yes,
        },
        gpc: Some(false),
    };
    let ca = UsCa {
        sale_opt_out_notice: Notice::NotProvided,
        sharing_opt_out_notice: Notice::Provided,
        sensitive_data_limit_use_notice: Notice::NotApplicable,
        sale_opt_out: OptOut::OptedOut,
        sharing_opt_out: OptOut::DidNotOptOut,
        sensitive_data_processing: std::array::from_fn(|i| {
            [OptOut::OptedOut, OptOut::NotApplicable, OptOut::DidNotOptOut][i % 3]
        }),
        known_child_sensitive_data_consents: [Consent::NoConsent, Consent::Consented],
        personal_data_consents: Consent::NoConsent,
        mspa: MspaFields {
            covered_transaction: true,
            opt_out_option_mode: MspaFlag::NotApplicable,
            service_provider_mode: MspaFlag::No,
        },
        gpc: None,
    };
    let gpp = GppString { tcf_eu: Some(TC_STRING.into()), usnat: Some(nat), usca: Some(ca) };
    let text = gpp.encode().unwrap();
    let decoded = &official_decode(std::slice::from_ref(&text))[0];
    assert_eq!(decoded["sectionIds"], json!([2, 7, 8]));
    let usnat = &decoded["sections"]["usnat"];
    let fields = |section: &Value, names: &[&str]| names.iter().map(|n| section[n].clone()).collect::<Vec<_>>();
    assert_eq!(
        fields(
            usnat,
            &[
                "SharingNotice",
                "SaleOptOutNotice",
                "SharingOptOutNotice",
                "TargetedAdvertisingOptOutNotice",
                "SensitiveDataProcessingOptOutNotice",
                "SensitiveDataLimitUseNotice",
                "SaleOptOut",
                "SharingOptOut",
                "TargetedAdvertisingOptOut",
                "PersonalDataConsents",
                "MspaCoveredTransaction",
                "MspaOptOutOptionMode",
                "MspaServiceProviderMode",
                "Gpc",
            ]
        ),
        [
            json!(1),
            json!(2),
            json!(0),
            json!(1),
            json!(2),
            json!(1),
            json!(2),
            json!(1),
            json!(0),
            json!(2),
            json!(2),
            json!(2),
            json!(1),
            json!(false)
        ]
    );
    assert_eq!(usnat["SensitiveDataProcessing"], json!([1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1]));
    assert_eq!(usnat["KnownChildSensitiveDataConsents"], json!([2, 0, 1]));
    let usca = &decoded["sections"]["usca"];
    assert_eq!(
        fields(
            usca,
            &[
                "SaleOptOutNotice",
                "SharingOptOutNotice",
                "SensitiveDataLimitUseNotice",
                "SaleOptOut",
                "SharingOptOut",
                "PersonalDataConsents",
                "MspaCoveredTransaction",
                "MspaOptOutOptionMode",
                "MspaServiceProviderMode",
            ]
        ),
        [json!(2), json!(1), json!(0), json!(1), json!(2), json!(1), json!(1), json!(0), json!(2)]
    );
    assert_eq!(usca["SensitiveDataProcessing"], json!([1, 0, 2, 1, 0, 2, 1, 0, 2]));
    assert_eq!(usca["KnownChildSensitiveDataConsents"], json!([1, 2]));
    assert_eq!(usca["Gpc"], false, "no GPC sub-section reads as GPC off");
    assert_eq!(decoded["sections"]["tcfeuv2"]["CmpId"], 31, "the library reads the TC string carried through");
    // The library writes the US sections as we do (it always adds a GPC sub-section, so usca's core is compared);
    // it rewrites the TC string with its own defaults, so that one is not compared.
    let ours: Vec<&str> = text.split('~').collect();
    let official: Vec<&str> = decoded["officialEncoding"].as_str().unwrap().split('~').collect();
    assert_eq!(official[2], ours[2], "usnat");
    assert_eq!(official[3].split('.').next(), Some(ours[3]), "usca");
}
