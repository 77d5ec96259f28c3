use super::*;
use crate::config::appearance::Layout;
use crate::texts::TextsPatch;

pub(crate) const DEMO: &str = r#"{
    "site": "demo-shop",
    "revision": 1,
    "categories": [
        {"id": "necessary", "title": "Strictly necessary", "required": true},
        {"id": "analytics", "title": "Analytics", "description": "Counts visits."},
        {"id": "marketing", "title": "Marketing"}
    ]
}"#;

pub(crate) fn demo_config() -> SiteConfig {
    SiteConfig::from_json(DEMO).unwrap()
}

fn problems(json: &str) -> Vec<String> {
    match SiteConfig::from_json(json) {
        Err(ConfigError::Invalid(list)) => list.iter().map(ToString::to_string).collect(),
        other => panic!("expected field problems, got {other:?}"),
    }
}

#[test]
fn a_minimal_config_gets_defaults() {
    let config = demo_config();
    assert_eq!(config.consent_days, DEFAULT_CONSENT_DAYS);
    assert_eq!(config.texts, TextsPatch::default());
    assert_eq!(config.language.as_str(), "en");
    assert!(config.categories[0].required);
    assert!(!config.categories[1].required);
}

#[test]
fn the_shipped_demo_config_is_valid() {
    let text = include_str!("../../../../demo/consent.json");
    let config = SiteConfig::from_json(text).unwrap();
    assert!(config.categories.iter().any(|c| c.required));
}

#[test]
fn uppercase_category_id_is_named_by_its_index() {
    let json = DEMO.replace("\"analytics\"", "\"Analytics\"");
    assert_eq!(problems(&json), ["categories[1].id: 'Analytics' must start with a lowercase letter a-z"]);
}

#[test]
fn every_problem_is_reported_at_once() {
    let json = r#"{"site": "Demo Shop", "revision": 0, "consent_days": 400,
        "categories": [{"id": "a", "title": ""}, {"id": "a", "title": "A"}]}"#;
    let found = problems(json);
    assert_eq!(found.len(), 5, "{found:?}");
    assert!(found[0].starts_with("site: 'Demo Shop'"));
    assert!(found[1].starts_with("revision: "));
    assert!(found[2].starts_with("consent_days: 400 is out of range"));
    assert_eq!(found[3], "categories[0].title: must not be empty: visitors choose by this title");
    assert_eq!(found[4], "categories[1].id: 'a' is listed twice");
}

#[test]
fn unknown_fields_are_refused_by_name() {
    let json = DEMO.replace("\"revision\"", "\"revison\"");
    let err = SiteConfig::from_json(&json).unwrap_err().to_string();
    assert!(err.contains("unknown field `revison`"), "{err}");
}

#[test]
fn missing_field_is_named() {
    let err = SiteConfig::from_json(r#"{"site": "x", "revision": 1}"#).unwrap_err().to_string();
    assert!(err.contains("missing field `categories`"), "{err}");
}

fn with_services(services: &str) -> String {
    DEMO.replace("\"revision\": 1,", &format!("\"revision\": 1, \"services\": {services},"))
}

#[test]
fn a_catalog_reference_is_resolved_and_may_override_the_category() {
    let json = with_services(r#"[{"catalog": "google-analytics"}, {"catalog": "youtube", "category": "analytics"}]"#);
    let config = SiteConfig::from_json(&json).unwrap();
    let ga = &config.services[0];
    assert_eq!((ga.id.as_str(), ga.category.as_str()), ("google-analytics", "analytics"));
    assert!(ga.items.iter().any(|item| item.matches_name("_ga_XYZ123")));
    assert_eq!(config.services[1].category.as_str(), "analytics");
}

#[test]
fn services_with_unknown_catalog_ids_categories_or_hosts_are_named() {
    let json = with_services(
        r#"[{"catalog": "google-anlytics"}, {"catalog": "google-maps"},
            {"id": "chat", "category": "marketing", "name": "Chat", "hosts": ["*.com"]}]"#,
    );
    let found = problems(&json);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].starts_with("services[0].catalog: 'google-anlytics' is not in the catalog (google-analytics,"));
    assert!(found[1].starts_with("services[1].category: 'functional' is not one of the config's categories"));
    assert!(found[2].starts_with("services[2].hosts[0]: '*.com' matches every host under a top-level domain"));
}

#[test]
fn the_most_specific_pattern_decides_which_service_a_url_belongs_to() {
    let json = with_services(
        r#"[{"catalog": "google-analytics"}, {"catalog": "google-tag-manager", "category": "marketing"},
            {"catalog": "meta-pixel"}]"#,
    );
    let config = SiteConfig::from_json(&json).unwrap();
    let owner = |url: &str| config.service_for_url(url).map(|s| s.id.to_string());
    assert_eq!(owner("https://www.googletagmanager.com/gtm.js?id=GTM-1").as_deref(), Some("google-tag-manager"));
    assert_eq!(owner("https://www.googletagmanager.com/gtag/js?id=G-1").as_deref(), Some("google-analytics"));
    assert_eq!(owner("https://region1.google-analytics.com/g/collect").as_deref(), Some("google-analytics"));
    assert_eq!(owner("https://www.facebook.com/tr?id=1").as_deref(), Some("meta-pixel"));
    assert_eq!(owner("https://www.facebook.com/login"), None);
    assert_eq!(owner("/local.js"), None);
}

#[test]
fn the_served_form_of_a_config_parses_back_to_the_same_config() {
    let json = with_services(r#"[{"catalog": "hotjar"}, {"catalog": "meta-pixel", "hosts": ["px.example.com/p"]}]"#);
    let config = SiteConfig::from_json(&json).unwrap();
    let served = serde_json::to_string(&config).unwrap();
    assert_eq!(SiteConfig::from_json(&served).unwrap(), config);
}

#[test]
fn a_cookie_domain_must_be_a_domain_and_a_revision_note_must_say_something() {
    let json =
        DEMO.replace("\"revision\": 1,", "\"revision\": 1, \"cookie_domain\": \"com\", \"revision_note\": \" \",");
    let found = problems(&json);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].starts_with("revision_note: must be 1 to"));
    assert!(found[1].starts_with("cookie_domain: must be a registrable domain"));
    let ok = DEMO.replace("\"revision\": 1,", "\"revision\": 1, \"cookie_domain\": \".Example.com\",");
    assert_eq!(SiteConfig::from_json(&ok).unwrap().cookie_domain.as_deref(), Some("example.com"));
}

#[test]
fn a_layout_and_a_theme_mode_are_checked_and_served_only_when_set() {
    let json =
        DEMO.replace("\"revision\": 1,", "\"revision\": 1, \"layout\": \"corner\", \"theme\": {\"mode\": \"night\"},");
    assert_eq!(
        problems(&json),
        [
            "theme.mode: 'night' is not one of 'auto', 'light', 'dark'",
            "layout: 'corner' is not one of 'bar', 'box', 'modal'"
        ]
    );
    let set =
        DEMO.replace("\"revision\": 1,", "\"revision\": 1, \"layout\": \"modal\", \"theme\": {\"mode\": \"dark\"},");
    let config = SiteConfig::from_json(&set).unwrap();
    assert_eq!((config.layout, config.theme.mode), (Layout::Modal, crate::config::appearance::ColourMode::Dark));
    let served = serde_json::to_value(&config).unwrap();
    assert_eq!(
        (&served["layout"], &served["theme"]["mode"]),
        (&serde_json::json!("modal"), &serde_json::json!("dark"))
    );
    assert_eq!(SiteConfig::from_json(&served.to_string()).unwrap(), config);
    let plain = serde_json::to_value(demo_config()).unwrap();
    assert!(plain.get("layout").is_none() && plain["theme"].get("mode").is_none(), "defaults are not served: {plain}");
}

#[test]
fn javascript_policy_url_is_refused() {
    let json = DEMO.replace("\"revision\": 1,", "\"revision\": 1, \"policy_url\": \"javascript:alert(1)\",");
    assert_eq!(problems(&json), ["policy_url: must be an http(s) or relative URL"]);
}
