//! The first layer is painted before the banner's WebAssembly has arrived (rendered by the endpoint with the banner's
//! own component), and stands in for the banner on a first visit: "Accept all" and "Reject all" on it are carried out
//! without the WebAssembly ever being downloaded (stored, released, recorded, queued when the endpoint is down);
//! "Customise" loads the banner, which opens the preferences; and when the banner does load, it replaces the painted
//! layer without a visible change.

use std::time::Duration;

use anyhow::{Context, Result};
use consent_core::stored::COOKIE_NAME;
use consent_core::StoredConsent;
use consent_e2e::site::{bundle_file, EndpointMode, SiteOptions};
use consent_e2e::wait::{wait_until, PROMPTLY};
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

/// The demo's home page opened as a first visit (nothing delayed), once the painted first layer is there.
async fn painted_first_visit() -> Result<Visit> {
    let visit = Visit::demo().await?;
    visit.open("/").await?;
    let painted = || async { Ok(first_layer_as_seen(&visit).await?["early"] == true) };
    wait_until(painted, PROMPTLY, "the painted first layer").await?;
    Ok(visit)
}

/// Whether the banner's glue or WebAssembly was requested: from the site (every page view of this visit) or, by this
/// page, from anywhere (the performance entries).
async fn banner_downloaded(visit: &Visit) -> Result<bool> {
    let from_site = visit.site.requests().iter().any(|r| r.path.contains("consent-banner"));
    let entries = "return performance.getEntriesByType('resource').some((e) => /consent-banner[._]/.test(e.name));";
    Ok(from_site || visit.browser.js(entries, vec![]).await? == true)
}

/// The choice stored in the cookie, read as the banner reads it.
async fn stored_choice(visit: &Visit) -> Result<StoredConsent> {
    let cookies = visit.browser.js("return document.cookie;", vec![]).await?;
    let value = cookies
        .as_str()
        .unwrap_or_default()
        .split("; ")
        .find_map(|pair| pair.strip_prefix(COOKIE_NAME)?.strip_prefix('='))
        .map(str::to_owned)
        .context("no stored choice")?;
    Ok(StoredConsent::from_cookie_value(&value)?)
}

/// The log's record of `consent_id`, once it is there.
async fn logged(visit: &Visit, consent_id: &str) -> Result<consent_server::StoredRow> {
    let store = visit.site.store();
    consent_e2e::wait::wait_for(|| async move { Ok(store.get(consent_id).await?) }, PROMPTLY, "the record").await
}

/// What the JS API answers on this page: the categories granted, as `getConsent()` has them.
async fn consent_categories(visit: &Visit) -> Result<Value> {
    visit.browser.js("return window.consentBanner.getConsent()?.categories ?? null;", vec![]).await
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

    // It stands in for the banner, which is loaded only when needed: here, asked for by the JS API.
    tokio::time::sleep(WASM_DELAY).await;
    assert!(!banner_runs(&visit).await?, "the banner is not loaded for a first layer the painted one shows");
    visit.browser.js("window.consentBanner.show();", vec![]).await?;
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
async fn accept_all_on_the_painted_layer_is_carried_out_without_the_webassembly() -> Result<()> {
    let visit = painted_first_visit().await?;
    let consent_events = "window.seen = []; window.consentBanner.on('consent', (d) => seen.push(d.categories));";
    visit.browser.js(consent_events, vec![]).await?;
    visit.browser.click("[data-consent-action='accept-all']").await?;
    let gone = visit.browser.js("return document.querySelectorAll('consent-banner').length;", vec![]).await?;
    assert_eq!(gone, 0, "the answer takes the layer away at once");

    wait_until(|| async { Ok(visit.tracker_saw("analytics.localhost", "/collect")) }, PROMPTLY, "analytics").await?;
    let stored = stored_choice(&visit).await?;
    let row = logged(&visit, stored.id.as_str()).await?;
    assert_eq!((row.action.as_str(), row.ui_layer.as_str()), ("accept_all", "first_layer"));
    let decisions: Value = serde_json::from_str(&row.decisions)?;
    let all = serde_json::json!({"necessary": "granted", "analytics": "granted", "marketing": "granted"});
    assert_eq!(decisions, all, "the record's categories");
    assert_eq!(row.expires_at_ms, i64::try_from(stored.expires_at_ms)?);
    assert!(row.policy_sha256.is_some(), "the record names the policy the visitor could open");
    let granted = serde_json::json!(["analytics", "marketing", "necessary"]);
    assert_eq!(visit.browser.js("return window.seen;", vec![]).await?, serde_json::json!([granted.clone()]));
    assert_eq!(consent_categories(&visit).await?, granted);

    // The next page view reads the stored choice: nothing asked, the trackers released at once.
    visit.open("/").await?;
    wait_until(|| async { Ok(consent_categories(&visit).await? == granted) }, PROMPTLY, "the stored choice").await?;
    let asked_again = visit.browser.js("return document.querySelectorAll('consent-banner').length;", vec![]);
    assert_eq!(asked_again.await?, 0, "not asked again");
    assert!(
        !banner_downloaded(&visit).await?,
        "the banner's glue or WebAssembly was downloaded: {:?}",
        visit.site.requests()
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn reject_all_on_the_painted_layer_is_carried_out_without_the_webassembly() -> Result<()> {
    let visit = painted_first_visit().await?;
    visit.browser.click("[data-consent-action='reject-all']").await?;
    let stored = wait_until_stored(&visit).await?;
    let row = logged(&visit, stored.id.as_str()).await?;
    assert_eq!((row.action.as_str(), row.ui_layer.as_str()), ("reject_all", "first_layer"));
    let decisions: Value = serde_json::from_str(&row.decisions)?;
    let refused = serde_json::json!({"necessary": "granted", "analytics": "denied", "marketing": "denied"});
    assert_eq!(decisions, refused, "the record's categories");
    assert_eq!(consent_categories(&visit).await?, serde_json::json!(["necessary"]));

    visit.open("/").await?;
    let necessary = serde_json::json!(["necessary"]);
    wait_until(|| async { Ok(consent_categories(&visit).await? == necessary) }, PROMPTLY, "the stored choice").await?;
    assert_eq!(visit.browser.js("return document.querySelectorAll('consent-banner').length;", vec![]).await?, 0);
    consent_e2e::wait::settle().await;
    assert!(visit.tracker_requests().is_empty(), "held after a refusal: {:?}", visit.tracker_requests());
    assert!(
        !banner_downloaded(&visit).await?,
        "the banner's glue or WebAssembly was downloaded: {:?}",
        visit.site.requests()
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_answer_made_while_the_endpoint_is_down_is_queued_and_sent_from_a_later_page() -> Result<()> {
    let visit = painted_first_visit().await?;
    visit.site.set_endpoint(EndpointMode::Down);
    visit.browser.click("[data-consent-action='accept-all']").await?;
    let stored = wait_until_stored(&visit).await?;
    let queued = || async {
        let queue = visit.browser.js("return localStorage.getItem('consent_banner_queue');", vec![]).await?;
        Ok(queue.as_str().is_some_and(|q| q.contains(stored.id.as_str())))
    };
    wait_until(queued, PROMPTLY, "the decision in the queue").await?;
    assert!(visit.site.store().get(stored.id.as_str()).await?.is_none(), "the endpoint was down");

    visit.site.set_endpoint(EndpointMode::Up);
    visit.open("/").await?;
    let row = logged(&visit, stored.id.as_str()).await?;
    assert_eq!(row.action, "accept_all");
    let emptied = || async {
        Ok(visit.browser.js("return localStorage.getItem('consent_banner_queue');", vec![]).await? == Value::Null)
    };
    wait_until(emptied, PROMPTLY, "the queue to empty").await?;
    Ok(())
}

/// The choice stored once the answer is carried out.
async fn wait_until_stored(visit: &Visit) -> Result<StoredConsent> {
    consent_e2e::wait::wait_for(|| async { Ok(stored_choice(visit).await.ok()) }, PROMPTLY, "the stored choice").await
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
