use super::*;
use crate::config::tests::demo_config;

pub(crate) fn submission() -> ConsentSubmission {
    serde_json::from_str(
        r#"{
            "consent_id": "3f2b8c1e-9d4a-4c6b-8e2f-1a2b3c4d5e6f",
            "site": "demo-shop",
            "action": "custom",
            "decisions": {"necessary": "granted", "analytics": "granted", "marketing": "denied"},
            "config_revision": 1,
            "config_sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "locale": "en-GB",
            "ui_layer": "preferences",
            "page_url": "https://shop.example/cart?email=a@b.c",
            "decided_at_ms": 1764000000000,
            "expires_at_ms": 1779000000000,
            "banner_version": "0.1.0"
        }"#,
    )
    .unwrap()
}

#[test]
fn locales_are_normalised_or_undetermined() {
    assert_eq!(normalise_locale("en_GB"), "en-GB");
    assert_eq!(normalise_locale(" zh-CN "), "zh-CN");
    assert_eq!(normalise_locale("<script>"), "und");
    assert_eq!(normalise_locale(""), "und");
}

#[test]
fn a_good_submission_is_checked_and_loses_its_query_string() {
    let record = ConsentRecord::try_from(submission()).unwrap();
    assert_eq!(record.page_url, "https://shop.example/cart");
    assert_eq!(record.check_against(&demo_config()), Ok(()));
}

#[test]
fn bad_fields_are_all_named() {
    let mut wire = submission();
    wire.consent_id = "1; DROP TABLE x".into();
    wire.locale = "<script>".into();
    wire.page_url = "javascript:alert(1)".into();
    let err = ConsentRecord::try_from(wire).unwrap_err();
    let paths: Vec<_> = err.fields().iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["consent_id", "locale", "page_url"]);
}

#[test]
fn markup_and_raw_text_are_refused_in_urls_and_versions() {
    let mut wire = submission();
    wire.page_url = "https://shop.example/<script>alert(1)</script>".into();
    wire.banner_version = "<script>".into();
    let err = ConsentRecord::try_from(wire).unwrap_err();
    let paths: Vec<_> = err.fields().iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["page_url", "banner_version"]);

    let mut wire = submission();
    wire.page_url = "https://shop.example/caf%C3%A9?q=<not kept>".into();
    wire.banner_version = "1.2.3-beta+build_7".into();
    assert!(ConsentRecord::try_from(wire).is_ok(), "an encoded path and a semver are fine; the query is dropped");
}

#[test]
fn unknown_fields_and_wrong_types_are_refused() {
    let text = serde_json::to_string(&submission()).unwrap();
    let extra = text.replacen('{', r#"{"ip":"1.2.3.4","#, 1);
    assert!(serde_json::from_str::<ConsentSubmission>(&extra).unwrap_err().to_string().contains("unknown field `ip`"));
    let wrong = text.replace(r#""action":"custom""#, r#""action":"maybe""#);
    assert!(serde_json::from_str::<ConsentSubmission>(&wrong).is_err());
}

#[test]
fn denying_a_required_category_or_skipping_one_is_refused() {
    let mut wire = submission();
    wire.decisions.insert("necessary".into(), Decision::Denied);
    wire.decisions.remove("marketing");
    let err = ConsentRecord::try_from(wire).unwrap().check_against(&demo_config()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "decisions.necessary: is a strictly necessary category and cannot be denied; \
         decisions.marketing: is missing: every category needs an explicit decision"
    );
}

#[test]
fn another_site_or_a_future_revision_is_refused() {
    let mut wire = submission();
    wire.site = "other-shop".into();
    wire.config_revision = 9;
    let err = ConsentRecord::try_from(wire).unwrap().check_against(&demo_config()).unwrap_err();
    assert_eq!(err.fields().len(), 2);
}

/// The demo config with a `tcf` section (CMP id 300) and a TC string that site's "Accept all" writes.
fn tcf_site_and_string() -> (SiteConfig, String) {
    tcf_site_with(serde_json::json!({"cmp_id": 300, "cmp_version": 1, "vendors": [1, 2]}))
}

/// [`tcf_site_and_string`] with Google's ad tech providers 89 and 1097 named.
fn tcf_site_with_providers() -> (SiteConfig, String) {
    tcf_site_with(serde_json::json!({"cmp_id": 300, "cmp_version": 1, "vendors": [1, 2],
        "google_ad_tech_providers": [
            {"id": 89, "name": "Tiller", "privacy_url": "https://tiller.example/privacy"},
            {"id": 1097, "name": "Quarry", "privacy_url": "https://quarry.example/privacy"}]}))
}

fn tcf_site_with(tcf: serde_json::Value) -> (SiteConfig, String) {
    use crate::tcf::{check_site, Gvl, VendorList};
    let mut config: serde_json::Value = serde_json::to_value(demo_config()).unwrap();
    config["tcf"] = tcf;
    let config = SiteConfig::from_json(&config.to_string()).unwrap();
    let list = VendorList::new(Gvl::from_json(include_str!("../tests/fixtures/vendor-list.json")).unwrap(), []);
    let disclosure = check_site(&config, Some(&list)).unwrap();
    let choices =
        crate::early_choice::EarlyChoices::for_site(&config, "en", None, disclosure.as_ref(), 1_796_527_200).unwrap();
    (config, choices.accept_all.tc_string.unwrap())
}

#[test]
fn a_tc_string_of_the_sites_cmp_is_kept() {
    let (config, tc_string) = tcf_site_and_string();
    let mut wire = submission();
    wire.tc_string = Some(tc_string.clone());
    let record = ConsentRecord::try_from(wire).unwrap();
    assert_eq!(record.check_against(&config), Ok(()));
    assert_eq!(record.tc_string, Some(tc_string));
}

#[test]
fn a_tc_string_that_does_not_decode_is_refused_naming_the_field() {
    let mut wire = submission();
    wire.tc_string = Some("not-a-tc-string".into());
    let error = ConsentRecord::try_from(wire).unwrap_err();
    assert_eq!(error.fields()[0].path, "tc_string");
    assert!(error.fields()[0].reason.starts_with("is not a TC string"), "{error}");
}

#[test]
fn a_tc_string_of_another_cmp_or_for_a_site_without_tcf_is_refused() {
    let (config, tc_string) = tcf_site_and_string();
    let mut wire = submission();
    wire.tc_string = Some(tc_string);
    let record = ConsentRecord::try_from(wire).unwrap();
    let mut other_cmp: serde_json::Value = serde_json::to_value(&config).unwrap();
    other_cmp["tcf"]["cmp_id"] = 301.into();
    let other_cmp = SiteConfig::from_json(&other_cmp.to_string()).unwrap();
    let error = record.check_against(&other_cmp).unwrap_err();
    assert_eq!(error.to_string(), "tc_string: names CMP id 300, but the site's config has CMP id 301");
    let error = record.check_against(&demo_config()).unwrap_err();
    assert_eq!(error.to_string(), "tc_string: the site's config has no tcf section: send no TC string");
}

#[test]
fn a_submission_without_a_tc_string_is_serialised_as_before() {
    let json = serde_json::to_string(&submission()).unwrap();
    assert!(!json.contains("tc_string") && !json.contains("ac_string"), "{json}");
}

/// A submission of the providers' site carrying `tc_string` and `ac_string`.
fn with_strings(tc_string: &str, ac_string: &str) -> ConsentSubmission {
    let mut wire = submission();
    wire.tc_string = Some(tc_string.into());
    wire.ac_string = Some(ac_string.into());
    wire
}

#[test]
fn an_ac_string_of_the_sites_providers_is_kept() {
    let (config, tc_string) = tcf_site_with_providers();
    let record = ConsentRecord::try_from(with_strings(&tc_string, "2~1097~dv.89")).unwrap();
    assert_eq!(record.check_against(&config), Ok(()));
    assert_eq!(record.ac_string.as_deref(), Some("2~1097~dv.89"));
}

#[test]
fn an_ac_string_that_does_not_read_or_comes_without_a_tc_string_is_refused_naming_the_field() {
    let (_, tc_string) = tcf_site_with_providers();
    let error = ConsentRecord::try_from(with_strings(&tc_string, "1~89.1097")).unwrap_err();
    assert_eq!(error.to_string(), "ac_string: is not an AC string of the form '2~<consented ids>~dv.<disclosed ids>'");
    let mut alone = submission();
    alone.ac_string = Some("2~89~dv.1097".into());
    let error = ConsentRecord::try_from(alone).unwrap_err();
    assert_eq!(error.to_string(), "ac_string: is sent only beside a tc_string");
}

#[test]
fn an_ac_string_naming_a_provider_the_site_does_not_or_for_a_site_without_providers_is_refused() {
    let (config, tc_string) = tcf_site_with_providers();
    let record = ConsentRecord::try_from(with_strings(&tc_string, "2~89.7~dv.1097")).unwrap();
    let error = record.check_against(&config).unwrap_err();
    assert_eq!(
        error.to_string(),
        "ac_string: names provider 7, which the site's tcf.google_ad_tech_providers does not"
    );
    let (no_providers, _) = tcf_site_and_string();
    let record = ConsentRecord::try_from(with_strings(&tc_string, "2~89~dv.1097")).unwrap();
    let error = record.check_against(&no_providers).unwrap_err();
    assert_eq!(
        error.to_string(),
        "ac_string: the site's config names no tcf.google_ad_tech_providers: send no AC string"
    );
    let mut no_tcf = submission();
    no_tcf.ac_string = Some("2~89~dv.1097".into());
    no_tcf.tc_string = Some(tc_string);
    let error = ConsentRecord::try_from(no_tcf).unwrap().check_against(&demo_config()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "tc_string: the site's config has no tcf section: send no TC string; ac_string: the site's config has no tcf \
         section: send no AC string"
    );
}

#[test]
fn an_earlier_revisions_ac_string_may_name_providers_the_config_has_since_dropped() {
    let (config, tc_string) = tcf_site_with_providers();
    let mut config: serde_json::Value = serde_json::to_value(&config).unwrap();
    config["revision"] = 2.into();
    config["tcf"]["google_ad_tech_providers"] = serde_json::json!([]);
    let config = SiteConfig::from_json(&config.to_string()).unwrap();
    let record = ConsentRecord::try_from(with_strings(&tc_string, "2~89~dv.1097")).unwrap();
    assert_eq!(record.check_against(&config), Ok(()), "revision 1 named 89 and 1097");
}
