//! The console's Site settings form, used as a product team member who would rather not touch JSON: keep choices 30
//! days, see an out-of-range number named at its field (and publishing refused), make the first layer a modal, see a
//! pale accent refused with consent-core's contrast words next to the field and a readable one accepted, mark a
//! category as selling or sharing data, and publish; the endpoint serves what the forms wrote. Screenshot for review:
//! `screenshots/console-settings.png`.

use anyhow::{ensure, Context, Result};
use serde_json::Value;

use crate::console_session::{
    clean_and_screenshot, click_in_view, open_demo_shop_in_console, wait_for_draft, wait_for_text_at,
};
use crate::product_console::{fill, press, text_of, wait_for_text};

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
    let visit = open_demo_shop_in_console().await?;

    // While the JSON does not read, the form says so and waits, its fields disabled.
    let live = visit.browser.js("return document.querySelector('#config-text').value;", vec![]).await?;
    let live = live.as_str().context("the editor holds the live config")?.to_owned();
    fill(&visit, "#config-text", "{\"consent_days\": ").await?;
    wait_for_text_at(
        &visit,
        "section.settings p[role=alert]",
        "Fix the JSON first: the form edits a config that reads as JSON.",
    )
    .await?;
    let disabled =
        visit.browser.js("return document.querySelector('#settings-consent-days').matches(':disabled');", vec![]);
    ensure!(disabled.await? == true, "the fields wait for JSON");
    fill(&visit, "#config-text", &live).await?;
    wait_for_text_at(&visit, "section.settings p[role=alert]", "").await?;

    // Days in the form are days in the JSON, and a pending change of that one field.
    fill(&visit, "#settings-consent-days", "30").await?;
    wait_for_draft(&visit, "/consent_days", 30.into()).await?;
    let json = visit.browser.js("return document.querySelector('#config-text').value;", vec![]).await?;
    ensure!(json.as_str().unwrap_or_default().contains("\"consent_days\": 30"), "{json}");
    let changes = text_of(&visit, "table.changes tbody").await?;
    ensure!(changes.contains("consent_days") && changes.contains("30"), "{changes}");

    // Out of range: the check's words next to the field, and nothing can be published.
    fill(&visit, "#settings-consent-days", "0").await?;
    wait_for_text_at(&visit, "#settings-consent-days-problem", &check_words("consent_days", 0.into(), "consent_days")?)
        .await?;
    ensure!(press(&visit, "Publish revision 2").await.is_err(), "a config with a problem cannot be published");
    fill(&visit, "#settings-consent-days", "30").await?;
    wait_for_text_at(&visit, "#settings-consent-days-problem", "").await?;

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
    wait_for_text_at(&visit, "#settings-accent-problem", &pale).await?;
    let picker = visit.browser.js("return document.querySelector('#settings-accent').value;", vec![]).await?;
    ensure!(picker == "#ffff00", "the colour picker follows the hex value: {picker}");
    fill(&visit, "#settings-accent-text", "#1a56db").await?;
    wait_for_text_at(&visit, "#settings-accent-problem", "").await?;
    wait_for_text(&visit, "No problems: the config passes every check.").await?;

    // In the Categories form, analytics is marked as selling or sharing data: Global Privacy Control keeps it off.
    let marketing = visit.browser.js("return document.querySelector('#category-2-sale-or-sharing').checked;", vec![]);
    ensure!(marketing.await? == true, "marketing sells or shares by consent-core's default");
    click_in_view(&visit, "#category-1-sale-or-sharing").await?;
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

    clean_and_screenshot(&visit, "site settings form", "section.settings", "settings").await
}
