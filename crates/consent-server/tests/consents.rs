//! `POST /v1/consents` and `GET /v1/consents/{id}` against a real SQLite file and a real PostgreSQL database: the
//! same suite, run for each.

mod backend;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use backend::{get, json, post, post_json, send, submission, submission_n, TestDb, ID, ID2};
use serde_json::{json, Value};

/// The CORS preflight a page at `origin` sends before posting a consent.
fn preflight(origin: &str) -> Request<Body> {
    Request::options("/v1/consents")
        .header(header::ORIGIN, origin)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
        .body(Body::empty())
        .unwrap()
}

/// A request as it arrives over a socket from `peer`.
fn from_peer(mut request: Request<Body>, peer: &str) -> Request<Body> {
    let addr: SocketAddr = peer.parse().expect("a socket address");
    request.extensions_mut().insert(ConnectInfo(addr));
    request
}

fn with_origin(mut request: Request<Body>, origin: &str) -> Request<Body> {
    request.headers_mut().insert(header::ORIGIN, origin.parse().unwrap());
    request
}

fn replacement() -> Value {
    let mut withdrawal = submission();
    withdrawal["consent_id"] = json!(ID2);
    withdrawal["previous_id"] = json!(ID);
    withdrawal["action"] = json!("withdraw");
    withdrawal["decisions"] = json!({"necessary": "granted", "analytics": "denied", "marketing": "denied"});
    withdrawal["services"] = json!({"demo-analytics": "denied", "demo-ads": "denied", "demo-video": "denied"});
    withdrawal
}

async fn a_valid_consent_is_stored_durably_without_personal_data(db: TestDb) {
    let response = send(db.app().await, from_peer(post_json(&submission()), "203.0.113.77:51234")).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let receipt = json(response).await;
    assert_eq!(receipt["consent_id"], ID);
    assert_eq!(receipt["status"], "stored");

    // Read through a new connection: what was acknowledged is in the database, not in some cache.
    let logged = db.store().await.get_logged(ID).await.unwrap().expect("the acknowledged record is stored");
    let row = &logged.row;
    assert_eq!(row.received_at_ms, receipt["received_at_ms"].as_i64().unwrap());
    assert_eq!(row.ip_truncated, "203.0.113.0");
    assert_eq!(row.page_url, "https://shop.example/cart");
    assert_eq!(row.browser_family, "firefox");
    assert_eq!((row.action.as_str(), row.ui_layer.as_str(), row.gpc), ("custom", "preferences", true));
    let decisions: Value = serde_json::from_str(&row.decisions).unwrap();
    assert_eq!(decisions, json!({"necessary": "granted", "analytics": "granted", "marketing": "denied"}));
    assert_eq!((row.site.as_str(), row.config_revision, row.previous_id.as_deref()), ("demo-shop", 1, None));
    assert!(logged.hash_matches());
}

async fn every_field_of_the_record_is_stored(db: TestDb) {
    let mut body = submission();
    body["policy_sha256"] = json!("b".repeat(64));
    body["region"] = json!("gdpr");
    body["consent_mode"] = json!({"analytics_storage": "granted", "ad_storage": "denied"});
    assert_eq!(send(db.app().await, post_json(&body)).await.status(), StatusCode::CREATED);
    let row = db.store().await.get(ID).await.unwrap().unwrap();
    let services: Value = serde_json::from_str(&row.services).unwrap();
    assert_eq!(services, json!({"demo-analytics": "granted", "demo-ads": "denied", "demo-video": "denied"}));
    assert_eq!(row.config_sha256, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    assert_eq!(row.policy_sha256, Some("b".repeat(64)));
    assert_eq!(row.region, "gdpr");
    let consent_mode: Value = serde_json::from_str(&row.consent_mode).unwrap();
    assert_eq!(consent_mode, json!({"ad_storage": "denied", "analytics_storage": "granted"}));
    assert_eq!(
        (row.decided_at_ms, row.expires_at_ms, row.banner_version.as_str()),
        (1764000000000, 1779000000000, "0.1.0")
    );
}

async fn the_receipt_names_the_records_place_and_hash_in_the_chain(db: TestDb) {
    let app = db.app().await;
    let first = json(send(app.clone(), post_json(&submission_n(1))).await).await;
    let second = json(send(app, post_json(&submission_n(2))).await).await;
    assert_eq!((first["seq"].as_i64(), second["seq"].as_i64()), (Some(1), Some(2)));
    let logged = db.store().await.get_logged(second["consent_id"].as_str().unwrap()).await.unwrap().unwrap();
    assert_eq!(second["chain_hash"], logged.link.record_hash.as_str());
    assert_eq!(logged.link.prev_hash, first["chain_hash"].as_str().unwrap(), "each record chains to the previous");
    assert!(second["received_at"].as_str().unwrap().ends_with('Z'));
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
    retry["services"] = json!({"demo-analytics": "granted", "demo-ads": "granted", "demo-video": "granted"});
    let response = send(app, post_json(&retry)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let second = json(response).await;
    assert_eq!(second["status"], "duplicate");
    assert_eq!(second["received_at_ms"], first["received_at_ms"]);
    assert_eq!((&second["seq"], &second["chain_hash"]), (&first["seq"], &first["chain_hash"]));
    let store = db.store().await;
    assert_eq!(store.count().await.unwrap(), 1);
    assert_eq!(store.get(ID).await.unwrap().unwrap().action, "custom", "a retry must not rewrite the log");
}

async fn concurrent_retries_of_one_consent_store_it_once(db: TestDb) {
    let app = db.app().await;
    let requests = (0..20).map(|_| send(app.clone(), post_json(&submission())));
    let statuses: Vec<StatusCode> = futures_util::future::join_all(requests).await.iter().map(|r| r.status()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == StatusCode::CREATED || *s == StatusCode::OK), "{statuses:?}");
    assert_eq!(db.store().await.count().await.unwrap(), 1);
}

async fn a_replacing_consent_names_the_one_it_replaces(db: TestDb) {
    let app = db.app().await;
    send(app.clone(), post_json(&submission())).await;
    assert_eq!(send(app, post_json(&replacement())).await.status(), StatusCode::CREATED);
    let store = db.store().await;
    assert_eq!(store.count().await.unwrap(), 2);
    let row = store.get(ID2).await.unwrap().unwrap();
    assert_eq!((row.previous_id.as_deref(), row.action.as_str()), (Some(ID), "withdraw"));
}

async fn looking_up_a_consent_follows_its_replacements_to_the_latest(db: TestDb) {
    let app = db.app().await;
    send(app.clone(), post_json(&submission())).await;
    send(app.clone(), post_json(&replacement())).await;
    let response = send(app.clone(), get(&format!("/v1/consents/{ID}"))).await;
    assert_eq!(response.status(), StatusCode::OK);
    let latest = json(response).await;
    assert_eq!(latest["replacements"], json!([ID, ID2]));
    assert_eq!(latest["record"]["action"], "withdraw");
    assert_eq!(latest["record"]["decisions"]["analytics"], "denied");
    assert_eq!((latest["receipt"]["consent_id"].as_str(), latest["receipt"]["seq"].as_i64()), (Some(ID2), Some(2)));

    let response = send(app.clone(), get("/v1/consents/00000000-0000-4000-8000-000000000000")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = send(app, get("/v1/consents/not-a-uuid")).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json(response).await["fields"][0]["path"], "consent_id");
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
    assert_eq!(body["fields"][0]["path"], "consent_id", "the body ends where consent_id's value should be");
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

async fn a_record_for_an_unknown_site_is_a_422_naming_the_site(db: TestDb) {
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
    let body = json(response).await;
    assert_eq!(body["fields"][0]["path"], "site");
    assert!(body["fields"][0]["reason"].as_str().unwrap().contains("'other-shop' is not a site this endpoint serves"));
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
    let hostile_url = "https://shop.example/');DROP%20TABLE%20consent_records;--";
    let mut body = submission();
    body["page_url"] = json!(hostile_url);
    assert_eq!(send(db.app().await, post_json(&body)).await.status(), StatusCode::CREATED);
    let store = db.store().await;
    let row = store.get(ID).await.unwrap().unwrap();
    assert_eq!(row.page_url, hostile_url);
    assert_eq!(store.count().await.unwrap(), 1);
}

async fn an_allowed_origin_gets_its_own_origin_back_and_others_are_refused(db: TestDb) {
    let app = db.admin_app().await;
    let response = send(app.clone(), with_origin(post_json(&submission_n(1)), "https://shop.example")).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "https://shop.example");
    assert!(response.headers().get(header::ACCESS_CONTROL_ALLOW_CREDENTIALS).is_none());

    let response = send(app.clone(), with_origin(post_json(&submission_n(2)), "https://evil.example")).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response.headers().get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
    assert_eq!(json(response).await["fields"][0]["path"], "site");
    assert_eq!(db.store().await.count().await.unwrap(), 1);
}

async fn a_preflight_is_answered_for_allowed_origins_only(db: TestDb) {
    let app = db.admin_app().await;
    let response = send(app.clone(), preflight("https://shop.example")).await;
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let headers = response.headers();
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "https://shop.example");
    assert!(headers[header::ACCESS_CONTROL_ALLOW_METHODS].to_str().unwrap().contains("POST"));
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_HEADERS], "content-type");
    assert!(headers.get_all(header::VARY).iter().any(|v| v == "origin"));

    let response = send(app, preflight("https://evil.example")).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response.headers().get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}

async fn a_page_served_by_the_endpoint_itself_may_post(db: TestDb) {
    let mut request = with_origin(post_json(&submission()), "http://127.0.0.1:8080");
    request.headers_mut().insert(header::HOST, "127.0.0.1:8080".parse().unwrap());
    assert_eq!(send(db.app().await, request).await.status(), StatusCode::CREATED);
}

async fn a_client_over_its_rate_is_told_when_to_retry(db: TestDb) {
    let options = consent_server::ServerOptions {
        rate_limits: consent_server::RateLimits {
            per_ip: consent_server::Rate::new(1.0, 2.0),
            per_site: consent_server::Rate::UNLIMITED,
        },
        ..consent_server::ServerOptions::new("/nonexistent".into(), "/nonexistent".into())
    };
    let app = consent_server::app(db.open_state(options).await);
    for n in 1..=2 {
        let response = send(app.clone(), from_peer(post_json(&submission_n(n)), "198.51.100.9:1000")).await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let response = send(app.clone(), from_peer(post_json(&submission_n(3)), "198.51.100.9:1001")).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()[header::RETRY_AFTER], "1");
    let response = send(app.clone(), from_peer(post_json(&submission_n(3)), "198.51.100.10:1000")).await;
    assert_eq!(response.status(), StatusCode::CREATED, "another client is not held back");
    // The same budget covers every route a visitor's browser reads, and each answers the same 429.
    let proof = format!("/v1/consents/{}/proof", backend::consent_id(1));
    let lookup = format!("/v1/consents/{}", backend::consent_id(1));
    for uri in [&lookup, &proof, "/v1/sites/demo-shop/log/head", "/v1/sites/demo-shop/log/consistency?from=1"] {
        let response = send(app.clone(), from_peer(get(uri), "198.51.100.9:1002")).await;
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS, "{uri}");
        assert_eq!(response.headers()[header::RETRY_AFTER], "1", "{uri}");
        assert_eq!(json(response).await["error"], "too many requests from this client; retry in 1 s", "{uri}");
    }
    let preflight = from_peer(preflight("https://shop.example"), "198.51.100.9:1003");
    assert_eq!(send(app, preflight).await.status(), StatusCode::NO_CONTENT, "a preflight is not limited");
}

async fn a_batch_is_stored_in_its_order_and_answered_with_every_receipt(db: TestDb) {
    let batch = json!([submission_n(3), submission_n(1), submission_n(2)]);
    let request = post(batch.to_string(), "text/plain;charset=UTF-8");
    let response = send(db.app().await, request).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let receipts = json(response).await;
    let seqs: Vec<i64> = receipts.as_array().unwrap().iter().map(|r| r["seq"].as_i64().unwrap()).collect();
    assert_eq!(seqs, [1, 2, 3]);
    let store = db.store().await;
    for (n, seq) in [(3, 1), (1, 2), (2, 3)] {
        let id = submission_n(n)["consent_id"].as_str().unwrap().to_owned();
        assert_eq!(store.get_logged(&id).await.unwrap().unwrap().link.seq, seq, "record {n}");
    }
    // Sent again (a retry after a lost answer): acknowledged, stored once.
    let again = send(db.app().await, post(batch.to_string(), "application/json")).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(store.count().await.unwrap(), 3);
}

async fn a_batch_stops_at_its_first_bad_record_and_keeps_the_ones_before(db: TestDb) {
    let mut bad = submission_n(2);
    bad["decisions"]["necessary"] = json!("denied");
    let batch = json!([submission_n(1), bad, submission_n(3)]);
    let response = send(db.app().await, post_json(&batch)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(response).await["fields"][0]["path"], "decisions.necessary");
    assert_eq!(db.store().await.count().await.unwrap(), 1, "the record before the bad one is stored, none after");
    let empty = send(db.app().await, post_json(&json!([]))).await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

async fn connecting_twice_keeps_the_log(db: TestDb) {
    send(db.app().await, post_json(&submission())).await;
    // A restart runs the migrations again; they must neither fail nor touch the data.
    let reopened = db.store().await;
    assert_eq!(reopened.count().await.unwrap(), 1);
}

for_each_backend!(
    a_valid_consent_is_stored_durably_without_personal_data,
    every_field_of_the_record_is_stored,
    the_receipt_names_the_records_place_and_hash_in_the_chain,
    an_ipv6_visitor_is_stored_with_a_48_bit_prefix_only,
    a_retried_consent_is_acknowledged_once_and_stored_once,
    concurrent_retries_of_one_consent_store_it_once,
    a_replacing_consent_names_the_one_it_replaces,
    looking_up_a_consent_follows_its_replacements_to_the_latest,
    a_beacon_sent_as_text_plain_is_accepted,
    malformed_json_is_a_400_and_stores_nothing,
    an_unknown_field_is_a_400_naming_it,
    a_wrong_type_is_a_400_naming_the_expected_type,
    denying_a_strictly_necessary_category_is_a_422_naming_it,
    a_record_for_an_unknown_site_is_a_422_naming_the_site,
    a_body_over_16_kib_is_a_413_with_a_json_error,
    a_form_post_is_a_415,
    sql_in_a_text_field_is_stored_as_text,
    an_allowed_origin_gets_its_own_origin_back_and_others_are_refused,
    a_preflight_is_answered_for_allowed_origins_only,
    a_page_served_by_the_endpoint_itself_may_post,
    a_client_over_its_rate_is_told_when_to_retry,
    a_batch_is_stored_in_its_order_and_answered_with_every_receipt,
    a_batch_stops_at_its_first_bad_record_and_keeps_the_ones_before,
    connecting_twice_keeps_the_log,
);
