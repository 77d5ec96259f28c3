//! `GET /v1/sites/{site}/first-layer/{language}.json`: the first layer the boot loader paints before the banner's
//! WebAssembly has arrived, rendered by the banner's own component from the served config, in the language the boot
//! loader chose; the `?lang=` form that chooses it here, for earlier boot loaders; and `consent config export-static`,
//! which writes the same files for a static host.

mod backend;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use backend::{json, send, DEMO_CONFIG};
use consent_core::SiteConfig;
use consent_server::static_export::export_static;
use consent_server::{app, AppState};
use serde_json::Value;

/// The endpoint serving `config`, with the real French words in its bundle (`locales/fr.json`, as the build ships).
async fn app_with(config: &str) -> (Router, tempfile::TempDir) {
    app_with_site(config, &[]).await
}

/// [`app_with`], serving a site whose pages are `files` (path, contents).
async fn app_with_site(config: &str, files: &[(&str, &[u8])]) -> (Router, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("site")).unwrap();
    for (path, contents) in files {
        std::fs::write(dir.path().join("site").join(path), contents).unwrap();
    }
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
async fn the_layer_is_in_the_language_asked_for_with_its_three_answers() {
    let (app, _dir) = app_with(DEMO_CONFIG).await;
    let response = send(app.clone(), get("/v1/sites/demo-shop/first-layer/fr.json")).await;
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
}

#[tokio::test]
async fn earlier_boot_loaders_get_the_language_chosen_here_the_same_bytes_as_its_file() {
    let (app, _dir) = app_with(DEMO_CONFIG).await;
    let file = backend::text(send(app.clone(), get("/v1/sites/demo-shop/first-layer/fr.json")).await).await;
    let chosen = backend::text(send(app.clone(), get("/v1/sites/demo-shop/first-layer?lang=fr-CA,fr,en")).await).await;
    assert_eq!(chosen, file);
    // No languages, or none the site has: English, as the banner falls back to.
    for query in ["", "?lang=", "?lang=tlh,xx-YY"] {
        let layer = json(send(app.clone(), get(&format!("/v1/sites/demo-shop/first-layer{query}"))).await).await;
        assert_eq!(layer["language"], "en", "{query}");
        assert!(layer["html"].as_str().unwrap().contains("data-consent-action=\"accept-all\""));
    }
}

#[tokio::test]
async fn a_language_the_banner_does_not_speak_or_written_otherwise_is_a_404_saying_so() {
    let (app, _dir) = app_with(DEMO_CONFIG).await;
    for (file, says) in [
        ("tlh.json", "does not speak 'tlh'"),
        ("FR.json", "not a language tag as the boot loader asks for it"),
        ("pt_br.json", "not a language tag"),
        ("fr", "named '<language>.json'"),
        ("fr.html", "named '<language>.json'"),
    ] {
        let response = send(app.clone(), get(&format!("/v1/sites/demo-shop/first-layer/{file}"))).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{file}");
        let error = json(response).await["error"].as_str().unwrap_or_default().to_owned();
        assert!(error.contains(says), "{file}: {error}");
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
    let layer = json(send(app, get("/v1/sites/demo-shop/first-layer/en.json")).await).await;
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
    let response = send(app.clone(), get("/v1/sites/demo-shop/first-layer/fr.json")).await;
    let headers = response.headers().clone();
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
    assert!(headers[header::CACHE_CONTROL].to_str().unwrap().contains("stale-while-revalidate"));
    let etag = headers[header::ETAG].to_str().unwrap().to_owned();
    assert!(etag.ends_with("-fr\""), "{etag}");

    let again = Request::get("/v1/sites/demo-shop/first-layer/fr.json")
        .header(header::IF_NONE_MATCH, &etag)
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(app.clone(), again).await.status(), StatusCode::NOT_MODIFIED);
    // Another language is another rendering.
    let english = Request::get("/v1/sites/demo-shop/first-layer/en.json")
        .header(header::IF_NONE_MATCH, &etag)
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(app, english).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn unknown_sites_and_junk_ids_are_404s() {
    let (app, _dir) = app_with(DEMO_CONFIG).await;
    for uri in [
        "/v1/sites/no-such-shop/first-layer/en.json",
        "/v1/sites/..%2f..%2fetc/first-layer/en.json",
        "/v1/sites/no-such-shop/first-layer",
    ] {
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
    let response = send(app, get("/v1/sites/demo-shop/first-layer/de.json")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let error = json(response).await["error"].as_str().unwrap_or_default().to_owned();
    assert!(error.contains("locales/de.json"), "{error}");
}

#[tokio::test]
async fn export_static_writes_the_served_config_and_each_language_s_layer_as_the_endpoint_answers_them() {
    let (app, dir) = app_with(DEMO_CONFIG).await;
    let out = dir.path().join("public");
    let exported = export_static(DEMO_CONFIG, &dir.path().join("dist"), &out, None).expect("the demo config exports");
    assert_eq!(exported.site, "demo-shop");
    let served = backend::text(send(app.clone(), get("/v1/sites/demo-shop/config")).await).await;
    assert_eq!(std::fs::read_to_string(out.join("consent.json")).unwrap(), served, "the config as served");
    // The test's bundle has French words only: English (the config's own) and French get a layer, byte for byte the
    // endpoint's; every other built-in language is named as skipped, not painted in English.
    for language in ["en", "fr"] {
        let file = format!("v1/sites/demo-shop/first-layer/{language}.json");
        let written = std::fs::read_to_string(out.join(&file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let answered = backend::text(send(app.clone(), get(&format!("/{file}"))).await).await;
        assert_eq!(written, answered, "{file}");
    }
    assert_eq!(exported.files.len(), 3, "{:?}", exported.files);
    let skipped: Vec<String> = exported.skipped.iter().map(|(language, _)| language.to_string()).collect();
    assert!(skipped.contains(&"de".to_owned()) && !skipped.contains(&"fr".to_owned()), "{skipped:?}");
    assert!(exported.skipped.iter().all(|(_, why)| why.to_string().contains("locales/")), "{:?}", exported.skipped);
}

#[test]
fn export_static_writes_nothing_for_an_invalid_config_or_without_a_bundle() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    let invalid = demo_with(serde_json::json!({"revision": 0}));
    let error = export_static(&invalid, dir.path(), &out, None).unwrap_err().to_string();
    assert!(error.contains("revision"), "{error}");
    let error = export_static(DEMO_CONFIG, &dir.path().join("no-dist"), &out, None).unwrap_err().to_string();
    assert!(error.contains("not a banner bundle"), "{error}");
    assert!(!out.exists(), "nothing written");
}

/// The layer's two answers, completed as the boot loader completes them (boot/deferred/early-choice.js), are records
/// the endpoint stores: the boot loader sends them without the banner.
#[tokio::test]
async fn the_layer_carries_both_answers_as_records_the_endpoint_stores() {
    let (app, _dir) = app_with(DEMO_CONFIG).await;
    // Without the policy file the banner fetches (demo: /privacy.json), only the banner can name its digest.
    let without = json(send(app.clone(), get("/v1/sites/demo-shop/first-layer/en.json")).await).await;
    assert!(without.get("choices").is_none(), "no answers without the policy file: {without}");

    let policy = include_bytes!("../../../demo/privacy.json");
    let (app, _dir) = app_with_site(DEMO_CONFIG, &[("privacy.json", policy)]).await;
    let layer = json(send(app.clone(), get("/v1/sites/demo-shop/first-layer/en.json")).await).await;
    let choices = &layer["choices"];
    assert_eq!(choices["policy_file_sha256"], consent_core::sha256::hex_digest(policy));
    for (n, action) in ["accept-all", "reject-all"].into_iter().enumerate() {
        let mut submission = choices[action]["submission"].clone();
        submission["consent_id"] = format!("3f2b8c1e-9d4a-4c6b-8e2f-1a2b3c4d5e6{n}").into();
        submission["config_sha256"] = layer["config_sha256"].clone();
        submission["page_url"] = "https://shop.example/".into();
        submission["decided_at_ms"] = 1_765_000_000_000u64.into();
        submission["expires_at_ms"] = (1_765_000_000_000u64 + choices[action]["lifetime_ms"].as_u64().unwrap()).into();
        let response = send(app.clone(), backend::post_json(&submission)).await;
        assert_eq!(response.status(), StatusCode::CREATED, "{action}: {}", backend::text(response).await);
    }
    assert_eq!(choices["accept-all"]["stored"]["g"], serde_json::json!(["analytics", "marketing", "necessary"]));
    assert_eq!(choices["reject-all"]["stored"]["g"], serde_json::json!(["necessary"]));
    assert_eq!(choices["reject-all"]["submission"]["action"], "reject_all");
}
