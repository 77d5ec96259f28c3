//! Once a visitor has chosen, a floating "Cookie settings" button reopens the preferences on every page that has no
//! such link of its own, so that withdrawing is as easy as consenting: one click to the preferences, one to refuse.

use anyhow::Result;
use consent_e2e::wait::{settle, wait_until, PROMPTLY};
use fantoccini::key::Key;
use serde_json::{json, Value};

use crate::fixture::Visit;
use crate::keyboard::{focus_is, press};
use crate::ui_fixture::{demo_config_with, logged, new_choice, page_without_settings_links, synced, visit_with};

const FLOATING: &str = "[data-consent-floating]";

async fn plain_site(config: Option<String>) -> Result<Visit> {
    visit_with(vec![page_without_settings_links()?], config).await
}

async fn accept_all_on_plain_page(visit: &Visit) -> Result<()> {
    visit.open("/plain.html").await?;
    visit.browser.click("[data-consent-action='accept-all']").await?;
    visit.browser.wait_gone("[data-consent-banner]").await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_without_a_settings_link_gets_a_floating_button_once_the_visitor_has_chosen() -> Result<()> {
    let visit = plain_site(None).await?;
    visit.open("/plain.html").await?;
    visit.browser.wait_for("[data-consent-banner]").await?;
    assert_eq!(visit.browser.count(FLOATING).await?, 0, "none while the first layer asks");
    visit.browser.click("[data-consent-action='reject-all']").await?;
    visit.browser.wait_for(FLOATING).await?;
    synced(&visit).await?;

    // On the next page the boot loader draws it without the banner's WASM.
    visit.site.clear_requests();
    visit.open("/plain.html").await?;
    visit.browser.wait_for(FLOATING).await?;
    let place = visit
        .browser
        .js(
            "var r = document.querySelector(arguments[0]).getBoundingClientRect();
             var view = document.documentElement;
             return [Math.round(r.left), Math.round(view.clientHeight - r.bottom), r.height >= 24,
                     document.querySelector(arguments[0]).textContent];",
            vec![FLOATING.into()],
        )
        .await?;
    assert_eq!(place, json!([16, 16, true, "Cookie settings"]), "bottom left, at least 24 px tall");
    let fetched: Vec<String> = visit.site.requests().into_iter().map(|r| r.path).collect();
    assert!(!fetched.iter().any(|p| p.contains("consent-banner")), "no WASM for the button: {fetched:?}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn withdrawal_is_one_click_from_the_floating_button_to_reject_all() -> Result<()> {
    let visit = plain_site(None).await?;
    accept_all_on_plain_page(&visit).await?;
    let accepted = new_choice(&visit, None).await?;
    visit.open("/plain.html").await?;
    visit.browser.click(FLOATING).await?;
    visit.browser.click("[data-consent-preferences] [data-consent-action='reject-all']").await?;
    let withdrawn = new_choice(&visit, Some(&accepted)).await?;
    assert_eq!(withdrawn.granted.iter().map(|c| c.as_str()).collect::<Vec<_>>(), ["necessary"]);
    let row = logged(&visit, &withdrawn).await?;
    assert_eq!((row.action.as_str(), row.ui_layer.as_str()), ("withdraw", "preferences"));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn escape_gives_focus_back_to_the_floating_button() -> Result<()> {
    let visit = plain_site(None).await?;
    accept_all_on_plain_page(&visit).await?;
    visit.open("/plain.html").await?;
    visit.browser.wait_for(FLOATING).await?;
    visit.browser.js("document.querySelector(arguments[0]).focus();", vec![FLOATING.into()]).await?;
    press(&visit.browser, Key::Enter).await?;
    visit.browser.wait_for("[data-consent-preferences]").await?;
    wait_until(|| focus_is(&visit.browser, "[data-consent-preferences]"), PROMPTLY, "focus in the preferences").await?;
    press(&visit.browser, Key::Escape).await?;
    visit.browser.wait_gone("[data-consent-preferences]").await?;
    wait_until(|| focus_is(&visit.browser, FLOATING), PROMPTLY, "focus back on the floating button").await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_with_its_own_settings_link_gets_no_floating_button() -> Result<()> {
    let visit = Visit::demo().await?;
    visit.open("/").await?;
    visit.browser.click("[data-consent-action='accept-all']").await?;
    new_choice(&visit, None).await?;
    visit.open("/").await?;
    settle().await;
    assert_eq!(visit.browser.count(FLOATING).await?, 0);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_config_places_the_floating_button_or_turns_it_off() -> Result<()> {
    let right = demo_config_with(|c| c["floating_button"] = json!("bottom-right"))?;
    let visit = plain_site(Some(right)).await?;
    accept_all_on_plain_page(&visit).await?;
    visit.browser.wait_for(FLOATING).await?;
    let gap: Value = visit
        .browser
        .js("return Math.round(document.documentElement.clientWidth - document.querySelector(arguments[0]).getBoundingClientRect().right);", vec![FLOATING.into()])
        .await?;
    assert_eq!(gap, json!(16), "bottom right");

    let none = demo_config_with(|c| c["floating_button"] = json!("none"))?;
    let visit = plain_site(Some(none)).await?;
    accept_all_on_plain_page(&visit).await?;
    visit.open("/plain.html").await?;
    settle().await;
    assert_eq!(visit.browser.count(FLOATING).await?, 0, "\"none\" draws none");
    Ok(())
}
