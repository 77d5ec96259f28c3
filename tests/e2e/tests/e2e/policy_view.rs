//! The banner shows the site's privacy policy: a table of contents, a one-click jump to the section about cookies,
//! a link from every category to the section about it; as text only, whatever the policy contains; and the record
//! names the policy the visitor could read.

use anyhow::Result;
use consent_core::policy::links;
use consent_core::policy::Policy;
use consent_e2e::site::workspace;
use consent_e2e::wait::{settle, wait_until, PROMPTLY};
use consent_policy_import::{import, PolicyFormat};
use fantoccini::key::Key;
use serde_json::{json, Value};

use crate::fixture::Visit;
use crate::keyboard::{focus_is, focused, press, tab_to};
use crate::ui_fixture::{demo_config_with, logged, new_choice, stored_consent, switches, visit_with};

const POLICY: &str = "[data-consent-policy]";

/// The demo shop's policy, as the demo serves it (demo/privacy.json, imported from demo/privacy.md).
fn demo_policy() -> Result<Policy> {
    Ok(import(&std::fs::read_to_string(workspace().join("demo/privacy.md"))?, PolicyFormat::Markdown)?)
}

async fn open_policy_from_first_layer(visit: &Visit) -> Result<()> {
    visit.open("/").await?;
    visit.browser.click("[data-consent-banner] [data-consent-action='policy']").await?;
    visit.browser.wait_for(POLICY).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_policy_opens_with_its_contents_and_jumps_to_cookies_in_one_click() -> Result<()> {
    let visit = Visit::demo().await?;
    open_policy_from_first_layer(&visit).await?;
    let shown = visit
        .browser
        .in_banner(
            "var p = root.querySelector('[data-consent-policy]');
             return [p.querySelector('h2').textContent, p.querySelector('.cb-policy-text p').textContent,
                     Array.from(p.querySelectorAll('.cb-toc a')).map(function (a) { return a.textContent; })];",
            vec![],
        )
        .await?;
    assert_eq!(
        shown,
        json!([
            "Privacy policy",
            "Effective 1 November 2026.",
            ["1. Who we are", "2. What we collect", "3. Cookies and similar technologies", "4. Your rights"]
        ])
    );
    visit.browser.click("[data-consent-action='policy-cookies']").await?;
    wait_until(|| focus_is(&visit.browser, "#cb-policy-cookies-and-similar-technologies"), PROMPTLY, "the jump")
        .await?;
    let in_view = visit
        .browser
        .in_banner(
            "var h = active().getBoundingClientRect(),
                 b = root.querySelector('[data-consent-policy] .cb-dialog-body').getBoundingClientRect();
             return h.top >= b.top - 1 && h.bottom <= b.bottom + 1;",
            vec![],
        )
        .await?;
    assert_eq!(in_view, true, "the cookie section's heading is scrolled into view");
    let url = visit.browser.js("return location.href;", vec![]).await?;
    assert_eq!(url, visit.site.url("/"), "the page's own address is left alone");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn escape_leaves_the_policy_for_the_first_layer_without_consent() -> Result<()> {
    let visit = Visit::demo().await?;
    visit.open("/").await?;
    visit.browser.wait_for("[data-consent-banner]").await?;
    tab_to(&visit.browser, "[data-consent-banner] [data-consent-action='policy']", 10).await?;
    press(&visit.browser, Key::Enter).await?;
    visit.browser.wait_for(POLICY).await?;
    wait_until(|| focus_is(&visit.browser, POLICY), PROMPTLY, "focus in the policy").await?;
    tab_to(&visit.browser, "[data-consent-policy] [data-consent-action='back']", 30).await?;
    press(&visit.browser, Key::Tab).await?;
    assert_eq!(focused(&visit.browser).await?, "data-consent-action=close", "Tab wraps inside the policy too");
    press(&visit.browser, Key::Escape).await?;
    visit.browser.wait_gone(POLICY).await?;
    wait_until(
        || focus_is(&visit.browser, "[data-consent-banner] [data-consent-action='policy']"),
        PROMPTLY,
        "focus back on the policy link",
    )
    .await?;
    settle().await;
    assert!(stored_consent(&visit).await?.is_none(), "reading the policy is not consent");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn each_category_links_to_its_section_and_back_keeps_the_toggles() -> Result<()> {
    let config = demo_config_with(|c| c["categories"][2]["policy_section"] = json!("your-rights"))?;
    let visit = visit_with(vec![], Some(config)).await?;
    visit.open("/").await?;
    visit.browser.click("[data-consent-action='customise']").await?;
    visit.browser.wait_for("[data-consent-preferences]").await?;
    visit.browser.click("[data-consent-category='analytics']").await?;
    let targets = visit
        .browser
        .in_banner(
            "return Array.from(root.querySelectorAll('.cb-category-policy')).map(function (b) { return b.textContent; });",
            vec![],
        )
        .await?;
    assert_eq!(
        targets,
        json!([
            "Read about Strictly necessary in the privacy policy",
            "Read about Analytics in the privacy policy",
            "Read about Marketing in the privacy policy"
        ])
    );
    visit.browser.click(".cb-category:has([data-consent-category='marketing']) .cb-category-policy").await?;
    visit.browser.wait_for(POLICY).await?;
    wait_until(|| focus_is(&visit.browser, "#cb-policy-your-rights"), PROMPTLY, "the configured section").await?;
    visit.browser.click("[data-consent-policy] [data-consent-action='back']").await?;
    visit.browser.wait_gone(POLICY).await?;
    assert_eq!(
        switches(&visit, "[data-consent-category]", "data-consent-category").await?,
        ["necessary=true (locked)", "analytics=true", "marketing=false"],
        "the preferences come back as the visitor left them"
    );
    visit.browser.click(".cb-category:has([data-consent-category='analytics']) .cb-category-policy").await?;
    // No heading names analytics in the demo policy: the cookie section describes every category.
    wait_until(|| focus_is(&visit.browser, "#cb-policy-cookies-and-similar-technologies"), PROMPTLY, "cookies").await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_record_names_the_policy_the_visitor_could_read() -> Result<()> {
    let visit = Visit::demo().await?;
    visit.open("/").await?;
    visit.browser.wait_for("[data-consent-banner] [data-consent-action='policy']").await?;
    visit.browser.click("[data-consent-action='reject-all']").await?;
    let choice = new_choice(&visit, None).await?;
    let row = logged(&visit, &choice).await?;
    assert_eq!(row.policy_sha256, Some(links::digest(&demo_policy()?)));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn markup_in_a_policy_is_shown_as_text_and_never_runs() -> Result<()> {
    let hostile = "<img src=x onerror=\"window.__pwned = 1\"><script>window.__pwned = 2</script>";
    let document = json!({
        "title": "Privacy <b>policy</b>",
        "sections": [{"heading": "Cookies <script>window.__pwned = 3</script>", "level": 1, "id": "cookies",
                      "blocks": [{"type": "paragraph", "text": hostile},
                                 {"type": "unordered_list", "items": [{"text": "<a href=\"javascript:alert(1)\">x</a>"}]}]}]
    });
    let config = demo_config_with(|c| c["policy"] = json!({"document": document}))?;
    let visit = visit_with(vec![], Some(config)).await?;
    open_policy_from_first_layer(&visit).await?;
    let found: Value = visit
        .browser
        .in_banner(
            "var p = root.querySelector('[data-consent-policy]');
             return [p.querySelectorAll('img, script, b, a[href^=javascript]').length, window.__pwned || null,
                     p.querySelector('.cb-policy-text p').textContent, p.querySelector('h2').textContent];",
            vec![],
        )
        .await?;
    assert_eq!(found, json!([0, null, hostile, "Privacy <b>policy</b>"]));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_policy_that_cannot_be_loaded_is_linked_instead() -> Result<()> {
    let config = demo_config_with(|c| c["policy"] = json!({"url": "/missing-policy.json"}))?;
    let visit = visit_with(vec![], Some(config)).await?;
    open_policy_from_first_layer(&visit).await?;
    let shown = visit
        .browser
        .in_banner(
            "var p = root.querySelector('[data-consent-policy] .cb-dialog-body');
             return [p.textContent.trim(), p.querySelector('a').getAttribute('href')];",
            vec![],
        )
        .await?;
    assert_eq!(shown, json!(["The privacy policy could not be shown. Privacy policy", "/privacy.html"]));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn on_a_german_page_the_english_policy_is_marked_as_english() -> Result<()> {
    let visit = visit_with(vec![crate::ui_fixture::page_in_language("de.html", "de")?], None).await?;
    visit.open("/de.html").await?;
    visit.browser.click("[data-consent-banner] [data-consent-action='policy']").await?;
    visit.browser.wait_for(POLICY).await?;
    let marked = visit
        .browser
        .in_banner(
            "var p = root.querySelector('[data-consent-policy]');
             return [p.closest('[lang]').getAttribute('lang'), p.querySelector('h2').getAttribute('lang'),
                     p.querySelector('.cb-dialog-body').getAttribute('lang'),
                     p.querySelector('[data-consent-action=back]').textContent];",
            vec![],
        )
        .await?;
    assert_eq!(marked, json!(["de", "en", "en", "Zurück"]), "the banner's words are German, the policy English");
    Ok(())
}
