//! Google's Additional Consent string in the proof-of-consent log: a TCF site naming Google's ad tech providers gets
//! each record's AC string checked against its providers, stored, covered by the chain hash and exported; on SQLite
//! and PostgreSQL.

mod backend;

use axum::http::StatusCode;
use axum::Router;
use backend::tcf::{
    accept_all_record, config_with_google_providers, server, tcf_server, tcf_string_of_cmp_300, vendor_list,
};
use backend::{admin, json, post_json, send, text, TestDb};
use serde_json::{json, Value};

/// The endpoint with the demo site a TCF site naming Google's providers 1097 and 89.
async fn providers_server(db: &TestDb) -> Router {
    let app = server(db, Some(vendor_list())).await;
    let providers = json!([
        {"id": 1097, "name": "Later Ads", "privacy_url": "https://later.example/privacy"},
        {"id": 89, "name": "Tiller", "privacy_url": "https://tiller.example/privacy"}
    ]);
    let config = config_with_google_providers(providers);
    let response = send(app.clone(), admin("PUT", "/v1/sites/demo-shop/config", config)).await;
    assert_eq!(response.status(), StatusCode::OK);
    app
}

/// The first layer's "Accept all" record with `ac_string` in place of its own.
async fn record_with(app: &Router, ac_string: &str) -> Value {
    let mut record = accept_all_record(app).await;
    record["ac_string"] = json!(ac_string);
    record
}

/// Posts `record` and returns the refusal's first field, which must be `ac_string`.
async fn refusal(app: &Router, record: &Value) -> String {
    let response = send(app.clone(), post_json(record)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(response).await;
    assert_eq!(body["fields"][0]["path"], "ac_string", "{body}");
    body["fields"][0]["reason"].as_str().unwrap().to_owned()
}

async fn a_providers_choice_is_kept_in_the_log_the_chain_and_the_export(db: TestDb) {
    let app = providers_server(&db).await;
    let record = record_with(&app, "2~1097~dv.89").await;
    let response = send(app.clone(), post_json(&record)).await;
    assert_eq!(response.status(), StatusCode::CREATED, "{}", text(response).await);

    let export = text(send(app.clone(), admin("GET", "/v1/sites/demo-shop/consents", "")).await).await;
    let line: Value = serde_json::from_str(export.lines().next().unwrap()).unwrap();
    assert_eq!(line["ac_string"], "2~1097~dv.89", "{line}");
    let logged: consent_server::LoggedRow = serde_json::from_value(line).unwrap();
    assert!(logged.hash_matches(), "the AC string is covered by the chain hash");
    let mut edited = logged.clone();
    edited.row.ac_string = Some("2~89.1097~dv.".into());
    assert!(!edited.hash_matches(), "turning a refusal into consent in the log breaks the chain");

    let csv = text(send(app, admin("GET", "/v1/sites/demo-shop/consents?format=csv", "")).await).await;
    // The cells before it hold quoted commas; the AC string and the chain link after it hold none.
    let from_end = |line: &str| line.rsplit(',').nth(3).map(str::to_owned);
    let (header, row) = (csv.lines().next().unwrap(), csv.lines().nth(1).unwrap());
    assert_eq!(from_end(header).as_deref(), Some("ac_string"), "{header}");
    assert_eq!(from_end(row).as_deref(), Some("2~1097~dv.89"), "{row}");
}

async fn an_ac_string_that_does_not_parse_is_refused_naming_the_field(db: TestDb) {
    let app = providers_server(&db).await;
    let reason = refusal(&app, &record_with(&app, "1~89.1097").await).await;
    assert_eq!(reason, "is not an AC string of the form '2~<consented ids>~dv.<disclosed ids>'");
    let reason = refusal(&app, &record_with(&app, "2~89~dv.x").await).await;
    assert_eq!(reason, "'x' is not a Google Ad Tech Provider id (a positive integer)");
}

async fn an_ac_string_naming_a_provider_the_config_does_not_is_refused(db: TestDb) {
    let app = providers_server(&db).await;
    let reason = refusal(&app, &record_with(&app, "2~89.7~dv.1097").await).await;
    assert_eq!(reason, "names provider 7, which the site's tcf.google_ad_tech_providers does not");
}

async fn an_ac_string_from_a_site_without_providers_or_without_tcf_is_refused(db: TestDb) {
    let app = tcf_server(&db).await;
    let reason = refusal(&app, &record_with(&app, "2~89~dv.").await).await;
    assert_eq!(reason, "the site's config names no tcf.google_ad_tech_providers: send no AC string");

    let app = db.app().await;
    let mut plain = backend::submission();
    plain["ac_string"] = json!("2~89~dv.");
    let reason = refusal(&app, &plain).await;
    assert_eq!(reason, "is sent only beside a tc_string");
    plain["tc_string"] = json!(tcf_string_of_cmp_300());
    let response = send(app, post_json(&plain)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(response).await;
    let ac = body["fields"].as_array().unwrap().iter().find(|f| f["path"] == "ac_string").cloned();
    assert_eq!(ac.unwrap()["reason"], "the site's config has no tcf section: send no AC string", "{body}");
}

for_each_backend!(
    a_providers_choice_is_kept_in_the_log_the_chain_and_the_export,
    an_ac_string_that_does_not_parse_is_refused_naming_the_field,
    an_ac_string_naming_a_provider_the_config_does_not_is_refused,
    an_ac_string_from_a_site_without_providers_or_without_tcf_is_refused,
);
