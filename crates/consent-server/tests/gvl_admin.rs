//! The admin routes the console's TCF and Regions forms read: the vendor search and look-up over the endpoint's
//! Global Vendor List, what a choice of vendors discloses, what a draft's banner would be served (the live preview),
//! and what the endpoint was started with. Admin-only, and a clear 409 on a server started without `--gvl`. They read
//! no database: SQLite stands for both.

mod backend;

use std::sync::Arc;

use axum::http::{header, StatusCode};
use axum::Router;
use backend::{admin, get, json, send, DEMO_CONFIG, TOKEN};
use consent_core::tcf::{Gvl, GvlTranslation, VendorList};
use consent_server::visitor_region::RegionHeaders;
use consent_server::{app, AdminToken, ServerOptions};
use serde_json::{json, Value};

const GVL: &str = include_str!("../../consent-core/tests/fixtures/vendor-list.json");
const GERMAN: &str = include_str!("../../consent-core/tests/fixtures/purposes-de.json");

/// The endpoint with the admin API on, with or without the fixture list (v142, German translation) and region header.
async fn server(with_list: bool, region_header: Option<&str>) -> (Router, backend::TestDb) {
    let db = backend::sqlite().await;
    let list = with_list.then(|| {
        let gvl = Gvl::from_json(GVL).unwrap();
        let german = GvlTranslation::from_json(GERMAN, "de", &gvl).unwrap();
        Arc::new(VendorList::new(gvl, [german]))
    });
    let empty = std::env::temp_dir().join("consent-gvl-admin-none");
    let options = ServerOptions {
        admin_token: Some(AdminToken::new(TOKEN).unwrap()),
        vendor_list: list,
        region_headers: RegionHeaders::parse(region_header, None).unwrap(),
        ..ServerOptions::new(empty.clone(), empty)
    };
    (app(db.open_state(options).await), db)
}

async fn answer(app: &Router, uri: &str) -> (StatusCode, Value) {
    let response = send(app.clone(), admin("GET", uri, "")).await;
    let status = response.status();
    if status == StatusCode::OK {
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store", "{uri}");
    }
    (status, json(response).await)
}

fn names(body: &Value) -> Vec<&str> {
    body["vendors"].as_array().unwrap().iter().map(|v| v["name"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn a_vendor_is_found_by_a_word_of_its_name_with_its_purposes() {
    let (app, _db) = server(true, None).await;
    let (status, body) = answer(&app, "/v1/admin/gvl/vendors?q=media").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["vendor_list_version"], 142);
    assert_eq!(names(&body), ["Big Id Media"]);
    assert_eq!(body["vendors"][0]["id"], 755);
    assert_eq!(body["vendors"][0]["purposes"], json!([1, 2, 7]));
    assert_eq!(body["vendors"][0]["leg_int_purposes"], json!([9]));
    assert_eq!(body["vendors"][0]["deleted"], false);
    let (_, deleted) = answer(&app, "/v1/admin/gvl/vendors?q=departed").await;
    assert_eq!(names(&deleted), Vec::<&str>::new(), "a deleted vendor cannot be added");
}

#[tokio::test]
async fn a_configs_vendors_are_named_in_its_order_deleted_marked_unknown_left_out() {
    let (app, _db) = server(true, None).await;
    let (status, body) = answer(&app, "/v1/admin/gvl/vendors?ids=755,5,9999,2").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(names(&body), ["Big Id Media", "Departed Ad Exchange", "Interest Ads"]);
    assert_eq!(body["vendors"][1]["deleted"], true);
}

#[tokio::test]
async fn a_query_that_is_neither_or_both_or_a_bad_id_is_refused_naming_the_parameter() {
    let (app, _db) = server(true, None).await;
    for (uri, field) in [
        ("/v1/admin/gvl/vendors", "q"),
        ("/v1/admin/gvl/vendors?q=a&ids=1", "q"),
        ("/v1/admin/gvl/vendors?ids=1,x", "ids"),
        ("/v1/admin/gvl/disclosure?vendors=0", "vendors"),
    ] {
        let (status, body) = answer(&app, uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        assert_eq!(body["fields"][0]["path"], field, "{uri}: {body}");
    }
}

#[tokio::test]
async fn the_disclosure_counts_the_vendors_and_names_stacks_and_purposes_in_the_language() {
    let (app, _db) = server(true, None).await;
    let (status, body) = answer(&app, "/v1/admin/gvl/disclosure?vendors=2,4&language=de").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["vendor_count"], 2);
    assert_eq!(body["language"], "de");
    // As consent-core's first layer test: vendors 2 and 4 make stack 3 (purposes 2, 3, 4) stand for those purposes.
    assert_eq!(body["stacks"][0]["id"], 3, "{body}");
    assert_eq!(body["stacks"][0]["purposes"], json!([2, 3, 4]));
}

#[tokio::test]
async fn a_disclosure_of_an_unknown_or_deleted_vendor_names_its_place_as_publishing_would() {
    let (app, _db) = server(true, None).await;
    let (status, body) = answer(&app, "/v1/admin/gvl/disclosure?vendors=1,9999,5").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["fields"][0]["path"], "tcf.vendors[1]");
    assert_eq!(body["fields"][0]["reason"], "vendor 9999 is not in the Global Vendor List (version 142)");
    assert_eq!(body["fields"][1]["path"], "tcf.vendors[2]");
}

#[tokio::test]
async fn without_a_list_the_vendor_routes_say_how_to_load_one() {
    let (app, _db) = server(false, None).await;
    for uri in ["/v1/admin/gvl/vendors?q=media", "/v1/admin/gvl/disclosure?vendors=1"] {
        let (status, body) = answer(&app, uri).await;
        assert_eq!(status, StatusCode::CONFLICT, "{uri}");
        assert!(body["error"].as_str().unwrap().contains("--gvl FILE"), "{body}");
    }
}

/// The demo config as a draft of its next revision that turns TCF on with `vendors`.
fn tcf_draft(vendors: Value) -> String {
    let mut config: Value = serde_json::from_str(DEMO_CONFIG).unwrap();
    config["revision"] = json!(2);
    config["tcf"] = json!({"cmp_id": 300, "cmp_version": 2, "vendors": vendors, "publisher_cc": "DE"});
    config.to_string()
}

/// What the preview route answers for `draft`.
async fn preview(app: &Router, query: &str, draft: String) -> (StatusCode, Value) {
    let response = send(app.clone(), admin("POST", &format!("/v1/admin/gvl/preview{query}"), draft)).await;
    let status = response.status();
    if status == StatusCode::OK {
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    }
    (status, json(response).await)
}

#[tokio::test]
async fn an_unpublished_tcf_draft_previews_the_vendors_and_statement_its_visitors_get_once_published() {
    let (app, _db) = server(true, None).await;
    let (status, previewed) = preview(&app, "", tcf_draft(json!([755, 2]))).await;
    assert_eq!(status, StatusCode::OK, "{previewed}");
    assert_eq!(previewed["language"], "en");
    assert_eq!(previewed["statement"]["vendor_count"], 2, "{previewed}");
    // Previewing stores nothing: visitors are still served the published config, which has no vendors.
    let before = send(app.clone(), get("/v1/sites/demo-shop/vendors/en.json")).await;
    assert_eq!(before.status(), StatusCode::NOT_FOUND);

    let published = send(app.clone(), admin("PUT", "/v1/sites/demo-shop/config", tcf_draft(json!([755, 2])))).await;
    assert_eq!(published.status(), StatusCode::OK);
    let vendors = json(send(app.clone(), get("/v1/sites/demo-shop/vendors/en.json")).await).await;
    assert_eq!(vendors, previewed["vendors"], "the vendor layer is the one the preview showed");
    let layer = json(send(app.clone(), get("/v1/sites/demo-shop/first-layer/en.json")).await).await;
    assert_eq!(layer["tcf"], previewed["statement"], "the first layer states what the preview stated");
}

#[tokio::test]
async fn a_draft_is_previewed_in_the_language_asked_for() {
    let (app, _db) = server(true, None).await;
    let (status, previewed) = preview(&app, "?language=de", tcf_draft(json!([2, 4]))).await;
    assert_eq!(status, StatusCode::OK, "{previewed}");
    assert_eq!(previewed["language"], "de");
    assert_eq!(previewed["statement"]["language"], "de");
    assert_eq!(previewed["vendors"]["language"], "de", "{}", previewed["vendors"]);
}

#[tokio::test]
async fn a_draft_that_cannot_be_previewed_is_refused_naming_the_field() {
    let (app, _db) = server(true, None).await;
    let cases = [
        ("", tcf_draft(json!([1, 9999])), StatusCode::UNPROCESSABLE_ENTITY, "tcf.vendors[1]"),
        ("", DEMO_CONFIG.to_owned(), StatusCode::UNPROCESSABLE_ENTITY, "tcf"),
        ("?language=sv", tcf_draft(json!([1])), StatusCode::BAD_REQUEST, "language"),
        ("?language=en_GB", tcf_draft(json!([1])), StatusCode::BAD_REQUEST, "language"),
        ("", tcf_draft(json!([1])).replace("demo-shop", "Demo Shop"), StatusCode::UNPROCESSABLE_ENTITY, "site"),
    ];
    for (query, draft, expected, field) in cases {
        let (status, body) = preview(&app, query, draft).await;
        assert_eq!(status, expected, "{field}: {body}");
        assert_eq!(body["fields"][0]["path"], field, "{body}");
    }
    let (app, _db) = server(false, None).await;
    let (status, body) = preview(&app, "", tcf_draft(json!([1]))).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body["error"].as_str().unwrap().contains("--gvl FILE"), "{body}");
}

#[tokio::test]
async fn the_routes_need_the_admin_token() {
    let (app, _db) = server(true, Some("CF-IPCountry")).await;
    for uri in ["/v1/admin/gvl/vendors?q=media", "/v1/admin/gvl/disclosure?vendors=1", "/v1/admin/endpoint"] {
        assert_eq!(send(app.clone(), get(uri)).await.status(), StatusCode::UNAUTHORIZED, "{uri}");
    }
    let request = axum::http::Request::post("/v1/admin/gvl/preview")
        .header(header::CONTENT_TYPE, "application/json")
        .body(axum::body::Body::from(tcf_draft(json!([1]))))
        .unwrap();
    assert_eq!(send(app, request).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_endpoint_states_its_region_header_and_vendor_list() {
    let (app, _db) = server(true, Some("CF-IPCountry")).await;
    let (status, body) = answer(&app, "/v1/admin/endpoint").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["region_header"], "cf-ipcountry", "header names are compared lowercase: {body}");
    assert_eq!(body["subdivision_header"], Value::Null);
    assert_eq!(body["gvl"]["vendor_list_version"], 142);
    assert_eq!(body["gvl"]["vendor_count"], 9);
    assert_eq!(body["gvl"]["languages"], json!(["de"]));

    let (app, _db) = server(false, None).await;
    let (_, bare) = answer(&app, "/v1/admin/endpoint").await;
    assert_eq!(bare, json!({"region_header": null, "subdivision_header": null, "gvl": null}));
}
