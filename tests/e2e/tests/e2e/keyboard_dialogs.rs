//! Every path through the banner works with the keyboard alone, as the WAI-ARIA dialog pattern describes: focus moves
//! into a dialog when it opens, Tab and Shift+Tab stay inside the modal preferences, Escape closes them without
//! giving consent, and focus goes back to what opened them.

use anyhow::Result;
use consent_e2e::wait::{settle, wait_until, PROMPTLY};
use fantoccini::key::Key;

use crate::fixture::Visit;
use crate::keyboard::{focus_is, focused, press, press_with, tab_to};
use crate::ui_fixture::{new_choice, stored_consent, switches};

const BANNER: &str = "[data-consent-banner]";
const PREFERENCES: &str = "[data-consent-preferences]";

/// Opens the demo page and the preferences with the keyboard: Tab to "Customise", Enter.
async fn open_preferences_by_keyboard(visit: &Visit) -> Result<()> {
    visit.open("/").await?;
    visit.browser.wait_for(BANNER).await?;
    wait_until(|| focus_is(&visit.browser, BANNER), PROMPTLY, "the first layer to take focus").await?;
    tab_to(&visit.browser, "[data-consent-banner] [data-consent-action='customise']", 10).await?;
    press(&visit.browser, Key::Enter).await?;
    visit.browser.wait_for(PREFERENCES).await?;
    wait_until(|| focus_is(&visit.browser, PREFERENCES), PROMPTLY, "focus to move into the preferences").await
}

fn posted_consents(visit: &Visit) -> usize {
    visit.site.requests().iter().filter(|r| r.method == "POST" && r.path == "/v1/consents").count()
}

#[tokio::test(flavor = "multi_thread")]
async fn escape_closes_without_consent() -> Result<()> {
    let visit = Visit::demo().await?;
    open_preferences_by_keyboard(&visit).await?;
    tab_to(&visit.browser, "[data-consent-category='analytics']", 10).await?;
    press(&visit.browser, Key::Space).await?;
    press(&visit.browser, Key::Escape).await?;
    visit.browser.wait_gone(PREFERENCES).await?;

    // The first layer comes back, with focus on the "Customise" that opened the preferences.
    wait_until(
        || focus_is(&visit.browser, "[data-consent-banner] [data-consent-action='customise']"),
        PROMPTLY,
        "focus to return to Customise",
    )
    .await?;
    assert_eq!(visit.browser.count("[data-consent-banner]:not([hidden])").await?, 1);
    settle().await;
    assert!(stored_consent(&visit).await?.is_none(), "Escape is not consent: nothing is stored");
    assert_eq!(posted_consents(&visit), 0, "and nothing is recorded");
    assert_eq!(visit.tracker_requests(), Vec::<String>::new(), "and nothing is released");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn tab_wraps_inside_the_preferences() -> Result<()> {
    let visit = Visit::demo().await?;
    open_preferences_by_keyboard(&visit).await?;
    let inside = "[data-consent-preferences] *";
    // Forwards: every stop is inside the dialog, and the last control leads back to the first (the close button).
    tab_to(&visit.browser, "[data-consent-preferences] [data-consent-action='save']", 40).await?;
    press(&visit.browser, Key::Tab).await?;
    assert_eq!(focused(&visit.browser).await?, "data-consent-action=close", "Tab on the last control wraps");
    // Backwards from the first control: to the last.
    press_with(&visit.browser, Key::Tab, true).await?;
    assert_eq!(focused(&visit.browser).await?, "data-consent-action=save", "Shift+Tab on the first control wraps");
    // A full round in each direction never leaves the dialog.
    for shift in [false, true] {
        for _ in 0..30 {
            press_with(&visit.browser, Key::Tab, shift).await?;
            let place = focused(&visit.browser).await?;
            assert!(focus_is(&visit.browser, inside).await?, "focus left the preferences for {place}");
        }
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn focus_returns_to_cookie_settings_when_the_preferences_close() -> Result<()> {
    let visit = Visit::demo().await?;
    visit.open("/").await?;
    visit.browser.click("[data-consent-action='reject-all']").await?;
    let choice = new_choice(&visit, None).await?;
    visit.open("/").await?;
    // "Cookie settings" works once the boot loader has the config, a moment after the page's load event.
    let known = || async { Ok(!visit.browser.js("return consentBanner.getConsent();", vec![]).await?.is_null()) };
    wait_until(known, PROMPTLY, "the boot loader to apply the stored choice").await?;
    visit.browser.js("document.querySelector('footer [data-consent-open]').focus();", vec![]).await?;
    press(&visit.browser, Key::Enter).await?;
    visit.browser.wait_for(PREFERENCES).await?;
    wait_until(|| focus_is(&visit.browser, PREFERENCES), PROMPTLY, "focus to move into the preferences").await?;
    press(&visit.browser, Key::Escape).await?;
    visit.browser.wait_gone(PREFERENCES).await?;
    wait_until(|| focus_is(&visit.browser, "footer [data-consent-open]"), PROMPTLY, "focus back on the link").await?;
    assert_eq!(visit.browser.count(BANNER).await?, 0, "a standing choice: no first layer after Escape");
    assert_eq!(stored_consent(&visit).await?.map(|s| s.id), Some(choice.id), "the choice is unchanged");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_keyboard_only_visitor_chooses_one_service_and_saves() -> Result<()> {
    let visit = Visit::demo().await?;
    open_preferences_by_keyboard(&visit).await?;
    // Enter opens the marketing category's services; Space switches the video on; Enter presses Save.
    tab_to(&visit.browser, ".cb-category:has([data-consent-category='marketing']) .cb-services > summary", 20).await?;
    press(&visit.browser, Key::Enter).await?;
    tab_to(&visit.browser, "[data-consent-service='demo-video']", 20).await?;
    press(&visit.browser, Key::Space).await?;
    assert_eq!(
        switches(&visit, "[data-consent-category]", "data-consent-category").await?,
        ["necessary=true (locked)", "analytics=false", "marketing=true"]
    );
    tab_to(&visit.browser, "[data-consent-preferences] [data-consent-action='save']", 40).await?;
    press(&visit.browser, Key::Enter).await?;
    let choice = new_choice(&visit, None).await?;
    assert_eq!(choice.granted_services.iter().map(|s| s.as_str()).collect::<Vec<_>>(), ["demo-video"]);
    wait_until(|| async { Ok(visit.tracker_saw("video.localhost", "/embed/video")) }, PROMPTLY, "the video").await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_keyboard_only_visitor_rejects_all_from_the_first_layer() -> Result<()> {
    let visit = Visit::demo().await?;
    visit.open("/").await?;
    visit.browser.wait_for(BANNER).await?;
    wait_until(|| focus_is(&visit.browser, BANNER), PROMPTLY, "the first layer to take focus").await?;
    tab_to(&visit.browser, "[data-consent-banner] [data-consent-action='reject-all']", 10).await?;
    press(&visit.browser, Key::Space).await?;
    let choice = new_choice(&visit, None).await?;
    assert_eq!(choice.granted.iter().map(|c| c.as_str()).collect::<Vec<_>>(), ["necessary"]);
    visit.browser.wait_gone(BANNER).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_keyboard_only_visitor_reads_a_cookie_table_and_accepts_all() -> Result<()> {
    let visit = Visit::demo().await?;
    open_preferences_by_keyboard(&visit).await?;
    tab_to(&visit.browser, ".cb-category:has([data-consent-category='analytics']) .cb-services > summary", 20).await?;
    press(&visit.browser, Key::Enter).await?;
    tab_to(&visit.browser, ".cb-service:has([data-consent-service='demo-analytics']) .cb-cookies > summary", 20)
        .await?;
    press(&visit.browser, Key::Space).await?;
    let visible = visit
        .browser
        .in_banner("return root.querySelector('.cb-cookie-table').getClientRects().length > 0;", vec![])
        .await?;
    assert_eq!(visible, true, "the table opened");
    tab_to(&visit.browser, "[data-consent-preferences] [data-consent-action='accept-all']", 40).await?;
    press(&visit.browser, Key::Enter).await?;
    let choice = new_choice(&visit, None).await?;
    assert_eq!(choice.denied.len(), 0, "everything accepted");
    Ok(())
}
