//! The console's Services form, used as a product team member who would rather not touch JSON: see the demo's
//! services, find Hotjar in the catalog and add it, move a service to another category, remove one, see a service's
//! problem next to it, and publish; the endpoint serves what the form wrote. Screenshot for review:
//! `screenshots/console-services.png`.

use anyhow::{ensure, Context, Result};
use consent_e2e::site::{workspace, SiteOptions};
use consent_e2e::wait::{wait_until, PROMPTLY};
use serde_json::{json, Value};

use crate::fixture::Visit;
use crate::product_console::{
    fill, no_axe_violations, no_console_errors, press, sign_in_and_open_demo_shop, text_of, wait_for_text,
};

/// The draft as the JSON editor holds it, read as JSON.
async fn draft(visit: &Visit) -> Result<Value> {
    let text = visit.browser.js("return document.querySelector('#config-text').value;", vec![]).await?;
    serde_json::from_str(text.as_str().unwrap_or_default()).context("the JSON editor holds JSON")
}

/// Waits until the draft's services are `wanted` by `seen`.
async fn wait_for_services(visit: &Visit, what: &str, seen: impl Fn(&[Value]) -> bool) -> Result<()> {
    let check = || async {
        let draft = draft(visit).await?;
        Ok(seen(draft["services"].as_array().map(Vec::as_slice).unwrap_or_default()))
    };
    wait_until(check, PROMPTLY, what).await
}

/// Picks `value` in the select `selector`, as a person choosing an option does.
async fn choose(visit: &Visit, selector: &str, value: &str) -> Result<()> {
    visit
        .browser
        .js(
            "var s = document.querySelector(arguments[0]); s.value = arguments[1];
             s.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![selector.into(), value.into()],
        )
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_product_team_edits_services_in_a_form_and_publishes_them() -> Result<()> {
    let visit = Visit::with(SiteOptions { console: true, ..SiteOptions::default() }).await?;
    visit.open("/admin/").await?;
    sign_in_and_open_demo_shop(&visit).await?;
    wait_for_text(&visit, "No problems: the config passes every check.").await?;

    // The demo's services are listed.
    let listed = text_of(&visit, "section.services").await?;
    for name in ["Demo Analytics", "Demo Ads", "Demo Video"] {
        ensure!(listed.contains(name), "{name} is listed: {listed}");
    }

    // Hotjar, found in the catalog and added, in its own category, which the demo has.
    fill(&visit, "#catalog-search", "hotjar").await?;
    wait_for_text(&visit, "Add Hotjar").await?;
    press(&visit, "Add Hotjar").await?;
    let hotjar = json!({"catalog": "hotjar", "category": "analytics"});
    wait_for_services(&visit, "Hotjar in the draft", |s| s.contains(&hotjar)).await?;
    let changes = text_of(&visit, "table.changes tbody").await?;
    ensure!(changes.contains("hotjar"), "the pending changes list Hotjar: {changes}");
    let results = text_of(&visit, ".catalog-results").await?;
    ensure!(!results.contains("Hotjar"), "Hotjar leaves the search results: {results}");

    // Demo Video (the third) moved to analytics.
    choose(&visit, "#service-2-category", "analytics").await?;
    wait_for_services(&visit, "Demo Video in analytics", |s| s[2]["category"] == "analytics").await?;

    // Demo Ads removed.
    press(&visit, "Remove Demo Ads").await?;
    wait_for_services(&visit, "Demo Ads gone", |s| s.iter().all(|s| s["id"] != "demo-ads")).await?;

    // A service problem shows next to it: a category the draft does not have, written in the JSON.
    let mut broken = draft(&visit).await?;
    broken["services"][0]["category"] = json!("nowhere");
    fill(&visit, "#config-text", &serde_json::to_string_pretty(&broken)?).await?;
    let shown = || async { Ok(!text_of(&visit, "#service-0-category-problem").await?.trim().is_empty()) };
    wait_until(shown, PROMPTLY, "the category problem next to Demo Analytics").await?;
    let problem = text_of(&visit, "#service-0-category-problem").await?;
    ensure!(problem.contains("nowhere"), "the problem names the category: {problem}");
    choose(&visit, "#service-0-category", "analytics").await?;
    wait_for_text(&visit, "No problems: the config passes every check.").await?;

    press(&visit, "Publish revision 2").await?;
    let published = || async {
        let row = visit.site.store().site("demo-shop").await?.context("the demo shop is stored")?;
        let config: Value = serde_json::from_str(&row.config_json)?;
        let services = config["services"].as_array().cloned().unwrap_or_default();
        Ok(services.iter().any(|s| s["id"] == "hotjar" || s["catalog"] == "hotjar"))
    };
    wait_until(published, PROMPTLY, "the stored config to have a hotjar service").await?;

    no_axe_violations(&visit, "services form").await?;
    no_console_errors(&visit).await?;
    // For the screenshot, a search with several matches.
    fill(&visit, "#catalog-search", "google").await?;
    wait_for_text(&visit, "Add Google Analytics").await?;
    visit
        .browser
        .js("document.activeElement.blur(); document.querySelector('.catalog-search').scrollIntoView({ block: 'end' });", vec![])
        .await?;
    let path = workspace().join("screenshots").join("console-services.png");
    std::fs::write(&path, visit.browser.screenshot().await?).with_context(|| format!("writing {}", path.display()))
}
