//! Withdrawing consent stops what was allowed: the trackers' cookies are deleted, their requests are held again, embeds
//! are unloaded; and Google Consent Mode is told every step.

use anyhow::Result;
use consent_e2e::wait::{settle, wait_until, PROMPTLY};
use serde_json::{json, Value};

use crate::corpus::{corpus_visit, Csp};

#[tokio::test(flavor = "multi_thread")]
async fn withdrawing_deletes_the_trackers_cookies_and_holds_their_requests_again() -> Result<()> {
    let visit = corpus_visit(Csp::Off).await?;
    visit.open("/gtag.html").await?;
    visit.browser.click("[data-consent-action='accept-all']").await?;
    wait_until(|| async { Ok(visit.cookie_names().await?.contains(&"_ga_CORPUS1".to_owned())) }, PROMPTLY, "_ga")
        .await?;

    visit.browser.js("window.consentBanner.showPreferences();", vec![]).await?;
    visit.browser.click("[data-consent-preferences] [data-consent-action='reject-all']").await?;
    wait_until(|| async { Ok(!visit.cookie_names().await?.iter().any(|n| n.starts_with("_g"))) }, PROMPTLY, "no _ga")
        .await?;
    let names = visit.cookie_names().await?;
    assert!(names.contains(&"consent_banner".to_owned()), "the choice itself stays: {names:?}");

    visit.trackers.clear();
    visit.browser.js("window.corpusReport('after_withdrawal');", vec![]).await?;
    settle().await;
    assert_eq!(visit.tracker_requests(), Vec::<String>::new(), "the running tracker's new reports are held");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn consent_mode_is_denied_before_any_tag_and_updated_with_each_choice() -> Result<()> {
    let visit = corpus_visit(Csp::Off).await?;
    visit.open("/gtag.html").await?;
    visit.browser.wait_for("[data-consent-banner]").await?;
    let read = "return window.dataLayer.filter(function (e) { return e[0] === 'consent' || e[0] === 'set'; })
                  .map(function (e) { return Array.prototype.slice.call(e); });";
    let first: Value = visit.browser.js(read, vec![]).await?;
    assert_eq!(first[0][0], "consent");
    assert_eq!(first[0][1], "default");
    for mode_type in ["ad_storage", "ad_user_data", "ad_personalization", "analytics_storage"] {
        assert_eq!(first[0][2][mode_type], "denied", "{mode_type} by default");
    }
    let order =
        visit.browser.js("return window.dataLayer.findIndex(function (e) { return e[0] === 'js'; });", vec![]).await?;
    assert!(order.as_i64() > Some(0), "the default comes before the page's own gtag('js') call");

    visit.browser.click("[data-consent-action='accept-all']").await?;
    let updates = wait_until(
        || async {
            let all: Value = visit.browser.js(read, vec![]).await?;
            Ok(all.as_array().is_some_and(|a| a.iter().any(|e| e[1] == "update")))
        },
        PROMPTLY,
        "a consent update",
    );
    updates.await?;
    let all: Value = visit.browser.js(read, vec![]).await?;
    let update = all.as_array().unwrap().iter().rev().find(|e| e[1] == "update").cloned().unwrap();
    assert_eq!(update[2]["analytics_storage"], "granted");
    assert_eq!(update[2]["ad_storage"], "granted");
    assert_eq!(update[2]["personalization_storage"], "denied", "no category of this site maps to it");
    let redaction = all.as_array().unwrap().iter().rev().find(|e| e[0] == "set").cloned().unwrap();
    assert_eq!(redaction, json!(["set", "ads_data_redaction", false]));

    // A returning visit repeats the update without the banner.
    visit.open("/gtag.html").await?;
    let again: Value = visit.browser.js(read, vec![]).await?;
    assert!(again.as_array().unwrap().iter().any(|e| e[1] == "update" && e[2]["ad_user_data"] == "granted"), "{again}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_held_video_shows_a_placeholder_that_loads_once_or_always() -> Result<()> {
    let visit = corpus_visit(Csp::Off).await?;
    visit.open("/youtube.html").await?;
    visit.browser.click("[data-consent-action='reject-all']").await?;
    visit.browser.wait_for("[data-consent-placeholder]").await?;
    let text =
        visit.browser.js("return document.querySelector('[data-consent-placeholder]').textContent;", vec![]).await?;
    let text = text.as_str().unwrap_or_default();
    assert!(text.contains("YouTube") && text.contains("Marketing"), "names the service and category: {text}");

    visit.browser.click("[data-consent-placeholder] [data-consent-action='load-once']").await?;
    wait_until(|| async { Ok(visit.tracker_saw("www.youtube.com", "/embed/CORPUS1")) }, PROMPTLY, "the video").await?;

    // "Load once" was for this page view only; "Always allow" records consent for the category.
    visit.trackers.clear();
    visit.open("/youtube.html").await?;
    settle().await;
    assert!(!visit.tracker_saw("www.youtube.com", "/embed/CORPUS1"), "load once is not remembered");
    visit.browser.click("[data-consent-placeholder] [data-consent-action='always-allow']").await?;
    wait_until(|| async { Ok(visit.tracker_saw("www.youtube.com", "/embed/CORPUS1")) }, PROMPTLY, "the video").await?;
    let store = visit.site.store();
    wait_until(|| async { Ok(store.count().await? == 2) }, PROMPTLY, "the grant to be logged").await?;
    visit.trackers.clear();
    visit.open("/youtube.html").await?;
    wait_until(|| async { Ok(visit.tracker_saw("www.youtube.com", "/embed/CORPUS1")) }, PROMPTLY, "remembered").await?;
    Ok(())
}
