//! A site served by a plain static host, with no `consent serve` behind it: the files `consent config export-static`
//! writes (the config as served and its first layer per language) next to the site's pages and the bundle. A first
//! visitor on a phone's network sees the first layer before the banner's WebAssembly has arrived, in the language the
//! banner then speaks, and the banner takes over unchanged.

use std::time::Duration;

use anyhow::{Context, Result};
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use consent_e2e::site::{bundle_dir, workspace, SiteOptions};
use consent_e2e::wait::{wait_until, PROMPTLY};
use consent_server::static_export::export_static;
use serde_json::Value;
use tower_http::services::ServeDir;

use crate::fixture::Visit;

/// Long enough to look at the painted layer while the WebAssembly is on its way, as on a phone's network.
const WASM_DELAY: Duration = Duration::from_secs(4);

/// Answers requests for the banner's WebAssembly only after [`WASM_DELAY`].
async fn slow_wasm(request: Request, next: Next) -> Response {
    if request.uri().path().ends_with(".wasm") {
        tokio::time::sleep(WASM_DELAY).await;
    }
    next.run(request).await
}

/// Starts a static host: the exported files and `fr.html` (the demo's home page with `<html lang="fr">`) over the
/// demo site's pages, the bundle under `/consent/` as its `.br` twins. Returns its origin and the folder it serves.
async fn static_host() -> Result<(String, tempfile::TempDir)> {
    let dir = tempfile::Builder::new().prefix("static-host").tempdir()?;
    let config = std::fs::read_to_string(workspace().join("demo/consent.json"))?;
    let exported = export_static(&config, &bundle_dir(), dir.path(), None).context("exporting the demo config")?;
    assert!(exported.skipped.is_empty(), "the built bundle has every language's words: {:?}", exported.skipped);
    let home = std::fs::read_to_string(workspace().join("demo/index.html"))?;
    std::fs::write(dir.path().join("fr.html"), home.replacen("<html lang=\"en\">", "<html lang=\"fr\">", 1))?;
    let site = ServeDir::new(dir.path()).fallback(ServeDir::new(workspace().join("demo")));
    let router = Router::new()
        .nest_service("/consent", ServeDir::new(bundle_dir()).precompressed_br())
        .fallback_service(site)
        .layer(middleware::from_fn(slow_wasm));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let origin = format!("http://{}", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, router).await });
    Ok((origin, dir))
}

/// What the visitor sees of the first layer: painted or the banner's, its language and its words.
async fn first_layer(visit: &Visit) -> Result<Value> {
    visit
        .browser
        .in_banner(
            "var s = root.querySelector('[data-consent-banner]');
             if (!s) return null;
             return { early: banner.hasAttribute('data-consent-early'), lang: s.closest('.cb-root').lang,
                      text: s.innerText };",
            vec![],
        )
        .await
}

async fn painted_then_taken_over(page: &str, language: &str, words: &str) -> Result<()> {
    let (origin, _files) = static_host().await?;
    let visit = Visit::with(SiteOptions::default()).await?;
    visit.browser.open(&format!("{origin}{page}")).await?;
    let painted = || async { Ok(first_layer(&visit).await?.get("early") == Some(&Value::Bool(true))) };
    wait_until(painted, PROMPTLY, "the painted first layer").await?;
    let early = first_layer(&visit).await?;
    assert_eq!(early["lang"], language, "{early}");
    assert!(early["text"].as_str().unwrap_or_default().contains(words), "{early}");
    let runs =
        || async { Ok(visit.browser.js("return typeof consentBoot.showPreferences;", vec![]).await? == "function") };
    wait_until(runs, PROMPTLY, "the banner to run").await?;
    let banner = first_layer(&visit).await?;
    assert_eq!(banner["early"], false, "the banner's own layer replaced the painted one");
    assert_eq!(
        (&banner["lang"], &banner["text"]),
        (&early["lang"], &early["text"]),
        "changed when the banner took over"
    );
    assert!(visit.tracker_requests().is_empty(), "nothing released without an answer: {:?}", visit.tracker_requests());
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_static_host_paints_the_exported_first_layer_before_the_webassembly() -> Result<()> {
    painted_then_taken_over("/", "en", "Accept all").await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_french_page_on_a_static_host_gets_its_first_layer_in_french() -> Result<()> {
    painted_then_taken_over("/fr.html", "fr", "Tout accepter").await
}
