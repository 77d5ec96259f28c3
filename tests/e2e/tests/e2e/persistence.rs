//! A choice survives reloads, endpoints that are down and pages that close mid-request, is never trusted when it is
//! corrupt or foreign, and is asked again exactly when it must be: after expiry, or when the site's config changes.

use anyhow::{Context, Result};
use consent_core::stored::COOKIE_NAME;
use consent_core::StoredConsent;
use consent_e2e::site::{workspace, EndpointMode, SiteOptions, TestSite};
use consent_e2e::wait::{settle, wait_for, wait_until, PROMPTLY};
use serde_json::{json, Value};

use crate::fixture::Visit;

const BANNER: &str = "[data-consent-banner]";

/// The choice the banner stored in its cookie, if any.
async fn stored(visit: &Visit) -> Result<Option<StoredConsent>> {
    let cookies = visit.browser.js("return document.cookie;", vec![]).await?;
    let cookies = cookies.as_str().context("document.cookie is a string")?;
    let value = cookies.split("; ").find_map(|pair| pair.strip_prefix(COOKIE_NAME)?.strip_prefix('='));
    Ok(value.and_then(|v| StoredConsent::from_cookie_value(v).ok()))
}

/// Waits for a stored choice other than `previous` and returns its consent id.
async fn new_choice(visit: &Visit, previous: Option<&str>) -> Result<String> {
    wait_for(
        || async { Ok(stored(visit).await?.map(|s| s.id.to_string()).filter(|id| Some(id.as_str()) != previous)) },
        PROMPTLY,
        "a new choice in the cookie",
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn three_choices_made_while_the_endpoint_is_down_arrive_in_order_once_it_is_back() -> Result<()> {
    let visit = Visit::demo().await?;
    visit.site.set_endpoint(EndpointMode::Down);

    visit.open("/").await?;
    visit.browser.click("[data-consent-action='accept-all']").await?;
    let first = new_choice(&visit, None).await?;

    visit.open("/privacy.html").await?;
    visit.browser.click("header [data-consent-open]").await?;
    visit.browser.click("[data-consent-preferences] [data-consent-action='reject-all']").await?;
    let second = new_choice(&visit, Some(&first)).await?;

    visit.open("/").await?;
    visit.browser.click("footer [data-consent-open]").await?;
    visit.browser.click("input[data-consent-category='analytics']").await?;
    visit.browser.click("[data-consent-preferences] [data-consent-action='save']").await?;
    let third = new_choice(&visit, Some(&second)).await?;
    settle().await;
    assert_eq!(visit.site.store().count().await?, 0, "nothing reached the log while the endpoint was down");

    visit.site.set_endpoint(EndpointMode::Up);
    visit.open("/privacy.html").await?;
    let store = visit.site.store();
    wait_until(|| async { Ok(store.count().await? == 3) }, PROMPTLY, "the three queued choices").await?;
    let mut seqs = Vec::new();
    for id in [&first, &second, &third] {
        let logged = store.get_logged(id).await?.with_context(|| format!("{id} is in the log"))?;
        seqs.push(logged.link.seq);
    }
    assert_eq!(seqs, [1, 2, 3], "the log has the choices in the order they were made");
    settle().await;
    assert_eq!(store.count().await?, 3, "none was stored twice");
    assert_eq!(visit.browser.count(BANNER).await?, 0, "sending the queue shows nothing to the visitor");
    let left = visit.browser.js("return localStorage.getItem('consent_banner_queue');", vec![]).await?;
    assert!(left.is_null(), "the queue is empty once everything is acknowledged: {left}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_choice_made_just_before_leaving_the_site_arrives() -> Result<()> {
    let visit = Visit::demo().await?;
    visit.open("/").await?;
    visit.browser.wait_for(BANNER).await?;
    // The click and the navigation away happen in the same task: the page is gone before any answer could come back.
    visit
        .browser
        .in_banner(
            "root.querySelector('[data-consent-action=\"accept-all\"]').click(); location.href = 'about:blank';",
            vec![],
        )
        .await?;
    let store = visit.site.store();
    wait_until(|| async { Ok(store.count().await? == 1) }, PROMPTLY, "the choice made while leaving").await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_record_is_reported_once_and_not_retried() -> Result<()> {
    let visit = Visit::demo().await?;
    visit.site.set_endpoint(EndpointMode::Refusing);
    visit.open("/").await?;
    visit
        .browser
        .js("window.errors = []; consentBanner.on('error', function (e) { window.errors.push(e); });", vec![])
        .await?;
    visit.browser.click("[data-consent-action='reject-all']").await?;
    let errors = || async { Ok(visit.browser.js("return window.errors.length;", vec![]).await? == json!(1)) };
    wait_until(errors, PROMPTLY, "one error event").await?;
    let error = visit.browser.js("return window.errors[0];", vec![]).await?;
    assert_eq!(error["status"], 422, "{error}");
    settle().await;
    let posts = visit.site.requests().iter().filter(|r| r.path == "/v1/consents" && r.method == "POST").count();
    assert_eq!(posts, 1, "a refusal is final: the record is not sent again");
    let left = visit.browser.js("return localStorage.getItem('consent_banner_queue');", vec![]).await?;
    assert!(left.is_null(), "the refused record left the queue: {left}");
    Ok(())
}

/// Moves the page's clock `days` ahead from the next navigation on, as if the visitor came back that much later.
async fn travel_days_ahead(visit: &Visit, days: u64) -> Result<()> {
    let shift_ms = days * 24 * 60 * 60 * 1000;
    let source = format!(
        "(function () {{
           var Real = Date, shift = {shift_ms};
           function Shifted() {{
             var args = Array.prototype.slice.call(arguments);
             return args.length ? new (Function.prototype.bind.apply(Real, [null].concat(args)))() : new Real(Real.now() + shift);
           }}
           Shifted.now = function () {{ return Real.now() + shift; }};
           Shifted.prototype = Real.prototype;
           Shifted.UTC = Real.UTC;
           Shifted.parse = Real.parse;
           window.Date = Shifted;
         }})();"
    );
    visit.browser.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": source })).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_choice_is_asked_again_after_it_expires_and_not_before() -> Result<()> {
    let visit = Visit::demo().await?;
    visit.open("/").await?;
    visit.browser.click("[data-consent-action='accept-all']").await?;
    new_choice(&visit, None).await?;

    travel_days_ahead(&visit, 181).await?;
    visit.open("/").await?;
    settle().await;
    assert_eq!(visit.browser.count(BANNER).await?, 0, "181 days later the choice (kept 182 days) still stands");

    travel_days_ahead(&visit, 1).await?; // scripts added on new documents accumulate: 182 days ahead now
    visit.trackers.clear();
    visit.open("/").await?;
    visit.browser.wait_for(BANNER).await?;
    settle().await;
    assert_eq!(visit.tracker_requests(), Vec::<String>::new(), "an expired acceptance releases nothing");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_config_revision_asks_again_and_says_what_changed() -> Result<()> {
    let visit = Visit::demo().await?;
    visit.open("/").await?;
    visit.browser.click("[data-consent-action='accept-all']").await?;
    new_choice(&visit, None).await?;

    // The same site, after its owner added a service: revision 2, served on another port of the same host (cookies
    // are shared between ports), so the same browser comes back to it.
    let demo: Value = serde_json::from_str(&std::fs::read_to_string(workspace().join("demo/consent.json"))?)?;
    let mut changed = demo.clone();
    changed["revision"] = json!(2);
    changed["revision_note"] = json!("We now embed videos from a second platform.");
    let revised = TestSite::start(SiteOptions { config: Some(changed.to_string()), ..SiteOptions::default() }).await?;
    visit.trackers.clear();
    visit.browser.open(&revised.url("/")).await?;
    visit.browser.wait_for(BANNER).await?;
    let note =
        visit.browser.in_banner("return root.querySelector('[data-consent-revision-note]').textContent;", vec![]);
    assert_eq!(note.await?, "We now embed videos from a second platform.");
    settle().await;
    assert_eq!(visit.tracker_requests(), Vec::<String>::new(), "the old acceptance does not cover the new revision");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_corrupt_or_foreign_choice_is_ignored_and_the_visitor_is_asked() -> Result<()> {
    let visit = Visit::demo().await?;
    visit.open("/").await?;
    let cases = [
        ("corrupt", "%7B%22v%22%3A1%2C%22g%22%3A%5B".to_owned()),
        (
            "contradictory",
            encode(
                r#"{"v":1,"id":"3f2b8c1e-9d4a-4c6b-8e2f-1a2b3c4d5e6f","site":"demo-shop","rev":1,"at":1,"exp":99999999999999,"g":["necessary","analytics","marketing"],"d":["marketing"],"sg":[],"sd":[]}"#,
            ),
        ),
        (
            "another site's",
            encode(
                r#"{"v":1,"id":"3f2b8c1e-9d4a-4c6b-8e2f-1a2b3c4d5e6f","site":"other-shop","rev":1,"at":1,"exp":99999999999999,"g":["necessary","analytics","marketing"],"d":[],"sg":["demo-analytics","demo-ads","demo-video"],"sd":[]}"#,
            ),
        ),
    ];
    for (what, value) in cases {
        visit.browser.js("localStorage.clear();", vec![]).await?;
        visit.browser.js(&format!("document.cookie = '{COOKIE_NAME}={value}; path=/';"), vec![]).await?;
        visit.trackers.clear();
        visit.browser.console().await?;
        visit.open("/").await?;
        visit.browser.wait_for(BANNER).await?;
        settle().await;
        assert_eq!(visit.tracker_requests(), Vec::<String>::new(), "a {what} cookie released a tracker");
        let crashes: Vec<_> = visit
            .browser
            .console()
            .await?
            .into_iter()
            .filter(|e| e.source == "javascript")
            .map(|e| e.message)
            .collect();
        assert_eq!(crashes, Vec::<String>::new(), "a {what} cookie made a script throw");
    }
    Ok(())
}

fn encode(json: &str) -> String {
    consent_core::cookie_codec::encode(json)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lost_cookie_is_restored_from_its_mirror_without_asking_again() -> Result<()> {
    let visit = Visit::demo().await?;
    visit.open("/").await?;
    visit.browser.click("[data-consent-action='reject-all']").await?;
    let id = new_choice(&visit, None).await?;
    // As browsers that cap script-written cookies do: the cookie goes, localStorage stays.
    visit.browser.js(&format!("document.cookie = '{COOKIE_NAME}=; path=/; max-age=0';"), vec![]).await?;
    visit.open("/").await?;
    let restored = new_choice(&visit, None).await?;
    assert_eq!(restored, id, "the same choice, not a new one");
    settle().await;
    assert_eq!(visit.browser.count(BANNER).await?, 0, "the visitor is not asked again");
    Ok(())
}
