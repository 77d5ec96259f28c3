//! The product team's console at `/admin/`, used as a product team member would: sign in with the admin token, see
//! the sites, add one, edit a config with the problems named as they type, publish with the changes shown, roll back,
//! sign out; the endpoint serves what was published. Screenshots for review go to `screenshots/console-*.png`.

use anyhow::{ensure, Context, Result};
use consent_e2e::site::{workspace, SiteOptions, CONSOLE_TOKEN};
use consent_e2e::wait::{wait_until, PROMPTLY};
use serde_json::{json, Value};

use crate::axe::{color_scheme, violations_in};
use crate::console_session::screenshot_of;
use crate::fixture::Visit;

/// The text of the first element matching `selector` (empty if none).
pub(crate) async fn text_of(visit: &Visit, selector: &str) -> Result<String> {
    let found = visit
        .browser
        .js("var e = document.querySelector(arguments[0]); return e ? e.innerText : '';", vec![selector.into()]);
    Ok(found.await?.as_str().unwrap_or_default().to_owned())
}

/// Waits until the page's text contains `wanted`.
pub(crate) async fn wait_for_text(visit: &Visit, wanted: &str) -> Result<()> {
    let seen = || async { Ok(text_of(visit, "body").await?.contains(wanted)) };
    wait_until(seen, PROMPTLY, &format!("the console to say \"{wanted}\"")).await
}

/// Types `text` into the field `selector` as one edit (a whole config typed key by key would take minutes), firing
/// the `input` event the console listens to.
pub(crate) async fn fill(visit: &Visit, selector: &str, text: &str) -> Result<()> {
    visit.browser.wait_for(selector).await?;
    visit
        .browser
        .js(
            "var e = document.querySelector(arguments[0]); e.focus(); e.value = arguments[1];
             e.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![selector.into(), text.into()],
        )
        .await?;
    Ok(())
}

/// The config the endpoint serves for the demo shop now, as the database holds it.
async fn served_config(visit: &Visit) -> Result<Value> {
    let row = visit.site.store().site("demo-shop").await?.context("the demo shop is stored")?;
    serde_json::from_str(&row.config_json).context("the served config is JSON")
}

/// Clicks the button whose text is `label` (as shown: its visible words).
pub(crate) async fn press(visit: &Visit, label: &str) -> Result<()> {
    press_where(visit, label, "b.innerText.trim()").await
}

/// Clicks the enabled button whose text, as the JavaScript expression `text` over the button `b` reads it, is `label`.
pub(crate) async fn press_where(visit: &Visit, label: &str, text: &str) -> Result<()> {
    let script = format!(
        "var label = arguments[0];
         var b = Array.from(document.querySelectorAll('button')).find(function (b) {{ return {text} === label; }});
         if (!b || b.disabled) return false; b.click(); return true;"
    );
    let pressed = visit.browser.js(&script, vec![label.into()]).await?;
    ensure!(pressed == json!(true), "no enabled button \"{label}\"");
    Ok(())
}

/// Saves the top of the page, as a person opening it sees it, as `screenshots/console-{name}.png`.
pub(crate) async fn save_screenshot(visit: &Visit, name: &str) -> Result<()> {
    visit.browser.js("document.activeElement.blur(); window.scrollTo(0, 0);", vec![]).await?;
    let path = workspace().join("screenshots").join(format!("console-{name}.png"));
    std::fs::write(&path, visit.browser.screenshot().await?).with_context(|| format!("writing {}", path.display()))
}

/// Fails with every axe violation on the whole console page, in the light and in the dark colour scheme (every page of
/// the console must be clean in both); leaves the page in the scheme it was in.
pub(crate) async fn no_axe_violations(visit: &Visit, state: &str) -> Result<()> {
    let was_dark = visit.browser.js("return matchMedia('(prefers-color-scheme: dark)').matches;", vec![]).await?;
    let schemes = if was_dark == json!(true) { ["light", "dark"] } else { ["dark", "light"] };
    for scheme in schemes {
        color_scheme(&visit.browser, scheme).await?;
        let found = violations_in(&visit.browser, json!("body")).await?;
        ensure!(found.is_empty(), "axe on the console ({state}, {scheme}):\n{}", found.join("\n"));
    }
    Ok(())
}

/// Signs in with the admin token on the sign-in page and opens the demo shop from the site list.
pub(crate) async fn sign_in_and_open_demo_shop(visit: &Visit) -> Result<()> {
    fill(visit, "#admin-token", CONSOLE_TOKEN).await?;
    press(visit, "Sign in").await?;
    wait_for_text(visit, "demo-shop").await?;
    visit.browser.click("table.sites button").await?;
    wait_until(|| async { Ok(text_of(visit, "h1").await? == "demo-shop") }, PROMPTLY, "the demo shop's page").await
}

/// Fails with the errors on the page's console, but the 401 of the session check a signed-out page makes.
pub(crate) async fn no_console_errors(visit: &Visit) -> Result<()> {
    let errors: Vec<String> = visit
        .browser
        .console()
        .await?
        .into_iter()
        .filter(|entry| entry.level == "SEVERE" && !entry.message.contains("401"))
        .map(|entry| entry.message)
        .collect();
    ensure!(errors.is_empty(), "console errors: {errors:?}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_product_team_signs_in_adds_a_site_edits_publishes_and_rolls_back() -> Result<()> {
    let visit = Visit::with(SiteOptions { console: true, ..SiteOptions::default() }).await?;
    visit.open("/admin").await?;
    visit.browser.wait_for("#admin-token").await?;
    ensure!(visit.browser.js("return location.pathname;", vec![]).await? == json!("/admin/"));
    no_axe_violations(&visit, "sign-in").await?;
    save_screenshot(&visit, "sign-in").await?;

    // A wrong token is named as such, and gets no session.
    fill(&visit, "#admin-token", "not-the-token-of-this-endpoint").await?;
    press(&visit, "Sign in").await?;
    wait_for_text(&visit, "That is not this endpoint's admin token.").await?;

    fill(&visit, "#admin-token", CONSOLE_TOKEN).await?;
    press(&visit, "Sign in").await?;
    wait_for_text(&visit, "demo-shop").await?;
    let row = text_of(&visit, "table.sites tbody tr").await?;
    ensure!(row.contains("demo-shop") && row.contains('1'), "the demo shop at revision 1: {row}");
    no_axe_violations(&visit, "sites").await?;
    save_screenshot(&visit, "sites").await?;

    // A new site: created with a config that passes every check and its origins, then opened.
    fill(&visit, "#new-site-id", "Bad Id").await?;
    press(&visit, "Add site").await?;
    wait_for_text(&visit, "Site id:").await?;
    fill(&visit, "#new-site-id", "new-shop").await?;
    fill(&visit, "#new-site-origins", "https://new-shop.example\n").await?;
    press(&visit, "Add site").await?;
    wait_until(|| async { Ok(text_of(&visit, "h1").await? == "new-shop") }, PROMPTLY, "the new site's editor to open")
        .await?;
    let origins = visit.site.store().site("new-shop").await?.context("the new site is stored")?.allowed_origins;
    ensure!(origins == ["https://new-shop.example"], "{origins:?}");
    press(&visit, "← All sites").await?;
    wait_for_text(&visit, "new-shop").await?;
    visit.browser.click("table.sites button").await?;
    wait_until(|| async { Ok(text_of(&visit, "h1").await? == "demo-shop") }, PROMPTLY, "the demo shop's editor")
        .await?;
    wait_for_text(&visit, "No problems: the config passes every check.").await?;
    wait_for_text(&visit, "nothing to publish").await?;

    // A mistake is named at its field as it is typed, and cannot be published.
    let live = visit.browser.js("return document.querySelector('#config-text').value;", vec![]).await?;
    let live = live.as_str().context("the editor holds the config")?.to_owned();
    ensure!(
        live.contains("\n  \"site\": \"demo-shop\""),
        "the config is shown indented: {}",
        &live[..80.min(live.len())]
    );
    let broken = live.replacen("\"title\": \"Strictly necessary\"", "\"title\": \"\"", 1);
    ensure!(broken != live, "the demo's first category is titled Strictly necessary");
    fill(&visit, "#config-text", &broken).await?;
    wait_for_text(&visit, "categories[0].title").await?;
    ensure!(text_of(&visit, "#config-problems").await?.contains("1 problem "));
    ensure!(press(&visit, "Publish revision 2").await.is_err(), "a config with a problem cannot be published");
    save_screenshot(&visit, "editor-problem").await?;

    // Fixed: the change is shown against the live config, and published as revision 2.
    fill(&visit, "#config-text", &live.replacen("\"title\": \"Strictly necessary\"", "\"title\": \"Needed\"", 1))
        .await?;
    wait_for_text(&visit, "1 change against revision 1").await?;
    let change = text_of(&visit, "table.changes tbody").await?;
    ensure!(change.contains("categories[0].title") && change.contains("\"Needed\""), "{change}");
    no_axe_violations(&visit, "editor").await?;
    save_screenshot(&visit, "editor-change").await?;
    press(&visit, "Publish revision 2").await?;
    wait_for_text(&visit, "Published revision 2").await?;
    let served = served_config(&visit).await?;
    ensure!(served["revision"] == 2 && served["categories"][0]["title"] == "Needed", "served: {served}");

    // The history has both; rolling back publishes revision 1's config as revision 3.
    wait_for_text(&visit, "Roll back to revision 1").await?;
    press(&visit, "Roll back to revision 1").await?;
    wait_for_text(&visit, "Rolled back as revision 3").await?;
    let served = served_config(&visit).await?;
    ensure!(served["revision"] == 3 && served["categories"][0]["title"] == "Strictly necessary", "served: {served}");
    wait_for_text(&visit, "Roll back to revision 2").await?;

    // What each revision changed, on request: revision 3 put the first title back.
    visit.browser.click("button[aria-controls='revision-3-changes']").await?;
    let undone = "categories[0].title: \"Needed\" → \"Strictly necessary\"";
    let shown = || async { Ok(text_of(&visit, "#revision-3-changes").await?.contains(undone)) };
    wait_until(shown, PROMPTLY, "revision 3's change listed").await?;
    let expanded = visit
        .browser
        .js("return document.querySelector(\"button[aria-controls='revision-3-changes']\").getAttribute('aria-expanded');", vec![])
        .await?;
    ensure!(expanded == json!("true"), "the button says its list is open: {expanded}");
    no_axe_violations(&visit, "history with a revision's changes").await?;
    screenshot_of(&visit, "#history-heading", "history").await?;

    // The session outlives a reload (the cookie), and signing out ends it.
    visit.open("/admin/").await?;
    wait_for_text(&visit, "Add a site").await?;
    press(&visit, "Sign out").await?;
    visit.browser.wait_for("#admin-token").await?;
    visit.open("/admin/").await?;
    visit.browser.wait_for("#admin-token").await?;
    no_console_errors(&visit).await
}
