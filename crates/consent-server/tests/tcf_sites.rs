//! TCF sites on the endpoint: a config's `tcf` section is checked against the Global Vendor List the server was given
//! (`consent serve --gvl`), when published through the admin API; on SQLite and PostgreSQL.

mod backend;

use std::sync::Arc;

use axum::http::StatusCode;
use axum::Router;
use backend::{admin, get, json, send, TestDb, DEMO_CONFIG, TOKEN};
use consent_core::tcf::{Gvl, GvlTranslation, VendorList};
use consent_server::{app, AdminToken, RateLimits, ServerOptions};
use serde_json::{json, Value};

const GVL: &str = include_str!("../../consent-core/tests/fixtures/vendor-list.json");
const GERMAN: &str = include_str!("../../consent-core/tests/fixtures/purposes-de.json");

/// The fixture list (version 142) with its German translation.
fn vendor_list() -> Arc<VendorList> {
    let gvl = Gvl::from_json(GVL).unwrap();
    let german = GvlTranslation::from_json(GERMAN, "de", &gvl).unwrap();
    Arc::new(VendorList::new(gvl, [german]))
}

/// The endpoint as `consent serve --gvl` runs it (admin API on), or without a list.
async fn server(db: &TestDb, list: Option<Arc<VendorList>>) -> Router {
    let options = ServerOptions {
        admin_token: Some(AdminToken::new(TOKEN).unwrap()),
        rate_limits: RateLimits::OFF,
        vendor_list: list,
        ..ServerOptions::new(std::env::temp_dir(), std::env::temp_dir())
    };
    app(db.open_state(options).await)
}

/// The demo config at revision 2 with a `tcf` section naming `vendors`.
fn tcf_config(vendors: Value) -> String {
    let mut config: Value = serde_json::from_str(DEMO_CONFIG).unwrap();
    config["revision"] = json!(2);
    config["tcf"] = json!({"cmp_id": 300, "cmp_version": 2, "vendors": vendors, "publisher_cc": "DE"});
    config.to_string()
}

async fn a_vendor_the_list_lacks_is_refused_naming_the_field(db: TestDb) {
    let app = server(&db, Some(vendor_list())).await;
    let response =
        send(app.clone(), admin("PUT", "/v1/sites/demo-shop/config", tcf_config(json!([1, 2, 9999, 5])))).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(response).await;
    assert_eq!(body["fields"][0]["path"], "tcf.vendors[2]", "{body}");
    assert_eq!(body["fields"][0]["reason"], "vendor 9999 is not in the Global Vendor List (version 142)", "{body}");
    assert_eq!(body["fields"][1]["path"], "tcf.vendors[3]", "a deleted vendor too: {body}");
    let served = json(send(app, get("/v1/sites/demo-shop/config")).await).await;
    assert_eq!(served["revision"], 1, "the refused config is not served");
}

async fn a_tcf_config_on_a_server_without_a_list_is_refused(db: TestDb) {
    let app = server(&db, None).await;
    let response = send(app, admin("PUT", "/v1/sites/demo-shop/config", tcf_config(json!([1, 2])))).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(response).await;
    assert_eq!(body["fields"][0]["path"], "tcf", "{body}");
    assert!(body["fields"][0]["reason"].as_str().unwrap().contains("--gvl"), "{body}");
}

async fn a_tcf_config_with_listed_vendors_is_published_and_served(db: TestDb) {
    let app = server(&db, Some(vendor_list())).await;
    let response = send(app.clone(), admin("PUT", "/v1/sites/demo-shop/config", tcf_config(json!([755, 1, 2])))).await;
    assert_eq!(response.status(), StatusCode::OK);
    let served = json(send(app, get("/v1/sites/demo-shop/config")).await).await;
    assert_eq!(served["tcf"]["vendors"], json!([755, 1, 2]));
}

for_each_backend!(
    a_vendor_the_list_lacks_is_refused_naming_the_field,
    a_tcf_config_on_a_server_without_a_list_is_refused,
    a_tcf_config_with_listed_vendors_is_published_and_served,
);
