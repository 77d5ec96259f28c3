//! The first layer's precomputed answers checked: each answer's stored choice and record as the banner would make
//! them, and, for a TCF site, the TC string each carries.

use super::*;
use crate::ConsentModeType;

/// The shipped demo config (analytics: demo-analytics; marketing: demo-ads, demo-video) with `extra` fields,
/// Consent Mode's analytics_storage on analytics, and no policy unless `extra` gives one.
fn config(extra: &str) -> SiteConfig {
    let demo: serde_json::Value = serde_json::from_str(include_str!("../../../demo/consent.json")).expect("JSON");
    let mut demo = demo.as_object().expect("an object").clone();
    demo.remove("policy");
    demo.insert("consent_days".into(), 180.into());
    demo.insert("consent_mode".into(), serde_json::json!({"analytics_storage": ["analytics"]}));
    let extra: serde_json::Value =
        serde_json::from_str(&format!("{{{}}}", extra.trim_start_matches(','))).expect("JSON");
    demo.extend(extra.as_object().expect("an object").clone());
    SiteConfig::from_json(&serde_json::Value::Object(demo).to_string()).expect("a valid config")
}

#[test]
fn accept_all_grants_every_category_and_service_as_the_banner_would() {
    let config = config("");
    let choices = EarlyChoices::for_config(&config, "de_DE", None).expect("no policy by URL");
    let accept = &choices.accept_all;
    let decisions = Choice::AcceptAll.decide(&config);
    let services = Choice::AcceptAll.decide_services(&config, &decisions);
    let banner = StoredConsent::new(accept.stored.id.clone(), &config, &decisions, &services, 0);
    assert_eq!(accept.stored, banner);
    assert_eq!(accept.submission.action, Action::AcceptAll);
    assert_eq!(accept.submission.locale, "de-DE");
    assert_eq!(accept.submission.ui_layer, UiLayer::FirstLayer);
    assert_eq!(accept.submission.consent_mode.get(&ConsentModeType::AnalyticsStorage), Some(&Decision::Granted));
    assert_eq!(accept.lifetime_ms, 180 * DAY_MS);
    assert_eq!(accept.found_trackers.get("*"), Some(&Decision::Granted));
}

#[test]
fn reject_all_keeps_only_the_strictly_necessary() {
    let choices = EarlyChoices::for_config(&config(""), "en", None).expect("no policy by URL");
    let reject = &choices.reject_all;
    assert_eq!(reject.stored.granted.iter().map(|c| c.as_str()).collect::<Vec<_>>(), ["necessary"]);
    assert_eq!(
        reject.stored.denied_services.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        ["demo-ads", "demo-analytics", "demo-video"]
    );
    assert_eq!(reject.submission.action, Action::RejectAll);
    assert_eq!(reject.submission.decisions.get("analytics"), Some(&Decision::Denied));
    assert_eq!(reject.found_trackers.get("marketing"), Some(&Decision::Denied));
    assert_eq!(reject.found_trackers.get("*"), Some(&Decision::Denied));
    assert_eq!(reject.found_trackers.get("necessary"), Some(&Decision::Granted));
}

#[test]
fn a_policy_the_banner_fetches_leaves_the_answer_to_the_banner() {
    let by_url = config(r#","policy":{"url":"/privacy.json"}"#);
    assert_eq!(EarlyChoices::for_config(&by_url, "en", None), None);
    assert_eq!(EarlyChoices::for_config(&by_url, "en", Some(b"<html>not a policy</html>")), None);
}

#[test]
fn a_policy_file_the_endpoint_has_is_named_by_the_digest_the_banner_computes() {
    let file = include_bytes!("../../../demo/privacy.json");
    let by_url = config(r#","policy":{"url":"/privacy.json"}"#);
    let choices = EarlyChoices::for_config(&by_url, "en", Some(file)).expect("the demo policy reads");
    let document = document_from_value(&serde_json::from_slice(file).expect("JSON"), "policy").expect("a policy");
    let digest = links::digest(&Policy::try_from(document).expect("a policy"));
    assert_eq!(choices.accept_all.submission.policy_sha256, Some(digest));
    assert_eq!(choices.policy_file_sha256, Some(sha256::hex_digest(file)));
}

#[test]
fn the_templates_are_what_the_endpoint_and_the_stored_choice_read() {
    let choices = EarlyChoices::for_config(&config(""), "en", None).expect("no policy by URL");
    let json = serde_json::to_value(&choices).expect("serialises");
    let stored = json["reject-all"]["stored"].to_string();
    assert_eq!(StoredConsent::from_json(&stored).ok(), Some(choices.reject_all.stored.clone()));
    let submission: ConsentSubmission =
        serde_json::from_value(json["accept-all"]["submission"].clone()).expect("the endpoint's wire type");
    assert_eq!(submission, choices.accept_all.submission);
}

/// A TCF site's answers: their TC strings.
mod tcf {
    use super::*;
    use crate::tcf::{check_site, decode_tc_string, Gvl, VendorList};

    fn tcf_config() -> SiteConfig {
        SiteConfig::from_json(
            r#"{"site": "news", "revision": 1, "categories": [{"id": "necessary", "title": "N", "required": true}],
                "tcf": {"cmp_id": 300, "cmp_version": 4, "vendors": [1, 2, 755]}}"#,
        )
        .unwrap()
    }

    fn list() -> VendorList {
        VendorList::new(Gvl::from_json(include_str!("../tests/fixtures/vendor-list.json")).unwrap(), [])
    }

    #[test]
    fn each_answer_of_a_tcf_site_carries_its_tc_string_in_the_answer_and_the_record() {
        let config = tcf_config();
        let disclosure = check_site(&config, Some(&list())).unwrap();
        let choices = EarlyChoices::for_site(&config, "de", None, disclosure.as_ref(), 1_796_527_200).unwrap();
        let accept = decode_tc_string(choices.accept_all.tc_string.as_deref().unwrap()).unwrap();
        assert_eq!(choices.accept_all.submission.tc_string, choices.accept_all.tc_string);
        assert_eq!((accept.cmp_id, accept.cmp_version, accept.vendor_list_version), (300, 4, 142));
        assert_eq!(accept.consent_language, "DE");
        assert_eq!(accept.vendors_consent.iter().copied().collect::<Vec<_>>(), [1, 2, 755]);
        assert_eq!(accept.disclosed_vendors.unwrap().into_iter().collect::<Vec<_>>(), [1, 2, 755]);
        let reject = decode_tc_string(choices.reject_all.submission.tc_string.as_deref().unwrap()).unwrap();
        assert!(reject.vendors_consent.is_empty() && reject.purposes_consent.is_empty(), "{reject:?}");
        assert_eq!(reject.disclosed_vendors.map(|d| d.len()), Some(3));
        assert_eq!(reject.created_deciseconds, 1_796_515_200 * 10, "the day of rendering, at midnight UTC");
    }

    #[test]
    fn a_site_naming_google_ad_tech_providers_gets_each_answers_additional_consent_string() {
        let config = SiteConfig::from_json(
            r#"{"site": "news", "revision": 1, "categories": [{"id": "necessary", "title": "N", "required": true}],
                "tcf": {"cmp_id": 300, "cmp_version": 4, "vendors": [1],
                        "google_ad_tech_providers": [
                            {"id": 1097, "name": "Later", "privacy_url": "https://later.example/privacy"},
                            {"id": 89, "name": "Earlier", "privacy_url": "https://earlier.example/privacy"}]}}"#,
        )
        .unwrap();
        let disclosure = check_site(&config, Some(&list())).unwrap();
        let choices = EarlyChoices::for_site(&config, "en", None, disclosure.as_ref(), 0).unwrap();
        assert_eq!(choices.accept_all.ac_string.as_deref(), Some("2~89.1097~dv."));
        assert_eq!(choices.reject_all.ac_string.as_deref(), Some("2~~dv.89.1097"));
        let json = serde_json::to_value(&choices).unwrap();
        assert_eq!(json["reject-all"]["ac_string"], "2~~dv.89.1097");
        assert_eq!(json["reject-all"]["submission"]["ac_string"], "2~~dv.89.1097", "the record keeps it");
        assert_eq!(json["accept-all"]["submission"]["ac_string"], "2~89.1097~dv.");
        let plain = EarlyChoices::for_site(&tcf_config(), "en", None, disclosure.as_ref(), 0).unwrap();
        assert_eq!(plain.accept_all.ac_string, None, "no providers named: no AC string");
        assert_eq!(plain.accept_all.submission.ac_string, None);
    }

    #[test]
    fn a_tcf_site_without_a_vendor_list_leaves_the_answers_to_the_banner() {
        assert_eq!(EarlyChoices::for_site(&tcf_config(), "en", None, None, 0), None);
        let disclosure = check_site(&tcf_config(), Some(&list())).unwrap();
        assert_eq!(EarlyChoices::for_site(&tcf_config(), "fil", None, disclosure.as_ref(), 0), None, "no 2 letters");
    }
}
