//! A config's Markdown or text policy is imported when the config is loaded, and the served config carries the
//! imported document the banner renders.

use consent_core::config::policy::PolicySource;
use consent_core::SiteConfig;
use consent_policy_import::import_config_policy;

fn config(policy: &str) -> SiteConfig {
    let json = format!(
        r#"{{"site": "demo-shop", "revision": 1, "policy": {policy},
            "categories": [{{"id": "necessary", "title": "Strictly necessary", "required": true}}]}}"#
    );
    SiteConfig::from_json(&json).unwrap()
}

const MARKDOWN: &str =
    r##"{"markdown": "# Privacy\n\n## Who we are\n\nDemo Shop.\n\n## Our use of cookies\n\nWe use cookies.\n"}"##;

#[test]
fn markdown_in_the_config_is_served_imported_with_its_cookie_section() {
    let mut config = config(MARKDOWN);
    import_config_policy(&mut config).unwrap();
    let served = serde_json::to_value(&config).unwrap();
    assert_eq!(served["policy"]["cookie_section"], "our-use-of-cookies");
    assert_eq!(served["policy"]["document"]["sections"][0]["heading"], "Who we are");
    assert!(served["policy"].get("markdown").is_none(), "the banner gets the document, not the Markdown");

    let again = SiteConfig::from_json(&served.to_string()).unwrap();
    let Some(PolicySource::Document(policy)) = again.policy.as_ref().map(|p| &p.source) else { panic!("a document") };
    assert_eq!(policy.sections()[1].heading(), "Our use of cookies");
    assert_eq!(serde_json::to_value(&again).unwrap(), served, "the served form is stable");
}

#[test]
fn a_cookie_section_the_config_names_is_kept() {
    let named = MARKDOWN.replace(r#"}"#, r#", "cookie_section": "who-we-are"}"#);
    let mut config = config(&named);
    import_config_policy(&mut config).unwrap();
    assert_eq!(serde_json::to_value(&config).unwrap()["policy"]["cookie_section"], "who-we-are");
}

#[test]
fn text_is_imported_and_other_sources_are_left_alone() {
    let mut text = config(r#"{"text": "PRIVACY POLICY\n\n1. Cookies\n\nWe use cookies.\n"}"#);
    import_config_policy(&mut text).unwrap();
    let Some(PolicySource::Document(policy)) = text.policy.as_ref().map(|p| &p.source) else { panic!("a document") };
    assert_eq!(policy.sections()[0].heading(), "Cookies");

    let url = config(r#"{"url": "/privacy.json"}"#);
    let mut imported = url.clone();
    import_config_policy(&mut imported).unwrap();
    assert_eq!(imported, url);
}
