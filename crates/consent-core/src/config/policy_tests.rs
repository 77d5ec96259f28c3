use super::*;
use crate::config::tests::DEMO;
use crate::config::ConfigError;
use crate::SiteConfig;

fn with(policy: &str) -> String {
    DEMO.replace("\"revision\": 1,", &format!("\"revision\": 1, \"policy\": {policy},"))
}

fn problems(json: &str) -> Vec<String> {
    match SiteConfig::from_json(json) {
        Err(ConfigError::Invalid(list)) => list.iter().map(ToString::to_string).collect(),
        other => panic!("expected field problems, got {other:?}"),
    }
}

#[test]
fn markdown_in_the_config_is_kept_as_written_until_imported() {
    let policy = r##"{"markdown": "# Privacy\n\n## Cookies\n\nWe use cookies.\n"}"##;
    let config = SiteConfig::from_json(&with(policy)).unwrap();
    assert!(matches!(config.policy.as_ref().unwrap().source, PolicySource::Markdown(_)));
    let served = serde_json::to_value(&config).unwrap();
    assert_eq!(served["policy"], serde_json::json!({"markdown": "# Privacy\n\n## Cookies\n\nWe use cookies.\n"}));
}

#[test]
fn a_byte_order_mark_alone_is_no_policy() {
    assert_eq!(
        problems(&with(r#"{"text": "\ufeff\n"}"#)),
        ["policy.text: must be the policy's text, not empty or binary"]
    );
}

#[test]
fn a_url_gets_its_format_from_the_extension_unless_given() {
    for (policy, format) in [
        (r#"{"url": "/privacy.json"}"#, PolicyFileFormat::Json),
        (r#"{"url": "/privacy.md?v=2"}"#, PolicyFileFormat::Markdown),
        (r#"{"url": "https://shop.example/privacy"}"#, PolicyFileFormat::Text),
        (r#"{"url": "/policy", "format": "json"}"#, PolicyFileFormat::Json),
    ] {
        let config = SiteConfig::from_json(&with(policy)).unwrap();
        let Some(PolicySource::Url { format: found, .. }) = config.policy.map(|p| p.source) else { panic!("{policy}") };
        assert_eq!(found, format, "{policy}");
    }
}

#[test]
fn every_policy_problem_is_named_by_its_path() {
    assert_eq!(
        problems(&with(r#"{"markdown": "a", "url": "/b"}"#)),
        ["policy: must have exactly one of markdown, text, url or document"]
    );
    assert_eq!(
        problems(&with(r#"{"markdown": "  \n"}"#)),
        ["policy.markdown: must be the policy's text, not empty or binary"]
    );
    assert_eq!(
        problems(&with(r#"{"url": "javascript:alert(1)"}"#)),
        ["policy.url: must be an http(s) or relative URL"]
    );
    assert_eq!(problems(&with(r#"{"url": "/p", "format": "pdf"}"#)), ["policy.format: must be markdown, text or json"]);
    assert_eq!(
        problems(&with(r#"{"text": "Policy", "cookie_section": "Cookies", "lang": "en"}"#)),
        [
            "policy.lang: is not a policy setting (markdown, text, url, format, document, cookie_section)",
            "policy.cookie_section: section id 'Cookies' must start with a lowercase letter a-z"
        ]
    );
    let document = r#"{"document": {"sections": [{"heading": "A", "level": 2, "id": "a"}]}}"#;
    assert_eq!(
        problems(&with(document)),
        ["policy.document.sections[0].level: 2 should be 1, the section's depth in the outline"]
    );
    let unknown = r#"{"document": {"sections": [{"heading": "A", "level": 1, "id": "a"}]}, "cookie_section": "b"}"#;
    assert_eq!(problems(&with(unknown)), ["policy.cookie_section: no section of the policy has the id 'b'"]);
}

#[test]
fn a_category_names_its_section_by_a_slug() {
    let json = DEMO.replace(r#""title": "Analytics","#, r#""title": "Analytics", "policy_section": "Statistics!","#);
    assert_eq!(
        problems(&json),
        ["categories[1].policy_section: section id 'Statistics!' must start with a lowercase letter a-z"]
    );
}
