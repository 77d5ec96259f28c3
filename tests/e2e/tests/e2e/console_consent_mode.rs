//! The console's Consent Mode form: the demo's mapping shown with consent-core's defaults ticked, a box ticked so
//! `ad_storage` also waits for analytics, and publishing it; the endpoint serves the mapping the form wrote.
//! Screenshot for review: `screenshots/console-consent-mode.png`.

use anyhow::{ensure, Context, Result};
use consent_e2e::wait::{wait_until, PROMPTLY};
use serde_json::{json, Value};

use crate::console_session::{clean_and_screenshot, click_in_view, open_demo_shop_in_console};
use crate::fixture::Visit;
use crate::product_console::{press, wait_for_text};

/// Whether the checkbox `selector` is ticked.
async fn ticked(visit: &Visit, selector: &str) -> Result<bool> {
    let checked =
        visit.browser.js("return document.querySelector(arguments[0]).checked;", vec![selector.into()]).await?;
    Ok(checked == json!(true))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_product_team_maps_consent_mode_in_a_form_and_publishes_it() -> Result<()> {
    let visit = open_demo_shop_in_console().await?;

    // consent-core's defaults: ad_storage waits for marketing, not analytics.
    ensure!(ticked(&visit, "#consent-mode-ad_storage-marketing").await?, "ad_storage waits for marketing");
    ensure!(!ticked(&visit, "#consent-mode-ad_storage-analytics").await?, "not for analytics");

    click_in_view(&visit, "#consent-mode-ad_storage-analytics").await?;
    wait_for_text(&visit, "consent_mode").await?;
    press(&visit, "Publish revision 2").await?;
    let published = || async {
        let row = visit.site.store().site("demo-shop").await?.context("the demo shop is stored")?;
        let config: Value = serde_json::from_str(&row.config_json)?;
        Ok(config["consent_mode"]["ad_storage"] == json!(["marketing", "analytics"]))
    };
    wait_until(published, PROMPTLY, "the stored config's ad_storage to wait for marketing and analytics").await?;

    clean_and_screenshot(&visit, "consent mode form", "section.consent-mode", "consent-mode").await
}
