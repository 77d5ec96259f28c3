//! A returning visitor never waits for a file of ours, and still gets a new release within the documented time.

use std::time::Duration;

use anyhow::Result;
use consent_e2e::site::{bundle_dir, copy_dir, SiteOptions};
use consent_e2e::wait::{settle, wait_until, PROMPTLY};
use serde_json::Value;

use crate::fixture::Visit;

/// Accepts everything on the first visit and waits until the endpoint acknowledged it, so nothing is left to send.
async fn accept_all_and_sync(visit: &Visit) -> Result<()> {
    visit.open("/").await?;
    visit.browser.click("[data-consent-action='accept-all']").await?;
    let sent = || async {
        Ok(visit.browser.js("return localStorage.getItem('consent_banner_queue');", vec![]).await?.is_null())
    };
    wait_until(sent, PROMPTLY, "the choice to be acknowledged").await
}

/// Paths of ours (the bundle, the config, the API) that the site was asked for since the last clear.
fn requests_of_ours(visit: &Visit) -> Vec<String> {
    let ours = |path: &str| path.starts_with("/consent") || path.starts_with("/v1/");
    visit.site.requests().into_iter().filter(|r| ours(&r.path)).map(|r| format!("{} {}", r.method, r.path)).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_returning_visitors_page_view_requests_nothing_of_ours_from_the_network() -> Result<()> {
    let visit = Visit::demo().await?;
    accept_all_and_sync(&visit).await?;

    visit.site.clear_requests();
    visit.open("/").await?;
    wait_until(|| async { Ok(visit.tracker_saw("analytics.localhost", "/collect")) }, PROMPTLY, "analytics").await?;
    settle().await;

    assert_eq!(requests_of_ours(&visit), Vec::<String>::new(), "the second page view asked the network for these");
    // The boot loader and the config did run: from the browser's cache (nothing transferred).
    let transferred: Value = visit
        .browser
        .js(
            "return performance.getEntriesByType('resource')
                .filter(function (e) { return /\\/consent(\\/consent-boot\\.js|\\.json)$/.test(e.name); })
                .map(function (e) { return [e.name.replace(/^.*\\//, ''), e.transferSize]; });",
            vec![],
        )
        .await?;
    assert_eq!(transferred, serde_json::json!([["consent-boot.js", 0], ["consent.json", 0]]));
    Ok(())
}

/// Which release of the boot loader ran on the page (the test marks each).
async fn release_that_ran(visit: &Visit) -> Result<Value> {
    visit.browser.js("return window.consentTestRelease || null;", vec![]).await
}

/// Ships a new boot loader into `bundle`, marked as `release`: in identity only (its compressed twins are removed).
fn ship_boot_loader(bundle: &std::path::Path, release: &str) -> Result<()> {
    let built = std::fs::read_to_string(bundle_dir().join("consent-boot.js"))?;
    std::fs::write(bundle.join("consent-boot.js"), format!("window.consentTestRelease = '{release}';\n{built}"))?;
    for twin in ["consent-boot.js.br", "consent-boot.js.gz"] {
        let _ = std::fs::remove_file(bundle.join(twin));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_release_reaches_a_returning_visitor_without_making_them_wait() -> Result<()> {
    let bundle = tempfile::Builder::new().prefix("consent-bundle").tempdir()?;
    copy_dir(&bundle_dir(), bundle.path())?;
    ship_boot_loader(bundle.path(), "first")?;
    // A max age of one second stands in for the default ten minutes.
    let max_age = Duration::from_secs(1);
    let options =
        SiteOptions { bundle_dir: Some(bundle.path().into()), boot_max_age: Some(max_age), ..SiteOptions::default() };
    let visit = Visit::with(options).await?;
    accept_all_and_sync(&visit).await?;
    assert_eq!(release_that_ran(&visit).await?, "first");

    ship_boot_loader(bundle.path(), "second")?;
    tokio::time::sleep(max_age * 2).await;
    visit.site.clear_requests();
    visit.open("/").await?;
    // Past its max age the cached copy still runs at once; the browser fetches the new release meanwhile.
    assert_eq!(release_that_ran(&visit).await?, "first", "the page view waited for the new release");
    let refreshed = || async { Ok(requests_of_ours(&visit).contains(&"GET /consent/consent-boot.js".to_owned())) };
    wait_until(refreshed, PROMPTLY, "the boot loader to be refreshed in the background").await?;
    settle().await;

    visit.open("/").await?;
    assert_eq!(release_that_ran(&visit).await?, "second", "the next page view runs the new release");
    Ok(())
}
