//! What a browser loads from the endpoint besides the consent API: the config, the banner bundle, the demo site.

mod backend;

use std::path::Path;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use backend::{send, text, DEMO_CONFIG};
use consent_core::SiteConfig;
use consent_server::{app, AppState};

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).expect("a valid request")
}

/// The endpoint with a demo site and a banner bundle of a few known files; the directories live as long as the tuple.
async fn app_with_files() -> (Router, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let (site, bundle) = (dir.path().join("site"), dir.path().join("dist"));
    std::fs::create_dir_all(&site).unwrap();
    std::fs::create_dir_all(&bundle).unwrap();
    std::fs::write(site.join("index.html"), "<!doctype html><title>Demo shop</title>").unwrap();
    std::fs::write(bundle.join("consent-boot.js"), "/* boot */").unwrap();
    std::fs::write(bundle.join("consent-banner_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let store =
        consent_server::Store::connect(&format!("sqlite://{}", dir.path().join("c.db").display())).await.unwrap();
    let config = SiteConfig::from_json(DEMO_CONFIG).unwrap();
    (app(AppState::new(config, store, site, bundle)), dir)
}

fn content_type(response: &axum::http::Response<Body>) -> &str {
    response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default()
}

#[tokio::test]
async fn the_config_is_served_fresh_and_is_the_one_records_are_checked_against() {
    let (app, _dir) = app_with_files().await;
    let response = send(app, get("/consent.json")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(content_type(&response), "application/json");
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
    let served = SiteConfig::from_json(&text(response).await).expect("the served config is a valid config");
    assert_eq!(served, SiteConfig::from_json(DEMO_CONFIG).unwrap());
}

#[tokio::test]
async fn healthz_answers_ok() {
    let (app, _dir) = app_with_files().await;
    let response = send(app, get("/healthz")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(text(response).await, "ok");
}

#[tokio::test]
async fn the_banner_wasm_is_served_as_application_wasm() {
    let (app, _dir) = app_with_files().await;
    let response = send(app, get("/consent/consent-banner_bg.wasm")).await;
    assert_eq!(response.status(), StatusCode::OK);
    // Browsers refuse to stream-compile WebAssembly served under any other type.
    assert_eq!(content_type(&response), "application/wasm");
}

#[tokio::test]
async fn the_boot_loader_is_served_as_javascript() {
    let (app, _dir) = app_with_files().await;
    let response = send(app, get("/consent/consent-boot.js")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(content_type(&response).contains("javascript"), "{}", content_type(&response));
    // Stable names: a browser must revalidate, so it never pairs a cached glue script with another build's WASM.
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
    assert_eq!(text(response).await, "/* boot */");
}

#[tokio::test]
async fn the_demo_site_is_served_at_the_root() {
    let (app, _dir) = app_with_files().await;
    let response = send(app, get("/")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(text(response).await.contains("<title>Demo shop</title>"));
}

#[tokio::test]
async fn files_outside_the_served_directories_are_not_reachable() {
    let (app, dir) = app_with_files().await;
    assert!(Path::new(&dir.path().join("c.db")).exists());
    let response = send(app.clone(), get("/../c.db")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let response = send(app, get("/consent/../../c.db")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}
