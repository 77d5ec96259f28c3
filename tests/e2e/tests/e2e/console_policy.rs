//! The console's Policy card, used as a product team member setting up a site from its privacy policy: paste the
//! policy (or pick its file), import it through the endpoint, read its sections, the tracking technologies it
//! mentions and the categories it suggests, add a suggested category in one click (it appears in the Categories form
//! and the draft), and make the policy the one the banner shows. Markup in the policy's text is shown as text.
//! Keyboard-usable, axe-clean in light and dark. Screenshot for review: `screenshots/console-policy.png`.

use anyhow::{ensure, Context, Result};
use consent_e2e::wait::{wait_until, PROMPTLY};
use fantoccini::key::Key;
use fantoccini::Locator;
use serde_json::{json, Value};

use crate::console_session::{clean_and_screenshot, draft, open_demo_shop_in_console, NO_PROBLEMS};
use crate::fixture::Visit;
use crate::keyboard::{press as key, tab_to};
use crate::product_console::{fill, press, text_of, wait_for_text};

/// A short cookie notice in Markdown (the importer's own test fixture: written for the project, no third party's
/// text), with a heading whose text looks like markup (escaped in the Markdown, so the importer keeps it as text; it
/// drops real HTML tags).
fn policy() -> String {
    let notice = include_str!("../../../../crates/consent-policy-import/tests/fixtures/cookie-notice.md");
    format!("{notice}\n\n## Contact &lt;img src=x onerror=alert(1)&gt;\n\nWrite to privacy@harbourcafe.example.\n")
}

/// The texts of the elements matching `selector`.
async fn texts_of(visit: &Visit, selector: &str) -> Result<Vec<String>> {
    let found = visit
        .browser
        .js(
            "return Array.from(document.querySelectorAll(arguments[0])).map(function (e) { return e.innerText.trim(); });",
            vec![selector.into()],
        )
        .await?;
    Ok(serde_json::from_value(found)?)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_product_team_imports_its_policy_and_adds_a_suggested_category() -> Result<()> {
    let visit = open_demo_shop_in_console().await?;

    // Pasted, then imported by keyboard: Tab from the text past the format to "Import", and Enter.
    fill(&visit, "#policy-text", &policy()).await?;
    tab_to(&visit.browser, "#policy-import", 4).await?;
    key(&visit.browser, Key::Enter).await?;
    wait_for_text(&visit, "Imported: 3 sections, 2 tracking technologies, 3 suggested categories.").await?;

    // What was found: the title and date, the outline, the technologies, the suggestions.
    ensure!(text_of(&visit, ".imported-policy h3").await? == "Cookie Notice");
    wait_for_text(&visit, "Effective date: 15 January 2025").await?;
    let top = texts_of(&visit, ".imported-policy > ol.policy-outline > li").await?;
    ensure!(top.len() == 3 && top[0].starts_with("What we use"), "{top:?}");
    let nested = texts_of(&visit, ".imported-policy ol.policy-outline ol > li").await?;
    ensure!(nested == ["Essential cookies", "Analytics", "Social media"], "{nested:?}");
    let tracking = text_of(&visit, ".policy-tracking").await?;
    ensure!(tracking.contains("Cookies") && tracking.contains("Web beacons (pixel tags)"), "{tracking}");

    // Markup in the policy is text: the heading reads as written and made no element.
    ensure!(top[2] == "Contact <img src=x onerror=alert(1)>", "{top:?}");
    let images = visit.browser.js("return document.querySelectorAll('.policy img, .policy b').length;", vec![]).await?;
    ensure!(images == json!(0), "no element made of the policy's text");

    // The demo has Analytics: its suggestion cannot be added again. Social media is added in one click.
    let suggestions = text_of(&visit, ".policy-suggestions").await?;
    ensure!(suggestions.contains("Analytics") && suggestions.contains("Social media"), "{suggestions}");
    let analytics_disabled = visit
        .browser
        .js(
            "return Array.from(document.querySelectorAll('.policy-suggestions button'))
                 .find(function (b) { return b.textContent.indexOf('Analytics') >= 0; }).disabled;",
            vec![],
        )
        .await?;
    ensure!(analytics_disabled == json!(true), "a category the draft has cannot be added again");
    let add_social = visit
        .browser
        .js(
            "var b = Array.from(document.querySelectorAll('.policy-suggestions button'))
                 .find(function (b) { return b.textContent.indexOf('Social media') >= 0; });
             b.focus(); return b.textContent;",
            vec![],
        )
        .await?;
    ensure!(add_social == json!("Add category Social media"), "{add_social}");
    key(&visit.browser, Key::Enter).await?;
    let added = || async { Ok(draft(&visit).await?["categories"][3]["id"] == "social_media") };
    wait_until(added, PROMPTLY, "Social media in the draft's categories").await?;
    ensure!(draft(&visit).await?["categories"][3]["title"] == "Social media");
    let in_form = visit.browser.js("return document.querySelector('#category-3-title').value;", vec![]).await?;
    ensure!(in_form == json!("Social media"), "the Categories form shows it: {in_form}");
    wait_for_text(&visit, "In the draft's categories.").await?;

    // The imported text becomes the site's policy, which the endpoint imports when it serves the config.
    press(&visit, "Use as the site's policy").await?;
    let used = || async { Ok(draft(&visit).await?["policy"] == json!({ "markdown": policy() })) };
    wait_until(used, PROMPTLY, "the policy in the draft").await?;
    wait_for_text(&visit, NO_PROBLEMS).await?;
    press(&visit, "Publish revision 2").await?;
    wait_for_text(&visit, "Published revision 2").await?;
    let row = visit.site.store().site("demo-shop").await?.context("the demo shop is stored")?;
    let served: Value = serde_json::from_str(&row.config_json)?;
    ensure!(served["categories"][3]["id"] == "social_media", "served: {served}");
    ensure!(served["policy"].get("document").is_some(), "the endpoint serves the imported document: {served}");

    // An empty policy is refused with the endpoint's words, naming the field.
    fill(&visit, "#policy-text", "  ").await?;
    let disabled = visit.browser.js("return document.querySelector('#policy-import').disabled;", vec![]).await?;
    ensure!(disabled == json!(true), "nothing to import");

    // Picked as a file: read, its format taken from its name.
    let file = tempfile::Builder::new().suffix(".md").tempfile()?;
    std::fs::write(file.path(), policy())?;
    let input = visit.browser.client.find(Locator::Css("#policy-file")).await?;
    input.send_keys(&file.path().display().to_string()).await?;
    wait_for_text(&visit, "import it to see what it holds").await?;
    let checked = visit.browser.js("return document.querySelector('#policy-format-markdown').checked;", vec![]).await?;
    ensure!(checked == json!(true), "a .md file is Markdown");
    press(&visit, "Import").await?;
    wait_for_text(&visit, "Imported: 3 sections, 2 tracking technologies, 3 suggested categories.").await?;

    clean_and_screenshot(&visit, "policy card", "#policy-import", "policy").await
}
