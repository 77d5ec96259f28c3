//! Helpers for the TCF sites' tests: the endpoint with the fixture Global Vendor List, the demo site made a TCF site,
//! and the first layer's records completed as the boot loader completes them.

use std::sync::atomic::AtomicU32;
use std::sync::atomic::Ordering::SeqCst;
use std::sync::Arc;

use axum::http::StatusCode;
use axum::Router;
use consent_core::tcf::{Gvl, GvlTranslation, VendorList};
use consent_server::{app, AdminToken, RateLimits, ServerOptions};
use serde_json::{json, Value};

use super::{admin, get, send, TestDb, DEMO_CONFIG, TOKEN};

pub const GVL: &str = include_str!("../../../consent-core/tests/fixtures/vendor-list.json");
pub const POLICY: &[u8] = include_bytes!("../../../../demo/privacy.json");
pub const GERMAN: &str = include_str!("../../../consent-core/tests/fixtures/purposes-de.json");

/// The fixture list (version 142) with its German translation.
pub fn vendor_list() -> Arc<VendorList> {
    let gvl = Gvl::from_json(GVL).unwrap();
    let german = GvlTranslation::from_json(GERMAN, "de", &gvl).unwrap();
    Arc::new(VendorList::new(gvl, [german]))
}

/// The endpoint as `consent serve --gvl` runs it (admin API on), or without a list; its banner bundle has the German
/// words (`locales/de.json`), as the build ships them, and its site the demo's policy (which the config names by URL).
pub async fn server(db: &TestDb, list: Option<Arc<VendorList>>) -> Router {
    // A folder per server: tests run in parallel, and one must never read a file another is writing.
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let root = std::env::temp_dir().join(format!("consent-tcf-{}-{}", std::process::id(), NEXT.fetch_add(1, SeqCst)));
    let (bundle, site) = (root.join("dist"), root.join("site"));
    std::fs::create_dir_all(bundle.join("locales")).unwrap();
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(bundle.join("locales/de.json"), include_str!("../../../../locales/de.json")).unwrap();
    std::fs::write(site.join("privacy.json"), POLICY).unwrap();
    let options = ServerOptions {
        admin_token: Some(AdminToken::new(TOKEN).unwrap()),
        rate_limits: RateLimits::OFF,
        vendor_list: list,
        ..ServerOptions::new(site, bundle)
    };
    app(db.open_state(options).await)
}

/// The endpoint with the demo site turned into a TCF site (revision 2, CMP id 300, vendors 755, 1, 2).
pub async fn tcf_server(db: &TestDb) -> Router {
    let app = server(db, Some(vendor_list())).await;
    let response = send(app.clone(), admin("PUT", "/v1/sites/demo-shop/config", tcf_config(json!([755, 1, 2])))).await;
    assert_eq!(response.status(), StatusCode::OK);
    app
}

/// The demo config at revision 2 with a `tcf` section naming `vendors`.
pub fn tcf_config(vendors: Value) -> String {
    let mut config: Value = serde_json::from_str(DEMO_CONFIG).unwrap();
    config["revision"] = json!(2);
    config["tcf"] = json!({"cmp_id": 300, "cmp_version": 2, "vendors": vendors, "publisher_cc": "DE"});
    config.to_string()
}

/// The first layer's "Accept all" record, completed as the boot loader completes it.
pub async fn accept_all_record(app: &Router) -> Value {
    let layer = super::json(send(app.clone(), get("/v1/sites/demo-shop/first-layer/de.json")).await).await;
    let config = super::text(send(app.clone(), get("/v1/sites/demo-shop/config")).await).await;
    let mut record = layer["choices"]["accept-all"]["submission"].clone();
    record["consent_id"] = json!(super::ID);
    record["config_sha256"] = json!(consent_core::sha256::hex_digest(config.as_bytes()));
    record["page_url"] = json!("https://shop.example/news");
    record["decided_at_ms"] = json!(1_796_527_200_000u64);
    record["expires_at_ms"] = json!(1_812_079_200_000u64);
    record
}

/// The TCF config with Google ad tech providers 1097 and 89 (in that order) beside the GVL vendors.
pub fn config_with_google_providers(providers: Value) -> String {
    let mut config: Value = serde_json::from_str(&tcf_config(json!([755, 1, 2]))).unwrap();
    config["tcf"]["google_ad_tech_providers"] = providers;
    config.to_string()
}

/// A TC string written by CMP 300 for the fixture list.
pub fn tcf_string_of_cmp_300() -> String {
    let config = consent_core::SiteConfig::from_json(&tcf_config(json!([1]))).unwrap();
    let list = vendor_list();
    let disclosure = consent_core::tcf::check_site(&config, Some(&list)).unwrap();
    let choices = consent_core::early_choice::EarlyChoices::for_site(
        &config,
        "en",
        Some(POLICY),
        disclosure.as_ref(),
        1_796_527_200,
    );
    choices.unwrap().accept_all.tc_string.unwrap()
}
