//! `POST /v1/consents` against a real SQLite file and a real PostgreSQL database: the same suite, run for each.

mod backend;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use backend::{json, send, TestDb};
use serde_json::{json, Value};

const ID: &str = "3f2b8c1e-9d4a-4c6b-8e2f-1a2b3c4d5e6f";
const FIREFOX: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

/// A valid submission for the demo config, as the banner sends it.
fn submission() -> Value {
    json!({
        "consent_id": ID,
        "site": "demo-shop",
        "action": "custom",
        "decisions": {"necessary": "granted", "analytics": "granted", "marketing": "denied"},
        "services": {"demo-analytics": "granted", "demo-ads": "denied", "demo-video": "denied"},
        "config_revision": 1,
        "config_sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "locale": "en-GB",
        "ui_layer": "preferences",
        "page_url": "https://shop.example/cart?email=visitor@mail.example#basket",
        "gpc": true,
        "decided_at_ms": 1764000000000u64,
        "expires_at_ms": 1779000000000u64,
        "banner_version": "0.1.0"
    })
}

fn post(body: impl Into<Body>, content_type: &str) -> Request<Body> {
    Request::post("/v1/consents")
        .header(header::CONTENT_TYPE, content_type)
        .header(header::USER_AGENT, FIREFOX)
        .body(body.into())
        .expect("a valid request")
}

fn post_json(body: &Value) -> Request<Body> {
    post(body.to_string(), "application/json")
}

/// A request as it arrives over a socket from `peer`.
fn from_peer(mut request: Request<Body>, peer: &str) -> Request<Body> {
    let addr: SocketAddr = peer.parse().expect("a socket address");
    request.extensions_mut().insert(ConnectInfo(addr));
    request
}

async fn a_valid_consent_is_stored_durably_without_personal_data(db: TestDb) {
    let response = send(db.app().await, from_peer(post_json(&submission()), "203.0.113.77:51234")).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let receipt = json(response).await;
    assert_eq!(receipt["consent_id"], ID);
    assert_eq!(receipt["status"], "stored");

    // Read through a new connection: what was acknowledged is in the database, not in some cache.
    let row = db.store().await.get(ID).await.unwrap().expect("the acknowledged record is stored");
    assert_eq!(row.received_at_ms, receipt["received_at_ms"].as_i64().unwrap());
    assert_eq!(row.ip_truncated, "203.0.113.0");
    assert_eq!(row.page_url, "https://shop.example/cart");
    assert_eq!(row.browser_family, "firefox");
    assert_eq!((row.action.as_str(), row.ui_layer.as_str(), row.gpc), ("custom", "preferences", true));
    let decisions: Value = serde_json::from_str(&row.decisions).unwrap();
    assert_eq!(decisions, json!({"necessary": "granted", "analytics": "granted", "marketing": "denied"}));
    assert_eq!((row.site.as_str(), row.config_revision, row.previous_id), ("demo-shop", 1, None));
}

async fn an_ipv6_visitor_is_stored_with_a_48_bit_prefix_only(db: TestDb) {
    let request = from_peer(post_json(&submission()), "[2001:db8:1234:5678::42]:443");
    assert_eq!(send(db.app().await, request).await.status(), StatusCode::CREATED);
    let row = db.store().await.get(ID).await.unwrap().unwrap();
    assert_eq!(row.ip_truncated, "2001:db8:1234::");
}

async fn a_retried_consent_is_acknowledged_once_and_stored_once(db: TestDb) {
    let app = db.app().await;
    let first = json(send(app.clone(), post_json(&submission())).await).await;
    let mut retry = submission();
    retry["action"] = json!("accept_all");
    retry["decisions"] = json!({"necessary": "granted", "analytics": "granted", "marketing": "granted"});
    let response = send(app, post_json(&retry)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let second = json(response).await;
    assert_eq!(second["status"], "duplicate");
    assert_eq!(second["received_at_ms"], first["received_at_ms"]);
    let store = db.store().await;
    assert_eq!(store.count().await.unwrap(), 1);
    assert_eq!(store.get(ID).await.unwrap().unwrap().action, "custom", "a retry must not rewrite the log");
}

async fn a_replacing_consent_names_the_one_it_replaces(db: TestDb) {
    let app = db.app().await;
    send(app.clone(), post_json(&submission())).await;
    let mut withdrawal = submission();
    withdrawal["consent_id"] = json!("9b1d3c5e-7f9a-4b2c-9d4e-6f8a0b2c4d6e");
    withdrawal["previous_id"] = json!(ID);
    withdrawal["action"] = json!("withdraw");
    withdrawal["decisions"] = json!({"necessary": "granted", "analytics": "denied", "marketing": "denied"});
    withdrawal["services"] = json!({"demo-analytics": "denied", "demo-ads": "denied", "demo-video": "denied"});
    assert_eq!(send(app, post_json(&withdrawal)).await.status(), StatusCode::CREATED);
    let store = db.store().await;
    assert_eq!(store.count().await.unwrap(), 2);
    let row = store.get("9b1d3c5e-7f9a-4b2c-9d4e-6f8a0b2c4d6e").await.unwrap().unwrap();
    assert_eq!((row.previous_id.as_deref(), row.action.as_str()), (Some(ID), "withdraw"));
}

async fn a_beacon_sent_as_text_plain_is_accepted(db: TestDb) {
    let request = post(submission().to_string(), "text/plain;charset=UTF-8");
    assert_eq!(send(db.app().await, request).await.status(), StatusCode::CREATED);
    assert_eq!(db.store().await.count().await.unwrap(), 1);
}

async fn malformed_json_is_a_400_and_stores_nothing(db: TestDb) {
    let response = send(db.app().await, post("{\"consent_id\": ", "application/json")).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body = json(response).await;
    assert!(body["error"].as_str().unwrap().contains("EOF"), "{body}");
    assert_eq!(body["fields"], json!([]));
    assert_eq!(db.store().await.count().await.unwrap(), 0);
}

async fn an_unknown_field_is_a_400_naming_it(db: TestDb) {
    let mut body = submission();
    body["ip"] = json!("203.0.113.77");
    let response = send(db.app().await, post_json(&body)).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let error = json(response).await["error"].as_str().unwrap().to_owned();
    assert!(error.contains("unknown field `ip`"), "{error}");
}

async fn a_wrong_type_is_a_400_naming_the_expected_type(db: TestDb) {
    let mut body = submission();
    body["config_revision"] = json!("one");
    let response = send(db.app().await, post_json(&body)).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let error = json(response).await["error"].as_str().unwrap().to_owned();
    assert!(error.contains("invalid type: string \"one\", expected u32"), "{error}");
}

async fn denying_a_strictly_necessary_category_is_a_422_naming_it(db: TestDb) {
    let mut body = submission();
    body["decisions"]["necessary"] = json!("denied");
    let response = send(db.app().await, post_json(&body)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let fields = json(response).await["fields"].clone();
    assert_eq!(fields[0]["path"], "decisions.necessary", "{fields}");
    assert_eq!(db.store().await.count().await.unwrap(), 0);
}

async fn a_record_for_another_site_is_a_422_and_every_problem_is_listed(db: TestDb) {
    let mut body = submission();
    body["site"] = json!("other-shop");
    body["locale"] = json!("<script>");
    let response = send(db.app().await, post_json(&body)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(response).await;
    // Shape problems are found before the record is compared with the config, so the site is checked on a fixed record.
    assert_eq!(body["fields"].as_array().unwrap().len(), 1, "{body}");
    assert_eq!(body["fields"][0]["path"], "locale");

    let mut body = submission();
    body["site"] = json!("other-shop");
    let response = send(db.app().await, post_json(&body)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(response).await["fields"][0]["path"], "site");
}

async fn a_body_over_16_kib_is_a_413_with_a_json_error(db: TestDb) {
    let mut body = submission();
    body["banner_version"] = json!("x".repeat(17 * 1024));
    let response = send(db.app().await, post_json(&body)).await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(json(response).await["error"].as_str().unwrap().contains("larger than 16384 bytes"));
}

async fn a_form_post_is_a_415(db: TestDb) {
    let response = send(db.app().await, post(submission().to_string(), "application/x-www-form-urlencoded")).await;
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

async fn sql_in_a_text_field_is_stored_as_text(db: TestDb) {
    let hostile_url = "https://shop.example/'); DROP TABLE consent_records; --";
    let hostile_version = "1';DELETE FROM consent_records--";
    let mut body = submission();
    body["page_url"] = json!(hostile_url);
    body["banner_version"] = json!(hostile_version);
    assert_eq!(send(db.app().await, post_json(&body)).await.status(), StatusCode::CREATED);
    let store = db.store().await;
    let row = store.get(ID).await.unwrap().unwrap();
    assert_eq!((row.page_url.as_str(), row.banner_version.as_str()), (hostile_url, hostile_version));
    assert_eq!(store.count().await.unwrap(), 1);
}

async fn connecting_twice_keeps_the_log(db: TestDb) {
    send(db.app().await, post_json(&submission())).await;
    // A restart runs the migrations again; they must neither fail nor touch the data.
    let reopened = db.store().await;
    assert_eq!(reopened.count().await.unwrap(), 1);
}

/// Runs every test above once per backend: `sqlite::name` and `postgres::name`.
macro_rules! for_each_backend {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $test() {
                    super::$test(super::backend::sqlite().await).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $test() {
                    super::$test(super::backend::postgres().await).await
                }
            )*
        }
    };
}

for_each_backend!(
    a_valid_consent_is_stored_durably_without_personal_data,
    an_ipv6_visitor_is_stored_with_a_48_bit_prefix_only,
    a_retried_consent_is_acknowledged_once_and_stored_once,
    a_replacing_consent_names_the_one_it_replaces,
    a_beacon_sent_as_text_plain_is_accepted,
    malformed_json_is_a_400_and_stores_nothing,
    an_unknown_field_is_a_400_naming_it,
    a_wrong_type_is_a_400_naming_the_expected_type,
    denying_a_strictly_necessary_category_is_a_422_naming_it,
    a_record_for_another_site_is_a_422_and_every_problem_is_listed,
    a_body_over_16_kib_is_a_413_with_a_json_error,
    a_form_post_is_a_415,
    sql_in_a_text_field_is_stored_as_text,
    connecting_twice_keeps_the_log,
);
