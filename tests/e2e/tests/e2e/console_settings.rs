//! The console's Site settings form, used as a product team member who would rather not touch JSON: keep choices 30
//! days, see an out-of-range number named at its field (and publishing refused), make the first layer a modal, see a
//! pale accent refused with consent-core's contrast words next to the field and a readable one accepted, mark a
//! category as selling or sharing data, and publish; the endpoint serves what the forms wrote. Screenshot for review:
//! `screenshots/console-settings.png`.

use anyhow::{ensure, Context, Result};
use consent_e2e::site::{workspace, SiteOptions};
use consent_e2e::wait::{wait_until, PROMPTLY};
use serde_json::Value;

use crate::fixture::Visit;
use crate::product_console::{
    fill, no_axe_violations, no_console_errors, press, sign_in_and_open_demo_shop, text_of, wait_for_text,
};

/// The draft as the JSON editor holds it, read as JSON.
async fn draft(visit: &Visit) -> Result<Value> {
    let text = visit.browser.js("return document.querySelector('#config-text').value;", vec![]).await?;
    serde_json::from_str(text.as_str().unwrap_or_default()).context("the JSON editor holds JSON")
}

/// Waits until the draft's `pointer` (a JSON pointer) is `wanted`.
async fn wait_for_draft(visit: &Visit, pointer: &str, wanted: Value) -> Result<()> {
    let seen = || async { Ok(draft(visit).await?.pointer(pointer) == Some(&wanted)) };
    wait_until(seen, PROMPTLY, &format!("the draft's {pointer} to be {wanted}")).await
}

/// Waits until the problem shown next to a field (`#…-problem`) is `wanted` (empty: none).
async fn wait_for_problem(visit: &Visit, selector: &str, wanted: &str) -> Result<()> {
    let seen = || async { Ok(text_of(visit, selector).await?.trim() == wanted) };
    if let Err(e) = wait_until(seen, PROMPTLY, &format!("{selector} to say \"{wanted}\"")).await {
        return Err(e.context(format!("{selector} says \"{}\"", text_of(visit, selector).await?)));
    }
    Ok(())
}

/// What `consent config check` says about the demo config with `field` set to `value`, at `path`.
fn check_words(field: &str, value: Value, path: &str) -> Result<String> {
    let mut demo: Value = serde_json::from_str(include_str!("../../../../demo/consent.json"))?;
    demo[field] = value;
    let Err(consent_core::ConfigError::Invalid(fields)) = consent_core::SiteConfig::from_json(&demo.to_string()) else {
        anyhow::bail!("{field} is a problem");
    };
    Ok(fields.into_iter().find(|f| f.path == path).context("named at its path")?.reason)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_product_team_edits_site_settings_in_a_form_and_publishes_them() -> Result<()> {
    let visit = Visit::with(SiteOptions { console: true, ..SiteOptions::default() }).await?;
    visit.open("/admin/").await?;
    sign_in_and_open_demo_shop(&visit).await?;
    wait_for_text(&visit, "No problems: the config passes every check.").await?;

    // While the JSON does not read, the form says so and waits, its fields disabled.
    let live = visit.browser.js("return document.querySelector('#config-text').value;", vec![]).await?;
    let live = live.as_str().context("the editor holds the live config")?.to_owned();
    fill(&visit, "#config-text", "{\"consent_days\": ").await?;
    wait_for_problem(
        &visit,
        "section.settings p[role=alert]",
        "Fix the JSON first: the form edits a config that reads as JSON.",
    )
    .await?;
    let disabled =
        visit.browser.js("return document.querySelector('#settings-consent-days').matches(':disabled');", vec![]);
    ensure!(disabled.await? == true, "the fields wait for JSON");
    fill(&visit, "#config-text", &live).await?;
    wait_for_problem(&visit, "section.settings p[role=alert]", "").await?;

    // Days in the form are days in the JSON, and a pending change of that one field.
    fill(&visit, "#settings-consent-days", "30").await?;
    wait_for_draft(&visit, "/consent_days", 30.into()).await?;
    let json = visit.browser.js("return document.querySelector('#config-text').value;", vec![]).await?;
    ensure!(json.as_str().unwrap_or_default().contains("\"consent_days\": 30"), "{json}");
    let changes = text_of(&visit, "table.changes tbody").await?;
    ensure!(changes.contains("consent_days") && changes.contains("30"), "{changes}");

    // Out of range: the check's words next to the field, and nothing can be published.
    fill(&visit, "#settings-consent-days", "0").await?;
    wait_for_problem(&visit, "#settings-consent-days-problem", &check_words("consent_days", 0.into(), "consent_days")?)
        .await?;
    ensure!(press(&visit, "Publish revision 2").await.is_err(), "a config with a problem cannot be published");
    fill(&visit, "#settings-consent-days", "30").await?;
    wait_for_problem(&visit, "#settings-consent-days-problem", "").await?;

    // The layout select writes one of consent-core's names.
    fill(&visit, "#settings-layout", "modal").await?;
    wait_for_draft(&visit, "/layout", "modal".into()).await?;

    // So does the floating button's select.
    fill(&visit, "#settings-floating-button", "bottom-right").await?;
    wait_for_draft(&visit, "/floating_button", "bottom-right".into()).await?;

    // A pale accent: consent-core's contrast problem next to the accent; a readable one clears it.
    fill(&visit, "#settings-accent-text", "#ffff00").await?;
    wait_for_draft(&visit, "/theme/accent", "#ffff00".into()).await?;
    let pale = check_words("theme", serde_json::json!({"accent": "#ffff00"}), "theme.accent")?;
    ensure!(pale.contains("contrast"), "{pale}");
    wait_for_problem(&visit, "#settings-accent-problem", &pale).await?;
    let picker = visit.browser.js("return document.querySelector('#settings-accent').value;", vec![]).await?;
    ensure!(picker == "#ffff00", "the colour picker follows the hex value: {picker}");
    fill(&visit, "#settings-accent-text", "#1a56db").await?;
    wait_for_problem(&visit, "#settings-accent-problem", "").await?;
    wait_for_text(&visit, "No problems: the config passes every check.").await?;

    // In the Categories form, analytics is marked as selling or sharing data: Global Privacy Control keeps it off.
    let marketing = visit.browser.js("return document.querySelector('#category-2-sale-or-sharing').checked;", vec![]);
    ensure!(marketing.await? == true, "marketing sells or shares by consent-core's default");
    visit.browser.click("#category-1-sale-or-sharing").await?;
    wait_for_draft(&visit, "/categories/1/sale_or_sharing", true.into()).await?;

    // Published: the endpoint stores what the form wrote.
    press(&visit, "Publish revision 2").await?;
    wait_for_text(&visit, "Published revision 2").await?;
    let row = visit.site.store().site("demo-shop").await?.context("the demo shop is stored")?;
    let served: Value = serde_json::from_str(&row.config_json)?;
    ensure!(served["consent_days"] == 30, "served: {served}");
    ensure!(served["layout"] == "modal", "served: {served}");
    ensure!(served["floating_button"] == "bottom-right", "served: {served}");
    ensure!(served["theme"]["accent"] == "#1a56db", "served: {served}");
    ensure!(served["categories"][1]["sale_or_sharing"] == true, "served: {served}");

    no_axe_violations(&visit, "site settings form").await?;
    no_console_errors(&visit).await?;
    visit
        .browser
        .js("document.activeElement.blur(); document.querySelector('section.settings').scrollIntoView();", vec![])
        .await?;
    let path = workspace().join("screenshots").join("console-settings.png");
    std::fs::write(&path, visit.browser.screenshot().await?).with_context(|| format!("writing {}", path.display()))
}
