//! `GET /v1/sites/{site}/first-layer`: the first layer the boot loader paints before the banner's WebAssembly has
//! arrived, rendered by the banner's own component from the served config, in the visitor's language.

mod backend;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use backend::{json, send, DEMO_CONFIG};
use consent_core::SiteConfig;
use consent_server::{app, AppState};
use serde_json::Value;

/// The endpoint serving `config`, with the real French words in its bundle (`locales/fr.json`, as the build ships).
async fn app_with(config: &str) -> (Router, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("dist");
    std::fs::create_dir_all(bundle.join("locales")).unwrap();
    let french = include_str!("../../../locales/fr.json");
    std::fs::write(bundle.join("locales/fr.json"), french).unwrap();
    let store =
        consent_server::Store::connect(&format!("sqlite://{}", dir.path().join("c.db").display())).await.unwrap();
    let config = SiteConfig::from_json(config).expect("the test's config is valid");
    (app(AppState::new(config, store, dir.path().join("site"), bundle)), dir)
}

fn demo_with(changes: Value) -> String {
    let mut config: Value = serde_json::from_str(DEMO_CONFIG).unwrap();
    for (key, value) in changes.as_object().unwrap() {
        config[key] = value.clone();
    }
    config.to_string()
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

fn attribute<'a>(layer: &'a Value, list: &str, name: &str) -> Option<&'a str> {
    layer[list].as_array()?.iter().find(|pair| pair[0] == name)?[1].as_str()
}

#[tokio::test]
async fn the_layer_is_in_the_language_the_banner_would_choose_with_its_three_answers() {
    let (app, _dir) = app_with(DEMO_CONFIG).await;
    let response = send(app.clone(), get("/v1/sites/demo-shop/first-layer?lang=fr-CA,fr,en")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let layer = json(response).await;
    assert_eq!(layer["language"], "fr");
    let config = send(app.clone(), get("/v1/sites/demo-shop/config")).await;
    let served = backend::text(config).await;
    assert_eq!(
        layer["config_sha256"],
        consent_core::sha256::hex_digest(served.as_bytes()),
        "rendered from the served config"
    );
    let html = layer["html"].as_str().unwrap();
    assert!(html.contains("Nous respectons votre vie privée"), "{html}");
    for action in ["accept-all", "reject-all", "customise"] {
        assert!(html.contains(&format!("data-consent-action=\"{action}\"")), "{action} in {html}");
    }
    assert!(html.contains("role=\"dialog\"") && html.contains("data-consent-banner"), "{html}");
    // The demo config carries its policy: the first layer opens the policy view, as the banner's does.
    assert!(html.contains("data-consent-action=\"policy\""), "{html}");
    assert_eq!(attribute(&layer, "attributes", "data-layout"), Some("bar"));

    // No languages, or none the site has: the config's own.
    for query in ["", "?lang=", "?lang=tlh,xx-YY"] {
        let layer = json(send(app.clone(), get(&format!("/v1/sites/demo-shop/first-layer{query}"))).await).await;
        assert_eq!(layer["language"], "en", "{query}");
        assert!(layer["html"].as_str().unwrap().contains("data-consent-action=\"accept-all\""));
    }
}

#[tokio::test]
async fn the_sites_words_are_text_never_markup() {
    let hostile = "<img src=x onerror=alert(1)>We use cookies";
    let config = demo_with(serde_json::json!({
        "texts": {"title": hostile, "accept_all": "\"><script>alert(2)</script>"},
        "layout": "modal",
        "theme": {"accent": "#7a1fa2"}
    }));
    let (app, _dir) = app_with(&config).await;
    let layer = json(send(app, get("/v1/sites/demo-shop/first-layer?lang=en")).await).await;
    let html = layer["html"].as_str().unwrap();
    assert!(!html.contains("<img") && !html.contains("<script"), "{html}");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;We use cookies"), "{html}");
    // The modal layout's backdrop and the theme go with it, so the painted layer looks like the banner's.
    assert!(html.contains("cb-backdrop") && html.contains("aria-modal=\"true\""), "{html}");
    assert_eq!(attribute(&layer, "attributes", "data-layout"), Some("modal"));
    assert_eq!(attribute(&layer, "properties", "--cb-theme-accent"), Some("#7a1fa2"));
}

#[tokio::test]
async fn it_is_public_cached_like_the_config_and_revalidated_with_a_304() {
    let (app, _dir) = app_with(DEMO_CONFIG).await;
    let response = send(app.clone(), get("/v1/sites/demo-shop/first-layer?lang=fr")).await;
    let headers = response.headers().clone();
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert!(headers[header::CACHE_CONTROL].to_str().unwrap().contains("stale-while-revalidate"));
    let etag = headers[header::ETAG].to_str().unwrap().to_owned();
    assert!(etag.ends_with("-fr\""), "{etag}");

    let again = Request::get("/v1/sites/demo-shop/first-layer?lang=fr")
        .header(header::IF_NONE_MATCH, &etag)
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(app.clone(), again).await.status(), StatusCode::NOT_MODIFIED);
    // Another language is another rendering.
    let english = Request::get("/v1/sites/demo-shop/first-layer?lang=en")
        .header(header::IF_NONE_MATCH, &etag)
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(app, english).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn unknown_sites_and_junk_ids_are_404s() {
    let (app, _dir) = app_with(DEMO_CONFIG).await;
    for uri in ["/v1/sites/no-such-shop/first-layer", "/v1/sites/..%2f..%2fetc/first-layer"] {
        let response = send(app.clone(), get(uri)).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{uri}");
        assert!(json(response).await["error"].is_string(), "{uri}");
    }
}

#[tokio::test]
async fn a_language_whose_words_this_server_lacks_is_not_rendered_in_english() {
    // An endpoint that does not serve the bundle (a CDN does) has no locales/de.json: no layer, rather than an
    // English one that the banner would replace with German.
    let (app, _dir) = app_with(DEMO_CONFIG).await;
    let response = send(app, get("/v1/sites/demo-shop/first-layer?lang=de")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let error = json(response).await["error"].as_str().unwrap_or_default().to_owned();
    assert!(error.contains("locales/de.json"), "{error}");
}
