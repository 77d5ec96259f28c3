//! The console's Consent Mode form: the demo's mapping shown with consent-core's defaults ticked, a box ticked so
//! `ad_storage` also waits for analytics, and publishing it; the endpoint serves the mapping the form wrote.
//! Screenshot for review: `screenshots/console-consent-mode.png`.

use anyhow::{ensure, Context, Result};
use consent_e2e::site::{workspace, SiteOptions};
use consent_e2e::wait::{wait_until, PROMPTLY};
use serde_json::{json, Value};

use crate::fixture::Visit;
use crate::product_console::{no_axe_violations, no_console_errors, press, sign_in_and_open_demo_shop, wait_for_text};

/// Whether the checkbox `selector` is ticked.
async fn ticked(visit: &Visit, selector: &str) -> Result<bool> {
    let checked =
        visit.browser.js("return document.querySelector(arguments[0]).checked;", vec![selector.into()]).await?;
    Ok(checked == json!(true))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_product_team_maps_consent_mode_in_a_form_and_publishes_it() -> Result<()> {
    let visit = Visit::with(SiteOptions { console: true, ..SiteOptions::default() }).await?;
    visit.open("/admin/").await?;
    sign_in_and_open_demo_shop(&visit).await?;
    wait_for_text(&visit, "No problems: the config passes every check.").await?;

    // consent-core's defaults: ad_storage waits for marketing, not analytics.
    ensure!(ticked(&visit, "#consent-mode-ad_storage-marketing").await?, "ad_storage waits for marketing");
    ensure!(!ticked(&visit, "#consent-mode-ad_storage-analytics").await?, "not for analytics");

    visit.browser.click("#consent-mode-ad_storage-analytics").await?;
    wait_for_text(&visit, "consent_mode").await?;
    press(&visit, "Publish revision 2").await?;
    let published = || async {
        let row = visit.site.store().site("demo-shop").await?.context("the demo shop is stored")?;
        let config: Value = serde_json::from_str(&row.config_json)?;
        Ok(config["consent_mode"]["ad_storage"] == json!(["marketing", "analytics"]))
    };
    wait_until(published, PROMPTLY, "the stored config's ad_storage to wait for marketing and analytics").await?;

    no_axe_violations(&visit, "consent mode form").await?;
    no_console_errors(&visit).await?;
    visit
        .browser
        .js("document.activeElement.blur(); document.querySelector('section.consent-mode').scrollIntoView();", vec![])
        .await?;
    let path = workspace().join("screenshots").join("console-consent-mode.png");
    std::fs::write(&path, visit.browser.screenshot().await?).with_context(|| format!("writing {}", path.display()))
}
