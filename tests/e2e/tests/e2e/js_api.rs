//! The JavaScript API site owners use: calls made before the banner has loaded are answered once it has, read-only
//! calls answer at once, and every event fires once per change, as a listener call and as a DOM event.

use anyhow::Result;
use consent_e2e::site::{workspace, SiteOptions};
use consent_e2e::wait::{settle, wait_until, PROMPTLY};
use serde_json::json;

use crate::fixture::Visit;

/// The demo page with a site script right after the boot loader that uses the API before anything has loaded.
async fn visit_with_early_api_calls() -> Result<Visit> {
    let page = std::fs::read_to_string(workspace().join("demo/index.html"))?.replace(
        "<link rel=\"stylesheet\" href=\"/site.css\">",
        "<link rel=\"stylesheet\" href=\"/site.css\">
  <script>
    window.seen = [];
    window.earlyAnswer = consentBanner.acceptedCategory('analytics');
    consentBanner.on('consent', function (c) { seen.push(['consent', c.categories.join(',')]); });
    consentBanner.on('change', function (c) { seen.push(['change', c.categories.join(',')]); });
    consentBanner.on('sync', function (r) { seen.push(['sync', r.seq > 0]); });
    window.addEventListener('consent:change', function (e) { seen.push(['dom:change', e.detail.categories.length]); });
    // Called before the banner's WASM exists: queued by the boot loader, answered once it has loaded.
    consentBanner.acceptCategories(['analytics']);
  </script>",
    );
    Visit::with(SiteOptions { files: vec![("index.html".into(), page)], ..SiteOptions::default() }).await
}

#[tokio::test(flavor = "multi_thread")]
async fn calls_made_before_the_banner_loads_are_answered_and_events_fire_once_per_change() -> Result<()> {
    let visit = visit_with_early_api_calls().await?;
    visit.open("/").await?;
    let analytics = || async { Ok(visit.tracker_saw("analytics.localhost", "/collect")) };
    wait_until(analytics, PROMPTLY, "analytics, accepted through the API before the banner loaded").await?;
    assert_eq!(visit.browser.js("return window.earlyAnswer;", vec![]).await?, json!(false), "nothing before a choice");
    let answers = visit
        .browser
        .js(
            "return [consentBanner.acceptedCategory('analytics'), consentBanner.acceptedCategory('marketing'),
                     consentBanner.acceptedService('demo-analytics')];",
            vec![],
        )
        .await?;
    assert_eq!(answers, json!([true, false, true]));
    assert_eq!(
        visit.browser.count("[data-consent-banner]").await?,
        0,
        "a choice made through the API closes the banner"
    );

    visit.browser.js("consentBanner.acceptCategories('all');", vec![]).await?;
    let synced = || async {
        Ok(visit.browser.js("return seen.filter(function (s) { return s[0] === 'sync'; }).length;", vec![]).await?
            == json!(2))
    };
    wait_until(synced, PROMPTLY, "both choices acknowledged").await?;
    settle().await;
    let seen = visit.browser.js("return seen;", vec![]).await?;
    let of = |kind: &str| -> Vec<serde_json::Value> {
        seen.as_array().into_iter().flatten().filter(|e| e[0] == kind).map(|e| e[1].clone()).collect()
    };
    assert_eq!(of("consent"), [json!("analytics,necessary")], "one consent event, for the first choice: {seen}");
    assert_eq!(of("change"), [json!("analytics,marketing,necessary")], "one change event, for the second: {seen}");
    assert_eq!(of("dom:change"), [json!(3)], "the same as a DOM event: {seen}");
    assert_eq!(of("sync"), [json!(true), json!(true)], "each choice acknowledged once, with its receipt: {seen}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_returning_visitor_gets_the_consent_event_and_answers_without_the_banner() -> Result<()> {
    let visit = Visit::demo().await?;
    visit.open("/").await?;
    visit.browser.click("[data-consent-action='reject-all']").await?;
    settle().await;
    visit.site.clear_requests();
    visit.open("/privacy.html").await?;
    let known = || async { Ok(!visit.browser.js("return consentBanner.getConsent();", vec![]).await?.is_null()) };
    wait_until(known, PROMPTLY, "the stored choice").await?;
    let consent = visit.browser.js("return consentBanner.getConsent();", vec![]).await?;
    assert_eq!(consent["categories"], json!(["necessary"]), "{consent}");
    assert_eq!(visit.browser.js("return consentBanner.acceptedCategory('marketing');", vec![]).await?, json!(false));
    let fetched: Vec<String> = visit.site.requests().into_iter().map(|r| r.path).collect();
    assert!(!fetched.iter().any(|p| p.contains("consent-banner")), "answered without the banner: {fetched:?}");
    Ok(())
}
