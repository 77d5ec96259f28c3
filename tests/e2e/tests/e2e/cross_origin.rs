//! A shop on its own origin embeds the banner from elsewhere, as a self-hosting site deploys it: the endpoint on
//! `consent.example`, the shop on `shop.example`, the bundle from the endpoint or from a CDN. Each is its own origin
//! here (its own port on 127.0.0.1), so the browser applies CORS exactly as it would between real hosts.

use std::net::SocketAddr;

use anyhow::Result;
use axum::http::{header, HeaderValue};
use axum::response::Html;
use axum::routing::get;
use axum::Router;
use consent_e2e::site::{bundle_dir, SiteOptions};
use consent_e2e::wait::{wait_until, PROMPTLY};
use consent_server::store::pages::Range;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::fixture::Visit;

/// Serves `router` on a free port of 127.0.0.1 for as long as the test runs; returns its origin.
async fn host(listener: tokio::net::TcpListener, router: Router) -> Result<String> {
    let addr: SocketAddr = listener.local_addr()?;
    tokio::spawn(async move { axum::serve(listener, router).await });
    Ok(format!("http://{addr}"))
}

/// The shop's page: the one script tag, pointing at the bundle and the endpoint on other origins, and an analytics
/// tag held until the visitor agrees.
fn shop_page(bundle: &str, endpoint: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>A shop on its own origin</title>
  <link rel="icon" href="data:,">
  <script src="{bundle}/consent-boot.js" data-config="{endpoint}/consent.json" data-endpoint="{endpoint}/"></script>
  <script type="text/plain" data-category="analytics" src="http://analytics.localhost:8081/analytics.js"></script>
</head>
<body><h1>Bowls and mugs</h1></body>
</html>"#
    )
}

/// A static host serving the bundle as the README tells a site's CDN to: the compressed twins, public CORS.
fn cdn() -> Router {
    let files = ServeDir::new(bundle_dir()).precompressed_br().precompressed_gzip();
    Router::new()
        .fallback_service(files)
        .layer(SetResponseHeaderLayer::overriding(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*")))
}

/// Opens the shop with the bundle from the endpoint (`from_cdn` false) or from a third origin, accepts everything,
/// and checks that the banner worked end to end: shown, analytics released, the consent in the endpoint's log.
async fn the_banner_works_across_origins(from_cdn: bool) -> Result<()> {
    let shop_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let shop_origin = format!("http://{}", shop_listener.local_addr()?);
    let visit =
        Visit::with(SiteOptions { allowed_origins: vec![shop_origin.clone()], ..SiteOptions::default() }).await?;
    let endpoint = visit.site.url("");
    let bundle = if from_cdn {
        let cdn_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        host(cdn_listener, cdn()).await?
    } else {
        format!("{endpoint}/consent")
    };
    let page = shop_page(&bundle, &endpoint);
    host(shop_listener, Router::new().route("/", get(move || async move { Html(page) }))).await?;

    visit.browser.open(&format!("{shop_origin}/")).await?;
    visit.browser.click("[data-consent-action='accept-all']").await?;
    wait_until(|| async { Ok(visit.tracker_saw("analytics.localhost", "/collect")) }, PROMPTLY, "analytics").await?;
    let logged = || async { Ok(!visit.site.store().page(&Range::all("demo-shop"), i64::MIN).await?.is_empty()) };
    wait_until(logged, PROMPTLY, "the consent to reach the endpoint's log").await?;

    let records = visit.site.store().page(&Range::all("demo-shop"), i64::MIN).await?;
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].row.page_url, format!("{shop_origin}/"), "the record names the shop's page");
    let errors: Vec<String> = visit
        .browser
        .console()
        .await?
        .into_iter()
        .filter(|entry| entry.is_console_error())
        .map(|entry| entry.message)
        .collect();
    assert!(errors.is_empty(), "the console has errors: {errors:?}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_shop_on_another_origin_gets_the_banner_from_the_endpoint() -> Result<()> {
    the_banner_works_across_origins(false).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_shop_gets_the_banner_from_a_cdn_and_sends_consents_to_the_endpoint() -> Result<()> {
    the_banner_works_across_origins(true).await
}
