//! The first layer is painted before the banner's WebAssembly has arrived (rendered by the endpoint with the banner's
//! own component), the banner replaces it without a visible change, and a click made on it is carried out.

use std::time::Duration;

use anyhow::{Context, Result};
use consent_e2e::site::{bundle_file, SiteOptions};
use consent_e2e::wait::{wait_until, PROMPTLY};
use consent_server::store::pages::Range;
use serde_json::Value;

use crate::fixture::Visit;

/// Long enough to act on the painted layer while the WebAssembly is on its way, as on a phone's network.
const WASM_DELAY: Duration = Duration::from_secs(4);

/// The demo site with the banner's WebAssembly answered only after `WASM_DELAY`.
async fn slow_wasm_visit() -> Result<Visit> {
    let wasm = bundle_file("consent-banner_bg", "wasm").context("the banner is not built")?;
    let name = wasm.file_name().and_then(|n| n.to_str()).context("the WASM's name")?.to_owned();
    Visit::with(SiteOptions { delays: vec![(format!("/consent/{name}"), WASM_DELAY)], ..SiteOptions::default() }).await
}

/// The demo's home page opened with the WebAssembly delayed, once the painted first layer is there.
async fn painted_visit() -> Result<Visit> {
    let visit = slow_wasm_visit().await?;
    visit.open("/").await?;
    let painted = || async { Ok(first_layer_as_seen(&visit).await?["early"] == true) };
    wait_until(painted, PROMPTLY, "the painted first layer").await?;
    Ok(visit)
}

/// Whether the banner's WebAssembly runs (it answers "Cookie settings" from then on).
async fn banner_runs(visit: &Visit) -> Result<bool> {
    Ok(visit.browser.js("return typeof window.consentBoot.showPreferences === 'function';", vec![]).await? == true)
}

/// What a visitor sees of the first layer: its host's theme, its words and its place on the page.
async fn first_layer_as_seen(visit: &Visit) -> Result<Value> {
    visit
        .browser
        .in_banner(
            "var s = root.querySelector('[data-consent-banner]');
             if (!s) return null;
             var r = s.getBoundingClientRect();
             return { early: banner.hasAttribute('data-consent-early'), layout: banner.getAttribute('data-layout'),
                      mode: banner.getAttribute('data-mode'), lang: s.closest('.cb-root').lang, text: s.innerText,
                      rect: [r.x, r.y, r.width, r.height].map(Math.round),
                      buttons: [...s.querySelectorAll('button')].map((b) => b.dataset.consentAction) };",
            vec![],
        )
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_first_layer_shows_before_the_webassembly_and_the_banner_takes_over_unchanged() -> Result<()> {
    let visit = painted_visit().await?;
    assert!(!banner_runs(&visit).await?, "painted while the WebAssembly was still on its way");
    let early = first_layer_as_seen(&visit).await?;
    assert_eq!(early["buttons"], serde_json::json!(["policy", "accept-all", "reject-all", "customise"]));
    assert!(early["text"].as_str().unwrap_or_default().contains("Accept all"), "{early}");
    let focused = visit.browser.in_banner("return active() === root.querySelector('[data-consent-banner]');", vec![]);
    assert_eq!(focused.await?, true, "the painted layer takes focus, as the banner's does");

    wait_until(|| banner_runs(&visit), PROMPTLY, "the banner to run").await?;
    let taken_over = first_layer_as_seen(&visit).await?;
    assert_eq!(taken_over["early"], false, "the banner's own layer replaced the painted one");
    for seen in ["layout", "mode", "lang", "text", "rect", "buttons"] {
        assert_eq!(taken_over[seen], early[seen], "{seen} changed when the banner took over");
    }
    assert_eq!(visit.browser.js("return document.querySelectorAll('consent-banner').length;", vec![]).await?, 1);
    assert!(visit.tracker_requests().is_empty(), "nothing released without an answer: {:?}", visit.tracker_requests());
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn accept_all_on_the_painted_layer_is_carried_out_when_the_banner_arrives() -> Result<()> {
    let visit = painted_visit().await?;
    visit.browser.click("[data-consent-action='accept-all']").await?;
    let gone = visit.browser.js("return document.querySelectorAll('consent-banner').length;", vec![]).await?;
    assert_eq!(gone, 0, "the answer takes the layer away at once");
    assert!(!banner_runs(&visit).await?, "answered while the WebAssembly was still on its way");

    wait_until(|| async { Ok(visit.tracker_saw("analytics.localhost", "/collect")) }, PROMPTLY, "analytics").await?;
    let logged = || async { Ok(!visit.site.store().page(&Range::all("demo-shop"), i64::MIN).await?.is_empty()) };
    wait_until(logged, PROMPTLY, "the consent in the log").await?;
    let records = visit.site.store().page(&Range::all("demo-shop"), i64::MIN).await?;
    assert_eq!(records.len(), 1);
    assert_eq!((records[0].row.action.as_str(), records[0].row.ui_layer.as_str()), ("accept_all", "first_layer"));
    let asked_again = visit.browser.in_banner("return !!root.querySelector('[data-consent-banner]');", vec![]);
    assert_eq!(asked_again.await?, false, "the banner does not ask again what was answered");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn customise_on_the_painted_layer_opens_the_preferences_when_the_banner_arrives() -> Result<()> {
    let visit = painted_visit().await?;
    visit.browser.click("[data-consent-action='customise']").await?;
    let busy =
        visit.browser.in_banner("return root.querySelector('[data-consent-action=customise]').ariaBusy;", vec![]);
    assert_eq!(busy.await?, "true", "the button says it is on its way");
    visit.browser.wait_for("[data-consent-preferences]").await?;
    assert!(visit.tracker_requests().is_empty(), "opening the preferences releases nothing");
    Ok(())
}
