//! The console's Regions form, on an endpoint that reads the visitor's country from `CF-IPCountry`: a product team
//! member turns regional rules on, adds a rule for California, finds a mistyped region named at its field and takes
//! that rule out, and publishes, all by keyboard; the live config has the rule, and the first-layer answer for a
//! visitor forced into US-CA names the opt-out regime. Screenshot for review: `screenshots/console-regions.png`.

use anyhow::{ensure, Context, Result};
use consent_e2e::site::SiteOptions;
use consent_e2e::wait::{wait_until, PROMPTLY};
use fantoccini::key::Key;
use serde_json::{json, Value};

use crate::console_session::{
    clean_and_screenshot_whole, open_demo_shop_in_console_with, wait_for_draft, wait_for_focus,
};
use crate::fixture::Visit;
use crate::keyboard::{press as key, tab_to, type_keys};
use crate::product_console::{text_of, wait_for_text};

async fn stored(visit: &Visit) -> Result<Value> {
    let row = visit.site.store().site("demo-shop").await?.context("the demo shop is stored")?;
    Ok(serde_json::from_str(&row.config_json)?)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_product_team_sets_california_opt_out_by_keyboard_and_publishes_it() -> Result<()> {
    let options = SiteOptions { region_header: Some("CF-IPCountry".into()), ..SiteOptions::default() };
    let visit = open_demo_shop_in_console_with(options).await?;
    wait_for_text(&visit, "This endpoint reads the visitor's country from the cf-ipcountry header").await?;

    visit
        .browser
        .js(
            "var on = document.getElementById('regions-on'); on.scrollIntoView({ block: 'center' }); on.focus();",
            vec![],
        )
        .await?;
    key(&visit.browser, Key::Space).await?;
    wait_for_draft(&visit, "/regions", json!({"default": "opt_in", "rules": []})).await?;
    let checked = visit.browser.js("return document.getElementById('regions-default-opt_in').checked;", vec![]).await?;
    ensure!(checked == json!(true), "opt-in where no rule applies, until the team chooses otherwise");

    // A rule for California: added, its regions typed, and written when the field is left.
    tab_to(&visit.browser, "#regions-add-rule", 3).await?;
    key(&visit.browser, Key::Enter).await?;
    wait_for_focus(&visit, "region-rule-0-regions").await?;
    type_keys(&visit.browser, "US-CA").await?;
    key(&visit.browser, Key::Tab).await?;
    wait_for_draft(&visit, "/regions/rules", json!([{"regions": ["US-CA"], "regime": "opt_out"}])).await?;

    // A mistyped one is named at its field, and taken out again.
    tab_to(&visit.browser, "#regions-add-rule", 3).await?;
    key(&visit.browser, Key::Enter).await?;
    wait_for_focus(&visit, "region-rule-1-regions").await?;
    type_keys(&visit.browser, "US, Mars").await?;
    key(&visit.browser, Key::Tab).await?;
    let named =
        || async { Ok(text_of(&visit, "#region-rule-1-regions-problem").await?.contains("'Mars' is not a country")) };
    if let Err(e) = wait_until(named, PROMPTLY, "the mistyped region named at its rule").await {
        let html = visit.browser.js("return document.getElementById('config-problems').innerText;", vec![]).await?;
        return Err(e.context(format!(
            "draft regions {}; the config's problems: {html}",
            crate::console_session::draft(&visit).await?["regions"]
        )));
    }
    tab_to(&visit.browser, "#region-rule-1-remove", 3).await?;
    key(&visit.browser, Key::Enter).await?;
    wait_for_draft(&visit, "/regions/rules", json!([{"regions": ["US-CA"], "regime": "opt_out"}])).await?;
    wait_for_focus(&visit, "region-rule-0-remove").await?;

    tab_to(&visit.browser, "section[aria-labelledby='publish-heading'] button", 40).await?;
    key(&visit.browser, Key::Enter).await?;
    let published = || async { Ok(stored(&visit).await?["regions"]["rules"].as_array().is_some_and(|r| r.len() == 1)) };
    wait_until(published, PROMPTLY, "the stored config to have the rule").await?;
    let config = stored(&visit).await?;
    ensure!(config["regions"]["rules"] == json!([{"regions": ["US-CA"], "regime": "opt_out"}]), "{config}");
    ensure!(config["regions"]["default"] == json!("opt_in"), "{config}");

    // The endpoint serves what it stored once its cache has it, a moment after the database row the test read.
    let script = "return fetch(arguments[0], { cache: 'no-store' }).then(function (r) { return r.json(); });";
    let regime = || async {
        let layer =
            visit.browser.js(script, vec!["/v1/sites/demo-shop/first-layer/en.json?region=US-CA".into()]).await?;
        Ok(layer["region"]["regime"] == json!("opt_out"))
    };
    wait_until(regime, PROMPTLY, "a Californian to get the opt-out regime").await?;

    clean_and_screenshot_whole(&visit, "Regions form with a California rule", "section.regions", "regions").await
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_region_header_the_form_says_every_visitor_gets_the_strictest_regime() -> Result<()> {
    let visit = open_demo_shop_in_console_with(SiteOptions::default()).await?;
    wait_for_text(&visit, "This endpoint reads no region header: every visitor is of unknown region").await
}
