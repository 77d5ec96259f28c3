//! The preferences let a visitor choose category by category and service by service, see what each service stores,
//! and quote their consent id; nothing is switched on for them.

use anyhow::Result;
use consent_e2e::wait::{settle, wait_until, PROMPTLY};
use serde_json::{json, Value};

use crate::fixture::Visit;
use crate::ui_fixture::{logged, new_choice, stored_consent, switches};

const PREFERENCES: &str = "[data-consent-preferences]";

async fn open_preferences(visit: &Visit) -> Result<()> {
    visit.open("/").await?;
    visit.browser.click("[data-consent-banner] [data-consent-action='customise']").await?;
    visit.browser.wait_for(PREFERENCES).await
}

/// Opens every disclosure in the preferences (services, cookie tables).
async fn open_all_details(visit: &Visit) -> Result<()> {
    visit
        .browser
        .in_banner(
            "root.querySelectorAll('[data-consent-preferences] details').forEach(function (d) { d.open = true; });",
            vec![],
        )
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn nothing_is_pre_ticked_and_strictly_necessary_is_locked_on() -> Result<()> {
    let visit = Visit::demo().await?;
    open_preferences(&visit).await?;
    open_all_details(&visit).await?;
    let categories = switches(&visit, "[data-consent-category]", "data-consent-category").await?;
    assert_eq!(categories, ["necessary=true (locked)", "analytics=false", "marketing=false"]);
    let services = switches(&visit, "[data-consent-service]", "data-consent-service").await?;
    assert_eq!(services, ["demo-analytics=false", "demo-ads=false", "demo-video=false"]);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn every_service_shows_what_it_stores_and_for_how_long_in_words() -> Result<()> {
    let visit = Visit::demo().await?;
    open_preferences(&visit).await?;
    open_all_details(&visit).await?;
    let rows = visit
        .browser
        .in_banner(
            "return Array.from(root.querySelectorAll('.cb-cookie-table tbody tr')).map(function (tr) {
                 return Array.from(tr.cells).map(function (td) { return td.textContent.trim(); });
             });",
            vec![],
        )
        .await?;
    assert_eq!(
        rows,
        json!([
            ["_demo_analytics", "Demo Analytics Ltd (tracker-recorder)", "Tells visitors apart", "2 years", "Cookie"],
            [
                "pixel.gif",
                "Demo Ad Network (tracker-recorder)",
                "Reports a page view",
                "Until you close the browser",
                "Pixel tag"
            ]
        ])
    );
    let headers = visit
        .browser
        .in_banner("return Array.from(root.querySelectorAll('.cb-cookie-table thead th')).slice(0, 5).map(function (th) { return th.textContent; });", vec![])
        .await?;
    assert_eq!(headers, json!(["Name", "Provider", "Purpose", "Duration", "Type"]));
    let empty = visit.browser.in_banner("return root.querySelector('#cb-service-demo-video').closest('li').querySelector('.cb-no-cookies').textContent;", vec![]).await?;
    assert_eq!(empty, "This service lists no cookies, pixels or storage of its own.");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn switching_one_service_on_grants_it_alone_and_its_category() -> Result<()> {
    let visit = Visit::demo().await?;
    open_preferences(&visit).await?;
    visit.browser.click(".cb-category:has([data-consent-category='marketing']) .cb-services > summary").await?;
    visit.browser.click("[data-consent-service='demo-video']").await?;
    let categories = switches(&visit, "[data-consent-category]", "data-consent-category").await?;
    assert_eq!(categories, ["necessary=true (locked)", "analytics=false", "marketing=true"], "its category is on");
    let services = switches(&visit, "[data-consent-service]", "data-consent-service").await?;
    assert_eq!(services, ["demo-analytics=false", "demo-ads=false", "demo-video=true"], "the other service is not");
    visit.browser.click("[data-consent-preferences] [data-consent-action='save']").await?;

    let choice = new_choice(&visit, None).await?;
    let row = logged(&visit, &choice).await?;
    let services: Value = serde_json::from_str(&row.services)?;
    assert_eq!(services, json!({"demo-ads": "denied", "demo-analytics": "denied", "demo-video": "granted"}));
    let decisions: Value = serde_json::from_str(&row.decisions)?;
    assert_eq!(decisions["marketing"], "granted");
    wait_until(|| async { Ok(visit.tracker_saw("video.localhost", "/embed/video")) }, PROMPTLY, "the video").await?;
    settle().await;
    assert!(
        !visit.tracker_saw("ads.localhost", "/pixel.gif"),
        "the ad pixel stays held: {:?}",
        visit.tracker_requests()
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn switching_a_category_switches_its_services_and_off_again() -> Result<()> {
    let visit = Visit::demo().await?;
    open_preferences(&visit).await?;
    visit.browser.click("[data-consent-category='marketing']").await?;
    open_all_details(&visit).await?;
    assert_eq!(
        switches(&visit, "[data-consent-service]", "data-consent-service").await?,
        ["demo-analytics=false", "demo-ads=true", "demo-video=true"]
    );
    visit.browser.click("[data-consent-category='marketing']").await?;
    assert_eq!(
        switches(&visit, "[data-consent-service]", "data-consent-service").await?,
        ["demo-analytics=false", "demo-ads=false", "demo-video=false"]
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_preferences_show_the_consent_id_the_visitor_can_quote() -> Result<()> {
    let visit = Visit::demo().await?;
    visit.open("/").await?;
    assert!(stored_consent(&visit).await?.is_none());
    visit.browser.click("[data-consent-action='reject-all']").await?;
    let choice = new_choice(&visit, None).await?;
    visit.browser.click("footer [data-consent-open]").await?;
    visit.browser.wait_for(PREFERENCES).await?;
    let shown = visit
        .browser
        .in_banner("return root.querySelector('[data-consent-preferences] [data-consent-id]').textContent;", vec![])
        .await?;
    assert_eq!(shown, choice.id.as_str());
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn taking_back_one_service_is_logged_as_a_withdrawal() -> Result<()> {
    let visit = Visit::demo().await?;
    visit.open("/").await?;
    visit.browser.click("[data-consent-action='accept-all']").await?;
    let accepted = new_choice(&visit, None).await?;
    visit.browser.click("footer [data-consent-open]").await?;
    visit.browser.wait_for(PREFERENCES).await?;
    open_all_details(&visit).await?;
    visit.browser.click("[data-consent-service='demo-ads']").await?;
    visit.browser.click("[data-consent-preferences] [data-consent-action='save']").await?;
    let changed = new_choice(&visit, Some(&accepted)).await?;
    let row = logged(&visit, &changed).await?;
    assert_eq!(row.action, "withdraw");
    assert_eq!(serde_json::from_str::<Value>(&row.decisions)?["marketing"], "granted", "the category stays on");
    assert_eq!(serde_json::from_str::<Value>(&row.services)?["demo-ads"], "denied");
    Ok(())
}
