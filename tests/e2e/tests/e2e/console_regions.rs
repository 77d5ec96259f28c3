//! The console's Regions form, on an endpoint that reads the visitor's country from `CF-IPCountry`: a product team
//! member turns regional rules on, adds a rule for California, finds a mistyped region named at its field and takes
//! that rule out, and publishes, all by keyboard; the live config has the rule, and the first-layer answer for a
//! visitor forced into US-CA names the opt-out regime. The embed snippet then names the boot loader with `__gpp`,
//! through which ad tech reads a Californian's opt-out; on a site without such a rule the team may tick it.
//! Screenshots for review: `screenshots/console-regions.png`, `screenshots/console-embed-gpp.png`.

use anyhow::{ensure, Context, Result};
use consent_e2e::site::SiteOptions;
use consent_e2e::wait::{wait_until, PROMPTLY};
use fantoccini::key::Key;
use serde_json::{json, Value};

use crate::console_session::{
    clean_and_screenshot_whole, click_in_view, draft, open_demo_shop_in_console_with, screenshot_of, wait_for_draft,
    wait_for_focus,
};
use crate::fixture::Visit;
use crate::keyboard::{press as key, tab_to, type_keys};
use crate::product_console::{fill, text_of, wait_for_text};

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

    // Californians' opt-outs reach ad tech through __gpp: the snippet names the boot loader that has it.
    let snippet = text_of(&visit, "#embed-snippet").await?;
    ensure!(snippet.contains("/consent/consent-boot-gpp.js"), "the snippet of a site with US opt-outs: {snippet}");
    let hint = text_of(&visit, "#embed-gpp-hint").await?;
    ensure!(hint.contains("let visitors in the US opt out"), "why GPP is ticked: {hint}");

    clean_and_screenshot_whole(&visit, "Regions form with a California rule", "section.regions", "regions").await
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_region_header_the_form_says_every_visitor_gets_the_strictest_regime() -> Result<()> {
    let visit = open_demo_shop_in_console_with(SiteOptions::default()).await?;
    wait_for_text(&visit, "This endpoint reads no region header: every visitor is of unknown region").await
}

/// Waits until the embed snippet names `file` and says what it adds (a sentence starting with the file's name).
async fn wait_for_snippet(visit: &Visit, file: &str) -> Result<()> {
    let named = || async {
        let snippet = text_of(visit, "#embed-snippet").await?;
        let adds = text_of(visit, "#embed-flavour").await?;
        Ok(snippet.contains(&format!("/consent/{file}\"")) && adds.starts_with(file))
    };
    if let Err(e) = wait_until(named, PROMPTLY, &format!("the snippet to name {file}")).await {
        let shown =
            format!("{} / {}", text_of(visit, "#embed-snippet").await?, text_of(visit, "#embed-flavour").await?);
        return Err(e.context(format!("the snippet says {shown}")));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_embed_snippet_names_the_gpp_flavour_when_ticked_and_says_what_it_adds() -> Result<()> {
    let visit = open_demo_shop_in_console_with(SiteOptions::default()).await?;
    // The demo shop has no regional rules: the plain boot loader, GPP not ticked.
    wait_for_snippet(&visit, "consent-boot.js").await?;
    let ticked = "return document.getElementById('embed-gpp').checked;";
    ensure!(visit.browser.js(ticked, vec![]).await? == json!(false), "GPP is not suggested without US opt-outs");

    click_in_view(&visit, "#embed-gpp").await?;
    wait_for_snippet(&visit, "consent-boot-gpp.js").await?;
    let adds = text_of(&visit, "#embed-flavour").await?;
    ensure!(adds.contains("__gpp") && adds.contains("in the US"), "what the GPP flavour adds: {adds}");

    // A draft that turns TCF on too gets the flavour with both APIs.
    let mut config = draft(&visit).await?;
    config["tcf"] = json!({"cmp_id": 300, "cmp_version": 1, "vendors": [755]});
    fill(&visit, "#config-text", &serde_json::to_string_pretty(&config)?).await?;
    wait_for_snippet(&visit, "consent-boot-tcf-gpp.js").await?;
    screenshot_of(&visit, "section[aria-labelledby='embed-heading']", "embed-gpp").await?;

    // Unticked, the TCF flavour alone.
    click_in_view(&visit, "#embed-gpp").await?;
    wait_for_snippet(&visit, "consent-boot-tcf.js").await
}
