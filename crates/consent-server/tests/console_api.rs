//! What the console needs from the API beyond the admin routes it shares with scripts: the site list, every config a
//! site has published (to show what changed when and to roll back), and its own page under `/admin/`, locked down;
//! on SQLite and PostgreSQL.

mod backend;

use axum::http::{header, StatusCode};
use backend::{admin, get, json, send, text, TestDb, DEMO_CONFIG};
use consent_server::{app, AdminToken, RateLimits, ServerOptions};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The demo config at `revision`, with `title` as its first category's title.
fn demo_config(revision: u64, title: &str) -> String {
    let mut config: Value = serde_json::from_str(DEMO_CONFIG).unwrap();
    config["revision"] = Value::from(revision);
    config["categories"][0]["title"] = Value::from(title);
    config.to_string()
}

async fn the_site_list_names_every_site_with_its_revision_and_origins(db: TestDb) {
    let app = db.admin_app().await;
    assert_eq!(send(app.clone(), get("/v1/sites")).await.status(), StatusCode::UNAUTHORIZED);
    let mut other: Value = serde_json::from_str(DEMO_CONFIG).unwrap();
    other["site"] = Value::from("another-shop");
    let created = send(app.clone(), admin("PUT", "/v1/sites/another-shop/config", other.to_string())).await;
    assert_eq!(created.status(), StatusCode::OK, "{}", text(created).await);

    let list = json(send(app, admin("GET", "/v1/sites", "")).await).await;
    let sites = list["sites"].as_array().unwrap();
    let ids: Vec<&str> = sites.iter().map(|site| site["site"].as_str().unwrap()).collect();
    assert_eq!(ids, ["another-shop", "demo-shop"]);
    assert_eq!(sites[1]["revision"], 1);
    assert_eq!(sites[1]["allowed_origins"], serde_json::json!(["https://shop.example"]));
    assert_eq!(sites[0]["allowed_origins"], serde_json::json!([]));
    assert_eq!(sites[1]["config_sha256"].as_str().unwrap().len(), 64);
    assert!(sites[1]["updated_at"].as_str().unwrap().ends_with('Z'), "{}", sites[1]["updated_at"]);
}

async fn the_history_lists_every_published_config_newest_first_and_serves_each(db: TestDb) {
    let app = db.admin_app().await;
    for (revision, title) in [(2, "Needed"), (3, "Always on")] {
        let saved = send(app.clone(), admin("PUT", "/v1/sites/demo-shop/config", demo_config(revision, title))).await;
        assert!(saved.status().is_success(), "{}", text(saved).await);
    }
    let history = json(send(app.clone(), admin("GET", "/v1/sites/demo-shop/config/history", "")).await).await;
    let revisions = history["revisions"].as_array().unwrap();
    let numbers: Vec<i64> = revisions.iter().map(|entry| entry["revision"].as_i64().unwrap()).collect();
    assert_eq!(numbers, [3, 2, 1]);

    // Each config as it was served, byte for byte what its SHA-256 names.
    let sha = revisions[1]["config_sha256"].as_str().unwrap();
    let response = send(app.clone(), admin("GET", &format!("/v1/sites/demo-shop/config/history/{sha}"), "")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    let config = text(response).await;
    assert_eq!(hex::encode(Sha256::digest(config.as_bytes())), sha);
    let config: Value = serde_json::from_str(&config).unwrap();
    assert_eq!((config["revision"].as_i64(), config["categories"][0]["title"].as_str()), (Some(2), Some("Needed")));

    // Rolling back is publishing an earlier config under a new revision: the history only grows.
    let mut rolled_back = config.clone();
    rolled_back["revision"] = Value::from(4);
    let saved = send(app.clone(), admin("PUT", "/v1/sites/demo-shop/config", rolled_back.to_string())).await;
    assert!(saved.status().is_success());
    let history = json(send(app.clone(), admin("GET", "/v1/sites/demo-shop/config/history", "")).await).await;
    assert_eq!(history["revisions"].as_array().unwrap().len(), 4);
    assert_eq!(history["revisions"][0]["revision"], 4);

    // What is not there is named.
    let missing =
        send(app.clone(), admin("GET", &format!("/v1/sites/demo-shop/config/history/{}", "0".repeat(64)), "")).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(json(missing).await["error"].as_str().unwrap().contains("never published"));
    let unknown = send(app.clone(), admin("GET", "/v1/sites/no-such-shop/config/history", "")).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    let refused = send(app, get("/v1/sites/demo-shop/config/history")).await;
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
}

async fn the_console_page_is_served_locked_down_under_admin(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "<!doctype html><title>console</title>").unwrap();
    std::fs::write(dir.path().join("start.js"), "import './consent_console.js';").unwrap();
    let options = ServerOptions {
        admin_token: Some(AdminToken::new(backend::TOKEN).unwrap()),
        rate_limits: RateLimits::OFF,
        console_dir: Some(dir.path().to_owned()),
        ..ServerOptions::new(dir.path().join("no-site"), dir.path().join("no-bundle"))
    };
    let app = app(db.open_state(options).await);

    let bare = send(app.clone(), get("/admin")).await;
    assert_eq!(bare.status(), StatusCode::PERMANENT_REDIRECT);
    assert_eq!(bare.headers()[header::LOCATION], "/admin/");
    let page = send(app.clone(), get("/admin/")).await;
    assert_eq!(page.status(), StatusCode::OK);
    let csp = page.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_owned();
    for directive in ["default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "frame-ancestors 'none'"] {
        assert!(csp.contains(directive), "{directive} in {csp}");
    }
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(page.headers()[header::X_FRAME_OPTIONS], "DENY");
    assert_eq!(page.headers()[header::CACHE_CONTROL], "no-cache");
    assert!(text(page).await.contains("<title>console</title>"));
    let script = send(app.clone(), get("/admin/start.js")).await;
    assert_eq!(script.status(), StatusCode::OK);
    assert!(script.headers()[header::CONTENT_TYPE].to_str().unwrap().contains("javascript"));
    assert_eq!(send(app, get("/admin/missing.js")).await.status(), StatusCode::NOT_FOUND);

    // A server without a console directory has no /admin.
    assert_eq!(send(db.admin_app().await, get("/admin/")).await.status(), StatusCode::NOT_FOUND);
}

async fn the_preview_page_may_be_framed_by_the_console_alone_and_fetch_the_draft(db: TestDb) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "<!doctype html><title>console</title>").unwrap();
    std::fs::write(dir.path().join("preview.html"), "<!doctype html><title>Banner preview</title>").unwrap();
    std::fs::write(dir.path().join("preview.js"), "'use strict';").unwrap();
    let options = ServerOptions {
        admin_token: Some(AdminToken::new(backend::TOKEN).unwrap()),
        rate_limits: RateLimits::OFF,
        console_dir: Some(dir.path().to_owned()),
        ..ServerOptions::new(dir.path().join("no-site"), dir.path().join("no-bundle"))
    };
    let app = app(db.open_state(options).await);

    // The console frames the preview: pages of this origin may, no other may.
    let page = send(app.clone(), get("/admin/preview.html")).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()[header::X_FRAME_OPTIONS], "SAMEORIGIN");
    let csp = page.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_owned();
    let directives: Vec<&str> = csp.split(';').map(str::trim).collect();
    for directive in [
        "frame-ancestors 'self'",
        "connect-src 'self' blob:",
        "script-src 'self' 'wasm-unsafe-eval'",
        "default-src 'none'",
        "style-src 'self'",
    ] {
        assert!(directives.contains(&directive), "{directive} in {csp}");
    }
    assert!(!csp.contains("unsafe-inline") && !csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(page.headers()[header::CACHE_CONTROL], "no-cache");
    assert_eq!(page.headers()[header::REFERRER_POLICY], "no-referrer");
    assert!(text(page).await.contains("<title>Banner preview</title>"));

    // Its script is an ordinary console file; the console page itself still may not be framed at all.
    let script = send(app.clone(), get("/admin/preview.js")).await;
    assert_eq!(script.status(), StatusCode::OK);
    assert_eq!(script.headers()[header::X_FRAME_OPTIONS], "DENY");
    let console = send(app, get("/admin/")).await;
    assert_eq!(console.headers()[header::X_FRAME_OPTIONS], "DENY");
    let csp = console.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("blob:"), "{csp}");
}

for_each_backend!(
    the_site_list_names_every_site_with_its_revision_and_origins,
    the_history_lists_every_published_config_newest_first_and_serves_each,
    the_console_page_is_served_locked_down_under_admin,
    the_preview_page_may_be_framed_by_the_console_alone_and_fetch_the_draft,
);
