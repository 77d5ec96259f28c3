//! A returning visitor pays only for the boot loader: their standing choice is applied without the banner's WASM.

use anyhow::Result;
use consent_e2e::wait::{settle, wait_until, PROMPTLY};

use crate::fixture::Visit;

async fn choose_analytics_only(visit: &Visit) -> Result<()> {
    visit.open("/").await?;
    visit.browser.click("[data-consent-action='customise']").await?;
    visit.browser.click("input[data-consent-category='analytics']").await?;
    visit.browser.click("[data-consent-action='save']").await?;
    visit.browser.wait_gone("[data-consent-preferences]").await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_returning_visitor_gets_what_they_allowed_without_downloading_the_wasm() -> Result<()> {
    let visit = Visit::demo().await?;
    choose_analytics_only(&visit).await?;
    wait_until(|| async { Ok(visit.tracker_saw("analytics.localhost", "/collect")) }, PROMPTLY, "analytics").await?;
    // Once the endpoint has acknowledged the choice, nothing is left for the banner to do on the next page.
    let sent = || async {
        Ok(visit.browser.js("return localStorage.getItem('consent_banner_queue');", vec![]).await?.is_null())
    };
    wait_until(sent, PROMPTLY, "the choice to be acknowledged").await?;

    visit.trackers.clear();
    visit.site.clear_requests();
    visit.open("/").await?;
    wait_until(|| async { Ok(visit.tracker_saw("analytics.localhost", "/collect")) }, PROMPTLY, "analytics again")
        .await?;
    settle().await;

    assert_eq!(visit.browser.count("[data-consent-banner]").await?, 0, "the banner is not shown again");
    // The page's own resource timing lists what it loaded, from the network or from the cache alike.
    let loaded = visit
        .browser
        .js("return performance.getEntriesByType('resource').map(function (e) { return e.name; });", vec![])
        .await?;
    let loaded: Vec<String> = serde_json::from_value(loaded)?;
    assert!(loaded.iter().any(|url| url.ends_with("/consent/consent-boot.js")), "{loaded:?}");
    let banner_files: Vec<_> = loaded.iter().filter(|url| url.contains("/consent/consent-banner")).collect();
    assert!(banner_files.is_empty(), "the returning visit loaded the banner: {banner_files:?}");
    let fetched: Vec<String> = visit.site.requests().into_iter().map(|r| r.path).collect();
    assert!(!fetched.iter().any(|p| p.starts_with("/consent/consent-banner")), "{fetched:?}");
    assert!(!visit.tracker_saw("ads.localhost", "/pixel.gif"), "marketing stays held");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn cookie_settings_reopens_the_preferences_with_the_standing_choice() -> Result<()> {
    let visit = Visit::demo().await?;
    choose_analytics_only(&visit).await?;
    visit.open("/").await?;
    visit.browser.click("footer [data-consent-open]").await?;
    visit.browser.wait_for("[data-consent-preferences]").await?;
    let checked = visit
        .browser
        .in_banner(
            "return Array.from(root.querySelectorAll('input[data-consent-category]'))
                .map(function (i) { return i.getAttribute('data-consent-category') + '=' + i.checked; });",
            vec![],
        )
        .await?;
    assert_eq!(checked, serde_json::json!(["necessary=true", "analytics=true", "marketing=false"]));
    Ok(())
}
