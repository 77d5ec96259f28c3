//! The site config's JSON Schema: derived from the reader's types, served at `/v1/schema/config.json`, committed as
//! `schemas/config.schema.json` (named by the demo config's `"$schema"`), and in agreement with `consent config check`
//! on the configs the project ships.

mod backend;

use axum::http::{header, StatusCode};
use backend::{get, send, text};
use consent_core::config::schema::config_schema;
use consent_core::SiteConfig;
use serde_json::{json, Value};

const COMMITTED: &str = include_str!("../../../schemas/config.schema.json");

/// Every config the project ships, as (path, text).
fn shipped_configs() -> Vec<(&'static str, &'static str)> {
    vec![
        ("demo/consent.json", include_str!("../../../demo/consent.json")),
        ("tests/e2e/fixtures/corpus/consent.json", include_str!("../../../tests/e2e/fixtures/corpus/consent.json")),
        (
            "tests/e2e/fixtures/leak-bench/owner-config/consent-banner/consent.json",
            include_str!("../../../tests/e2e/fixtures/leak-bench/owner-config/consent-banner/consent.json"),
        ),
    ]
}

fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::new(&config_schema()).expect("the schema is a valid draft 2020-12 schema")
}

#[tokio::test]
async fn the_served_schema_is_the_committed_one_and_names_draft_2020_12() {
    let db = backend::sqlite().await;
    let response = send(db.app().await, get("/v1/schema/config.json")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/schema+json");
    assert_eq!(response.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    let served = text(response).await;
    assert_eq!(
        served, COMMITTED,
        "schemas/config.schema.json is stale: run `consent config schema > schemas/config.schema.json`"
    );
    let schema: Value = serde_json::from_str(&served).unwrap();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
}

#[test]
fn every_shipped_config_passes_both_the_schema_and_the_check() {
    let validator = validator();
    for (path, text) in shipped_configs() {
        let value: Value = serde_json::from_str(text).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&value).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{path}: {errors:?}");
        assert!(SiteConfig::from_json(text).is_ok(), "{path} passes the check");
    }
    assert_eq!(
        serde_json::from_str::<Value>(shipped_configs()[0].1).unwrap()["$schema"],
        "../schemas/config.schema.json",
        "the demo config names the schema for editors"
    );
}

#[test]
fn what_the_reader_refuses_for_its_shape_the_schema_refuses_too() {
    let validator = validator();
    let demo: Value = serde_json::from_str(shipped_configs()[0].1).unwrap();
    let broken = [
        ("an unknown field", json!({ "colour": "#fff" })),
        ("a revision that is text", json!({ "revision": "2" })),
        ("an unknown text", json!({ "texts": { "titel": "Cookies" } })),
        ("a text that is not text", json!({ "texts": { "title": 3 } })),
        ("an unknown layout", json!({ "layout": "popup" })),
        ("an unknown colour scheme", json!({ "theme": { "mode": "sepia" } })),
        ("two policy sources", json!({ "policy": { "markdown": "# P", "text": "P" } })),
        ("a translation of an unknown text", json!({ "translations": { "fr": { "titel": "Cookies" } } })),
        ("auto_blocking that is a number", json!({ "auto_blocking": 1 })),
        ("an unknown Consent Mode type", json!({ "consent_mode": { "ad_magic": ["marketing"] } })),
    ];
    for (what, change) in broken {
        let mut config = demo.clone();
        for (key, value) in change.as_object().unwrap() {
            config[key] = value.clone();
        }
        assert!(!validator.is_valid(&config), "the schema accepts {what}");
        assert!(SiteConfig::from_json(&config.to_string()).is_err(), "the check accepts {what}");
    }
    // And what the reader accepts, the schema does too: words, translations, a policy by URL, auto-blocking off.
    let mut config = demo.clone();
    config["texts"] = json!({ "title": "Cookies?" });
    config["translations"] =
        json!({ "fr": { "title": "Cookies ?", "categories": { "analytics": { "title": "Mesure" } } } });
    config["policy"] = json!({ "url": "/privacy.json", "format": "json", "cookie_section": "cookies" });
    config["auto_blocking"] = json!(false);
    config["layout"] = json!("modal");
    let errors: Vec<String> =
        validator.iter_errors(&config).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert!(SiteConfig::from_json(&config.to_string()).is_ok());
}
