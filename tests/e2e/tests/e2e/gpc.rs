//! Global Privacy Control: a browser that asks sites not to sell or share data gets marketing left off by "Accept
//! all", is told so, and the record says the signal was there. The visitor can still switch marketing on themselves.

use anyhow::Result;
use consent_e2e::wait::{settle, wait_until, PROMPTLY};
use serde_json::{json, Value};

use crate::fixture::Visit;

async fn with_gpc() -> Result<Visit> {
    let visit = Visit::demo().await?;
    let source =
        "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true });";
    visit.browser.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": source })).await?;
    Ok(visit)
}

#[tokio::test(flavor = "multi_thread")]
async fn accept_all_under_gpc_leaves_marketing_off_says_so_and_logs_the_signal() -> Result<()> {
    let visit = with_gpc().await?;
    visit.open("/").await?;
    visit.browser.wait_for("[data-consent-gpc]").await?;
    visit.browser.click("[data-consent-action='accept-all']").await?;
    let analytics = || async { Ok(visit.tracker_saw("analytics.localhost", "/collect")) };
    wait_until(analytics, PROMPTLY, "analytics, which GPC does not cover").await?;
    settle().await;
    assert!(!visit.tracker_saw("ads.localhost", "/pixel.gif"), "the ad pixel stays off under GPC");

    let row = visit.recorded().await?;
    assert!(row.gpc, "the record notes the signal");
    let decisions: Value = serde_json::from_str(&row.decisions)?;
    assert_eq!(decisions["marketing"], "denied");
    assert_eq!(decisions["analytics"], "granted");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn under_gpc_the_visitor_can_still_switch_marketing_on_themselves() -> Result<()> {
    let visit = with_gpc().await?;
    visit.open("/").await?;
    visit.browser.click("[data-consent-action='customise']").await?;
    visit.browser.wait_for("[data-consent-preferences] [data-consent-gpc]").await?;
    visit.browser.click("input[data-consent-category='marketing']").await?;
    visit.browser.click("[data-consent-preferences] [data-consent-action='save']").await?;
    let pixel = || async { Ok(visit.tracker_saw("ads.localhost", "/pixel.gif")) };
    wait_until(pixel, PROMPTLY, "the ad pixel, switched on explicitly").await
}
