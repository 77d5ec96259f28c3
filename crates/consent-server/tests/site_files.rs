//! What a browser loads from the endpoint besides the consent API: the config, the banner bundle, the demo site.

mod backend;

use std::path::Path;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use backend::{send, text, DEMO_CONFIG};
use consent_core::SiteConfig;
use consent_server::{app, AppState};

const GLUE: &str = "consent-banner.0123456789abcdef.js";
const OLD_GLUE: &str = "consent-banner.fedcba9876543210.js";

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
    for flavour in ["tcf", "gpp", "tcf-gpp"] {
        std::fs::write(bundle.join(format!("consent-boot-{flavour}.js")), format!("/* boot, {flavour} */")).unwrap();
    }
    std::fs::write(bundle.join("consent-banner_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    // A content-hashed file with the compressed twins scripts/build-banner writes (distinct bytes stand in for them).
    std::fs::write(bundle.join(GLUE), "/* glue */").unwrap();
    std::fs::write(bundle.join(format!("{GLUE}.br")), "brotli bytes").unwrap();
    std::fs::write(bundle.join(format!("{GLUE}.gz")), "gzip bytes").unwrap();
    // A file of an earlier build, which a boot loader still cached in a browser may name.
    std::fs::create_dir_all(bundle.join("previous")).unwrap();
    std::fs::write(bundle.join("previous").join(OLD_GLUE), "/* old glue */").unwrap();
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
    // Used from the cache at once, refreshed in the background after a minute: a page view never waits for it.
    assert_eq!(response.headers()[header::CACHE_CONTROL], "public, max-age=60, stale-while-revalidate=86400");
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
    // A stable name: used from the cache for a while, then refreshed in the background, never blocking a page view.
    assert_eq!(response.headers()[header::CACHE_CONTROL], "public, max-age=600, stale-while-revalidate=86400");
    assert_eq!(text(response).await, "/* boot */");
}

#[tokio::test]
async fn the_boot_loaders_with_iab_apis_are_served_like_the_boot_loader_from_any_origin() {
    let (app, _dir) = app_with_files().await;
    for flavour in ["tcf", "gpp", "tcf-gpp"] {
        let response = send(app.clone(), get(&format!("/consent/consent-boot-{flavour}.js"))).await;
        assert_eq!(response.status(), StatusCode::OK, "{flavour}");
        assert!(content_type(&response).contains("javascript"), "{flavour}: {}", content_type(&response));
        // Stable names, embedded by TCF and GPP sites as consent-boot.js is by the others: refreshed alike.
        let cache = &response.headers()[header::CACHE_CONTROL];
        assert_eq!(cache, "public, max-age=600, stale-while-revalidate=86400", "{flavour}");
        assert_eq!(response.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*", "{flavour}");
        assert_eq!(text(response).await, format!("/* boot, {flavour} */"));
    }
}

fn with_encoding(uri: &str, accept: &str) -> Request<Body> {
    Request::get(uri).header(header::ACCEPT_ENCODING, accept).body(Body::empty()).expect("a valid request")
}

fn header_of<'a>(response: &'a axum::http::Response<Body>, name: &str) -> &'a str {
    response.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
}

#[tokio::test]
async fn bundle_files_are_sent_in_the_best_encoding_the_browser_accepts() {
    let (app, _dir) = app_with_files().await;
    let uri = format!("/consent/{GLUE}");
    for (accept, encoding, body) in [
        ("gzip, deflate, br, zstd", "br", "brotli bytes"),
        ("gzip", "gzip", "gzip bytes"),
        ("identity", "", "/* glue */"),
        ("", "", "/* glue */"),
    ] {
        let response = send(app.clone(), with_encoding(&uri, accept)).await;
        assert_eq!(response.status(), StatusCode::OK, "{accept}");
        assert_eq!(header_of(&response, "content-encoding"), encoding, "Accept-Encoding: {accept}");
        assert!(content_type(&response).contains("javascript"), "{accept}: {}", content_type(&response));
        assert!(header_of(&response, "vary").contains("accept-encoding"), "caches must keep encodings apart");
        assert_eq!(text(response).await, body, "Accept-Encoding: {accept}");
    }
}

#[tokio::test]
async fn content_hashed_files_are_immutable_for_a_year() {
    let (app, _dir) = app_with_files().await;
    let response = send(app, get(&format!("/consent/{GLUE}"))).await;
    assert_eq!(response.headers()[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
}

#[tokio::test]
async fn a_browser_copy_that_is_current_gets_a_304() {
    let (app, _dir) = app_with_files().await;
    let first = send(app.clone(), get("/consent/consent-boot.js")).await;
    let last_modified = first.headers()[header::LAST_MODIFIED].clone();
    let revalidation = Request::get("/consent/consent-boot.js")
        .header(header::IF_MODIFIED_SINCE, last_modified)
        .body(Body::empty())
        .unwrap();
    let response = send(app, revalidation).await;
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "public, max-age=600, stale-while-revalidate=86400");
}

#[tokio::test]
async fn any_origin_may_load_the_bundle_as_module_wasm_or_data() {
    let (app, _dir) = app_with_files().await;
    for file in ["consent-boot.js", "consent-banner_bg.wasm", GLUE] {
        let request =
            Request::get(format!("/consent/{file}")).header(header::ORIGIN, "https://shop.example").body(Body::empty());
        let response = send(app.clone(), request.unwrap()).await;
        assert_eq!(response.status(), StatusCode::OK, "{file}");
        assert_eq!(header_of(&response, "access-control-allow-origin"), "*", "{file}");
        assert_eq!(header_of(&response, "cross-origin-resource-policy"), "cross-origin", "{file}");
    }
}

#[tokio::test]
async fn files_of_the_previous_build_are_still_served_and_missing_ones_are_not_cached() {
    let (app, _dir) = app_with_files().await;
    let response = send(app.clone(), get(&format!("/consent/{OLD_GLUE}"))).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(text(response).await, "/* old glue */");
    let response = send(app, get("/consent/consent-banner.0000000000000000.js")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
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

#[tokio::test]
async fn the_config_and_the_sites_pages_are_compressed_for_browsers_that_accept_it() {
    let (app, _dir) = app_with_files().await;
    let response = send(app.clone(), with_encoding("/consent.json", "gzip, deflate, br")).await;
    assert_eq!(header_of(&response, "content-encoding"), "br");
    assert!(header_of(&response, "vary").contains("accept-encoding"));
    // Still the same config, byte for byte, once decoded: its ETag is the hash of the identity bytes.
    let identity = send(app.clone(), get("/consent.json")).await;
    assert_eq!(header_of(&identity, "content-encoding"), "");
    let page = send(app, with_encoding("/", "gzip")).await;
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(header_of(&page, "content-encoding"), "gzip");
}
