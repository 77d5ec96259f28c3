//! The admin API: site configs, allowed origins, exports, statistics and purges, behind the bearer token; on SQLite
//! and PostgreSQL.

mod backend;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use backend::{admin, get, json, post_json, send, submission_n, text, TestDb, DEMO_CONFIG, TOKEN};
use serde_json::{json, Value};

fn demo_config() -> Value {
    serde_json::from_str(DEMO_CONFIG).unwrap()
}

fn with_revision(revision: u32, title: &str) -> String {
    let mut config = demo_config();
    config["revision"] = json!(revision);
    config["categories"][1]["title"] = json!(title);
    config.to_string()
}

async fn the_config_is_served_with_an_etag_and_revalidated_with_304(db: TestDb) {
    let app = db.admin_app().await;
    let response = send(app.clone(), get("/v1/sites/demo-shop/config")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let etag = response.headers()[header::ETAG].to_str().unwrap().to_owned();
    assert_eq!(response.headers()[header::CACHE_CONTROL], "public, max-age=60, stale-while-revalidate=86400");
    let body = text(response).await;
    assert_eq!(etag, format!("\"{}\"", consent_core::sha256::hex_digest(body.as_bytes())));

    let revalidate =
        Request::get("/v1/sites/demo-shop/config").header(header::IF_NONE_MATCH, &etag).body(Body::empty()).unwrap();
    let response = send(app.clone(), revalidate).await;
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(response.headers()[header::ETAG], etag.as_str());
    assert_eq!(text(response).await, "");

    let legacy = send(app, get("/consent.json")).await;
    assert_eq!(legacy.headers()[header::ETAG], etag.as_str());
    assert_eq!(text(legacy).await, body, "/consent.json is the default site's config, byte for byte");
}

async fn an_unknown_site_has_no_config(db: TestDb) {
    let app = db.admin_app().await;
    let response = send(app.clone(), get("/v1/sites/other-shop/config")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(json(response).await["error"].as_str().unwrap().contains("no site 'other-shop'"));
}

async fn an_uploaded_config_is_served_at_once_and_kept_in_history(db: TestDb) {
    let app = db.admin_app().await;
    let before = text(send(app.clone(), get("/v1/sites/demo-shop/config")).await).await;
    let response = send(app.clone(), admin("PUT", "/v1/sites/demo-shop/config", with_revision(2, "Statistics"))).await;
    assert_eq!(response.status(), StatusCode::OK);
    let uploaded = json(response).await;
    assert_eq!((uploaded["revision"].as_u64(), uploaded["status"].as_str()), (Some(2), Some("saved")));

    let served = json(send(app.clone(), get("/v1/sites/demo-shop/config")).await).await;
    assert_eq!((served["revision"].as_u64(), served["categories"][1]["title"].as_str()), (Some(2), Some("Statistics")));
    let store = db.store().await;
    let old_hash = consent_core::sha256::hex_digest(before.as_bytes());
    assert_eq!(store.config_by_sha256("demo-shop", &old_hash).await.unwrap().as_deref(), Some(before.as_str()));

    // Records under the old revision are still accepted; the new revision is now the one checked in full.
    let mut old = submission_n(1);
    old["config_revision"] = json!(1);
    assert_eq!(send(app.clone(), post_json(&old)).await.status(), StatusCode::CREATED);
    let mut new = submission_n(2);
    new["config_revision"] = json!(2);
    assert_eq!(send(app, post_json(&new)).await.status(), StatusCode::CREATED);
}

async fn a_config_whose_revision_does_not_go_up_is_a_409(db: TestDb) {
    let app = db.admin_app().await;
    let response = send(app.clone(), admin("PUT", "/v1/sites/demo-shop/config", with_revision(1, "Statistics"))).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert!(json(response).await["error"].as_str().unwrap().contains("bump `revision`"));
    // The unchanged config is a no-op, not a conflict.
    let response = send(app, admin("PUT", "/v1/sites/demo-shop/config", DEMO_CONFIG)).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(json(response).await["status"], "unchanged");
}

async fn an_invalid_config_is_refused_with_every_problem_named(db: TestDb) {
    let app = db.admin_app().await;
    let mut config = demo_config();
    config["revision"] = json!(2);
    config["categories"][1]["id"] = json!("Analytics");
    config["consent_days"] = json!(9999);
    let response = send(app.clone(), admin("PUT", "/v1/sites/demo-shop/config", config.to_string())).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(response).await;
    let paths: Vec<&str> = body["fields"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert!(paths.contains(&"consent_days") && paths.contains(&"categories[1].id"), "{body}");

    let response = send(app.clone(), admin("PUT", "/v1/sites/demo-shop/config", "{\"site\": ")).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let response = send(app, admin("PUT", "/v1/sites/other-shop/config", with_revision(2, "x"))).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(response).await["fields"][0]["path"], "site");
}

async fn a_new_site_can_be_added_and_takes_consents(db: TestDb) {
    let app = db.admin_app().await;
    let mut config = demo_config();
    config["site"] = json!("second-shop");
    let response = send(app.clone(), admin("PUT", "/v1/sites/second-shop/config", config.to_string())).await;
    assert_eq!(response.status(), StatusCode::OK);
    let mut body = submission_n(1);
    body["site"] = json!("second-shop");
    let receipt = json(send(app.clone(), post_json(&body)).await).await;
    assert_eq!((receipt["site"].as_str(), receipt["seq"].as_i64()), (Some("second-shop"), Some(1)));
    let receipt = json(send(app, post_json(&submission_n(2))).await).await;
    assert_eq!((receipt["site"].as_str(), receipt["seq"].as_i64()), (Some("demo-shop"), Some(1)), "one chain per site");
}

async fn origins_can_be_replaced_and_bad_ones_are_named(db: TestDb) {
    let app = db.admin_app().await;
    let body = json!({"origins": ["https://www.shop.example", "ftp://nope", "https://*.shop.example"]}).to_string();
    let response = send(app.clone(), admin("PUT", "/v1/sites/demo-shop/origins", body)).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let fields = json(response).await["fields"].clone();
    assert_eq!((fields[0]["path"].as_str(), fields[1]["path"].as_str()), (Some("origins[1]"), Some("origins[2]")));

    let body = json!({"origins": ["HTTPS://WWW.Shop.Example/"]}).to_string();
    let response = send(app.clone(), admin("PUT", "/v1/sites/demo-shop/origins", body)).await;
    assert_eq!(json(response).await["origins"], json!(["https://www.shop.example"]));
    let mut request = post_json(&submission_n(1));
    request.headers_mut().insert(header::ORIGIN, "https://www.shop.example".parse().unwrap());
    assert_eq!(send(app.clone(), request).await.status(), StatusCode::CREATED);
    let mut request = post_json(&submission_n(2));
    request.headers_mut().insert(header::ORIGIN, "https://shop.example".parse().unwrap());
    assert_eq!(send(app, request).await.status(), StatusCode::FORBIDDEN, "the old list was replaced");
}

async fn the_export_streams_every_record_with_its_chain_link(db: TestDb) {
    let app = db.admin_app().await;
    for n in 1..=3 {
        send(app.clone(), post_json(&submission_n(n))).await;
    }
    let response = send(app.clone(), admin("GET", "/v1/sites/demo-shop/consents", Body::empty())).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/x-ndjson");
    let lines: Vec<Value> = text(response).await.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["prev_hash"], "0".repeat(64));
    assert_eq!(lines[1]["prev_hash"], lines[0]["record_hash"]);
    assert_eq!(lines[2]["seq"], 3);
    assert_eq!(lines[0]["decisions"], r#"{"analytics":"granted","marketing":"denied","necessary":"granted"}"#);

    let mut request = admin("GET", "/v1/sites/demo-shop/consents", Body::empty());
    request.headers_mut().insert(header::ACCEPT, "text/csv".parse().unwrap());
    let csv = text(send(app.clone(), request).await).await;
    let rows: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(rows.len(), 4);
    assert!(rows[0].starts_with("site,consent_id,previous_id,action,decisions") && rows[0].ends_with("record_hash"));
    assert!(rows[1].contains(r#""{""analytics"":""granted"","#), "{}", rows[1]);
}

async fn the_export_is_filtered_by_time(db: TestDb) {
    let app = db.admin_app().await;
    send(app.clone(), post_json(&submission_n(1))).await;
    let store = db.store().await;
    let received = store.get(&backend::consent_id(1)).await.unwrap().unwrap().received_at_ms;
    let uri = |from: i64, to: i64| format!("/v1/sites/demo-shop/consents?format=csv&from={from}&to={to}");
    let rows = |body: String| body.split("\r\n").filter(|l| !l.is_empty()).count() - 1;
    let inside = text(send(app.clone(), admin("GET", &uri(received, received + 1), Body::empty())).await).await;
    assert_eq!(rows(inside), 1);
    let after = text(send(app.clone(), admin("GET", &uri(received + 1, received + 2), Body::empty())).await).await;
    assert_eq!(rows(after), 0);
    let rfc = "/v1/sites/demo-shop/consents?from=2000-01-01T00:00:00Z&to=2000-01-02";
    assert_eq!(text(send(app.clone(), admin("GET", rfc, Body::empty())).await).await, "");

    let response = send(app.clone(), admin("GET", "/v1/sites/demo-shop/consents?from=yesterday", Body::empty())).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json(response).await["fields"][0]["path"], "from");
    let response = send(app, admin("GET", "/v1/sites/demo-shop/consents?format=xml", Body::empty())).await;
    assert_eq!(json(response).await["fields"][0]["path"], "format");
}

async fn stats_count_decisions_and_opt_in_per_day_and_category(db: TestDb) {
    let app = db.admin_app().await;
    send(app.clone(), post_json(&submission_n(1))).await;
    let mut refusal = submission_n(2);
    refusal["action"] = json!("reject_all");
    refusal["decisions"] = json!({"necessary": "granted", "analytics": "denied", "marketing": "denied"});
    refusal["services"] = json!({"demo-analytics": "denied", "demo-ads": "denied", "demo-video": "denied"});
    send(app.clone(), post_json(&refusal)).await;
    let response = send(app, admin("GET", "/v1/sites/demo-shop/stats", Body::empty())).await;
    assert_eq!(response.status(), StatusCode::OK);
    let stats = json(response).await;
    let day = &stats["days"][0];
    let analytics = day["categories"].as_array().unwrap().iter().find(|c| c["category"] == "analytics").unwrap();
    assert_eq!((analytics["decisions"].as_u64(), analytics["granted"].as_u64()), (Some(2), Some(1)));
    assert_eq!(analytics["opt_in_rate"].as_f64(), Some(0.5));
}

async fn a_purge_deletes_old_records_and_leaves_a_checkpoint(db: TestDb) {
    let app = db.admin_app().await;
    for n in 1..=4 {
        send(app.clone(), post_json(&submission_n(n))).await;
    }
    // Age the first two records by two years, as if they had been received then.
    let old = 1_600_000_000_000i64;
    db.execute(&format!("UPDATE consent_records SET received_at_ms = {old} WHERE seq <= 2")).await;
    // … which breaks their hashes, so the purge refuses to destroy that evidence:
    let response = send(app.clone(), admin("POST", "/v1/sites/demo-shop/purge", "{}")).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert!(json(response).await["error"].as_str().unwrap().contains("record 1 was edited"));
    assert_eq!(db.store().await.count().await.unwrap(), 4);

    // Rebuild a consistent chain with old records (the state a real year-old log is in), then purge.
    let store = db.store().await;
    let mut prev = consent_server::chain::canonical::GENESIS_HASH.to_owned();
    let range = consent_server::store::pages::Range::all("demo-shop");
    for logged in store.page(&range, 0).await.unwrap() {
        let hash = logged.row.hash(logged.link.seq, &prev);
        db.execute(&format!(
            "UPDATE consent_records SET prev_hash = '{prev}', record_hash = '{hash}' WHERE seq = {}",
            logged.link.seq
        ))
        .await;
        prev = hash;
    }
    db.execute(&format!("UPDATE chain_heads SET record_hash = '{prev}'")).await;
    let response = send(app.clone(), admin("POST", "/v1/sites/demo-shop/purge", "{\"older_than_days\": 365}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let purged = json(response).await;
    assert_eq!((purged["purged_records"].as_i64(), purged["checkpoint"]["seq"].as_i64()), (Some(2), Some(2)));
    assert_eq!(store.count().await.unwrap(), 2);
    let verified = consent_server::chain::verify::verify_site(&store, "demo-shop", None).await.unwrap();
    assert_eq!(verified.map(|s| (s.start_seq, s.last_seq)), Ok((2, 4)));
    // New records continue the chain after the purge.
    let receipt = json(send(app, post_json(&submission_n(5))).await).await;
    assert_eq!(receipt["seq"], 5);
}

async fn admin_routes_need_the_token(db: TestDb) {
    let app = db.admin_app().await;
    for (method, uri) in [
        ("PUT", "/v1/sites/demo-shop/config"),
        ("GET", "/v1/sites/demo-shop/consents"),
        ("GET", "/v1/sites/demo-shop/stats"),
        ("POST", "/v1/sites/demo-shop/purge"),
        ("PUT", "/v1/sites/demo-shop/origins"),
    ] {
        let missing = Request::builder().method(method).uri(uri).body(Body::from(DEMO_CONFIG)).unwrap();
        let response = send(app.clone(), missing).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{method} {uri}");
        assert!(response.headers()[header::WWW_AUTHENTICATE].to_str().unwrap().starts_with("Bearer"));
        let wrong = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {TOKEN}x"))
            .body(Body::from(DEMO_CONFIG))
            .unwrap();
        assert_eq!(send(app.clone(), wrong).await.status(), StatusCode::UNAUTHORIZED, "{method} {uri}");
    }
    // Without a configured token the admin API does not exist.
    let response = send(db.app().await, admin("GET", "/v1/sites/demo-shop/stats", Body::empty())).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(json(response).await["error"].as_str().unwrap().contains("--admin-token"));
}

async fn metrics_count_requests_and_consents(db: TestDb) {
    let app = db.admin_app().await;
    send(app.clone(), post_json(&submission_n(1))).await;
    send(app.clone(), post_json(&submission_n(1))).await;
    send(app.clone(), post_json(&json!({}))).await;
    let metrics = text(send(app, get("/metrics")).await).await;
    for line in [
        "consent_http_requests_total{method=\"POST\",route=\"/v1/consents\",status=\"201\"} 1",
        "consent_http_requests_total{method=\"POST\",route=\"/v1/consents\",status=\"200\"} 1",
        "consent_records_stored_total 1",
        "consent_records_duplicate_total 1",
        "consent_records_refused_total 1",
        "consent_store_seconds_count 2",
        "consent_commit_queue_depth 0",
    ] {
        assert!(metrics.lines().any(|l| l == line), "missing {line:?} in\n{metrics}");
    }
}

for_each_backend!(
    the_config_is_served_with_an_etag_and_revalidated_with_304,
    an_unknown_site_has_no_config,
    an_uploaded_config_is_served_at_once_and_kept_in_history,
    a_config_whose_revision_does_not_go_up_is_a_409,
    an_invalid_config_is_refused_with_every_problem_named,
    a_new_site_can_be_added_and_takes_consents,
    origins_can_be_replaced_and_bad_ones_are_named,
    the_export_streams_every_record_with_its_chain_link,
    the_export_is_filtered_by_time,
    stats_count_decisions_and_opt_in_per_day_and_category,
    a_purge_deletes_old_records_and_leaves_a_checkpoint,
    admin_routes_need_the_token,
    metrics_count_requests_and_consents,
);
