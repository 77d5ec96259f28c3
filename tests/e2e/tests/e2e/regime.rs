//! A site with regional rules: the boot loader acts on the regime the endpoint's first-layer answer names for the
//! visitor. An opt-in visitor (Germany) is asked first and nothing tracks before; a Californian (opt-out) gets the
//! trackers and a "Do Not Sell or Share" link that opens the preferences, and Global Privacy Control opts them out
//! with no click; a Texan (notice) gets the trackers and a notice whose OK only hides it; a Brazilian (none) gets the
//! trackers and nothing shown. The region is forced on the page (`?consent_region=`), a testing aid the endpoint
//! answers through `?region=` on the first layer's URL.

use anyhow::Result;
use consent_e2e::wait::{settle, wait_until, PROMPTLY};
use fantoccini::key::Key;
use serde_json::{json, Value};

use crate::accessibility::at_viewport;
use crate::fixture::Visit;
use crate::keyboard::press;
use crate::ui_fixture::{demo_config_with, page_without_settings_links, visit_with};
use consent_e2e::site::SiteOptions;

const DO_NOT_SELL: &str = "[data-consent-do-not-sell]";
const NOTICE: &str = "[data-consent-notice]";

/// The demo site under the rules: California opt-out, the rest of the US notice, Brazil none, else opt-in.
pub async fn regional_site() -> Result<Visit> {
    visit_with(vec![page_without_settings_links()?], Some(regional_config()?)).await
}

/// The demo config with the rules.
pub fn regional_config() -> Result<String> {
    demo_config_with(|c| {
        c["regions"] = json!({"default": "opt_in", "rules": [
            {"regions": ["US-CA"], "regime": "opt_out"},
            {"regions": ["US"], "regime": "notice"},
            {"regions": ["BR"], "regime": "none"}]});
    })
}

/// The same with the browser sending Global Privacy Control.
pub async fn regional_site_with_gpc() -> Result<Visit> {
    let visit = regional_site().await?;
    let source =
        "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true });";
    visit.browser.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": source })).await?;
    Ok(visit)
}

/// The plain demo page with the region forced on its script tag, as `ca.html`.
fn page_forcing_california() -> Result<(String, String)> {
    let (_, page) = page_without_settings_links()?;
    let forced = page.replacen("data-endpoint=\"/\">", "data-endpoint=\"/\" data-region=\"US-CA\">", 1);
    assert_ne!(forced, page, "the demo page's script tag changed; update this fixture");
    Ok(("ca.html".into(), forced))
}

pub async fn open_in(visit: &Visit, region: &str) -> Result<()> {
    visit.open(&format!("/plain.html?consent_region={region}")).await
}

pub async fn analytics_loaded(visit: &Visit) -> Result<()> {
    let analytics = || async { Ok(visit.tracker_saw("analytics.localhost", "/analytics.js")) };
    wait_until(analytics, PROMPTLY, "the analytics script, on before any choice").await
}

/// Whether the first layer (painted or the banner's) is on the page.
pub async fn first_layer_shown(visit: &Visit) -> Result<bool> {
    let script = "var b = document.querySelector('consent-banner');
                  return !!(b && b.shadowRoot && b.shadowRoot.querySelector('[data-consent-banner]'));";
    Ok(visit.browser.js(script, vec![]).await? == true)
}

#[tokio::test(flavor = "multi_thread")]
async fn regime_opt_in_in_germany_nothing_reaches_a_tracker_before_a_choice() -> Result<()> {
    let visit = regional_site().await?;
    open_in(&visit, "DE").await?;
    wait_until(|| first_layer_shown(&visit), PROMPTLY, "the first layer, which asks").await?;
    settle().await;
    assert_eq!(visit.tracker_requests(), Vec::<String>::new(), "no tracker request before a choice");
    assert_eq!(visit.browser.count(DO_NOT_SELL).await?, 0);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn regime_unknown_without_a_region_header_is_the_strictest_nothing_before_a_choice() -> Result<()> {
    let visit = regional_site().await?;
    visit.open("/plain.html").await?;
    wait_until(|| first_layer_shown(&visit), PROMPTLY, "the first layer, which asks").await?;
    settle().await;
    assert_eq!(visit.tracker_requests(), Vec::<String>::new(), "no tracker request before a choice");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn regime_forced_by_data_region_on_the_script_tag() -> Result<()> {
    let visit = visit_with(vec![page_forcing_california()?], Some(regional_config()?)).await?;
    visit.open("/ca.html").await?;
    analytics_loaded(&visit).await?;
    visit.browser.wait_for(DO_NOT_SELL).await
}

#[tokio::test(flavor = "multi_thread")]
async fn regime_opt_out_in_california_runs_trackers_and_the_link_opens_the_preferences() -> Result<()> {
    let visit = regional_site().await?;
    open_in(&visit, "US-CA").await?;
    analytics_loaded(&visit).await?;
    let pixel = || async { Ok(visit.tracker_saw("ads.localhost", "/pixel.gif")) };
    wait_until(pixel, PROMPTLY, "the ad pixel, on until the visitor opts out").await?;
    visit.browser.wait_for(DO_NOT_SELL).await?;
    let text = visit.browser.js("return document.querySelector(arguments[0]).textContent;", vec![DO_NOT_SELL.into()]);
    assert_eq!(text.await?, "Do Not Sell or Share My Personal Information");
    assert!(!first_layer_shown(&visit).await?, "no first layer blocks the page");
    let consent = visit.browser.js("return consentBanner.getConsent();", vec![]).await?;
    assert_eq!(consent, Value::Null, "no choice was made");

    visit.browser.click(DO_NOT_SELL).await?;
    visit.browser.wait_for("[data-consent-preferences]").await
}

#[tokio::test(flavor = "multi_thread")]
async fn regime_opt_out_with_gpc_records_a_gpc_opt_out_of_marketing_with_no_click() -> Result<()> {
    let visit = regional_site_with_gpc().await?;
    open_in(&visit, "US-CA").await?;
    let row = visit.recorded().await?;
    assert_eq!(row.action, "gpc");
    assert!(row.gpc, "the record notes the signal");
    let decisions: Value = serde_json::from_str(&row.decisions)?;
    assert_eq!(decisions["marketing"], "denied");
    assert_eq!(decisions["analytics"], "granted");
    analytics_loaded(&visit).await?;
    settle().await;
    assert!(!visit.tracker_saw("ads.localhost", "/pixel.gif"), "the ad pixel stays off under GPC");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn regime_notice_in_texas_runs_trackers_and_ok_only_hides_the_notice() -> Result<()> {
    let visit = regional_site().await?;
    open_in(&visit, "US-TX").await?;
    analytics_loaded(&visit).await?;
    visit.browser.wait_for(NOTICE).await?;
    assert!(!first_layer_shown(&visit).await?, "a notice, not a first layer");
    visit.browser.click(&format!("{NOTICE} button")).await?;
    visit.browser.wait_gone(NOTICE).await?;
    let consent = visit.browser.js("return consentBanner.getConsent();", vec![]).await?;
    assert_eq!(consent, Value::Null, "OK is not a consent choice");

    open_in(&visit, "US-TX").await?;
    visit.browser.wait_for("[data-consent-floating]").await?;
    assert_eq!(visit.browser.count(NOTICE).await?, 0, "dismissed once, not shown again");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn regime_none_in_brazil_runs_trackers_and_shows_nothing() -> Result<()> {
    let visit = regional_site().await?;
    open_in(&visit, "BR").await?;
    analytics_loaded(&visit).await?;
    settle().await;
    let shown = "return document.querySelectorAll('consent-banner,[data-consent-notice],[data-consent-do-not-sell],\
                 [data-consent-floating]').length;";
    assert_eq!(visit.browser.js(shown, vec![]).await?, 0, "nothing shown");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn regime_link_and_notice_screenshots_at_375_px() -> Result<()> {
    for (region, selector, name) in
        [("US-CA", DO_NOT_SELL, "regime-do-not-sell-375"), ("US-TX", NOTICE, "regime-notice-375")]
    {
        let visit = regional_site().await?;
        at_viewport(&visit, 375, 812, 1.0).await?;
        open_in(&visit, region).await?;
        visit.browser.wait_for(selector).await?;
        settle().await;
        let inside = visit
            .browser
            .js(
                "var r = document.querySelector(arguments[0]).getBoundingClientRect();
                 return r.left >= 0 && r.right <= innerWidth && r.bottom <= innerHeight && r.height >= 24;",
                vec![selector.into()],
            )
            .await?;
        assert_eq!(inside, true, "{name}: within a 375 px screen, at least 24 px tall");
        let problems = crate::axe::violations_in(&visit.browser, json!(selector)).await?;
        assert!(problems.is_empty(), "{name}: axe finds {problems:?}");
        let path = consent_e2e::site::workspace().join(format!("screenshots/{name}.png"));
        std::fs::write(&path, visit.browser.screenshot().await?)?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn regime_notice_never_hides_the_focused_element_when_tabbing() -> Result<()> {
    // The demo page with a long article of links: a page taller than the window, whose links Tab scrolls to.
    let (_, plain) = page_without_settings_links()?;
    let links: String =
        (1..=20).map(|n| format!("<p>Paragraph {n} of a long article, <a href=\"#p{n}\">link {n}</a>.</p>")).collect();
    let long = plain.replacen("</body>", &format!("{links}</body>"), 1);
    assert_ne!(long, plain, "the demo page has no </body>; update this fixture");
    let visit = visit_with(vec![("long.html".into(), long)], Some(regional_config()?)).await?;
    at_viewport(&visit, 800, 600, 1.0).await?;
    visit.open("/long.html?consent_region=US-TX").await?;
    visit.browser.wait_for(NOTICE).await?;
    settle().await;
    // Tab from the top of the page through every link of it, which ends at the notice's OK.
    let (mut seen, mut covered) = (Vec::new(), Vec::new());
    for _ in 0..40 {
        press(&visit.browser, Key::Tab).await?;
        // Give the page a frame to scroll, as it does after focus moves.
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        let place = visit
            .browser
            .js(
                "var a = document.activeElement, n = document.querySelector(arguments[0]);
                 if (!a || a === document.body) return null;
                 if (n.contains(a)) return 'notice';
                 var r = a.getBoundingClientRect(), top = n.getBoundingClientRect().top;
                 return [a.textContent.trim(), r.bottom <= top + 0.5 && r.top >= -0.5];",
                vec![NOTICE.into()],
            )
            .await?;
        if place == "notice" {
            break;
        }
        if place.is_null() {
            continue;
        }
        seen.push(place[0].clone());
        if place[1] != true {
            covered.push(place[0].clone());
        }
    }
    assert!(covered.is_empty(), "focused elements hidden under the notice: {covered:?}");
    assert!(seen.len() >= 20, "Tab went through the page: {seen:?}");
    let on_ok = "return document.querySelector(arguments[0]).contains(document.activeElement);";
    assert_eq!(visit.browser.js(on_ok, vec![NOTICE.into()]).await?, true, "Tab reached the notice, after the page");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn regime_module_that_fails_to_load_releases_nothing_and_the_banner_asks() -> Result<()> {
    let visit = crate::fixture::Visit::with(SiteOptions {
        files: vec![page_without_settings_links()?],
        config: Some(regional_config()?),
        failing: vec!["/consent/consent-regime.".into()],
        ..SiteOptions::default()
    })
    .await?;
    open_in(&visit, "US-CA").await?;
    visit.banner_running().await?;
    wait_until(|| first_layer_shown(&visit), PROMPTLY, "the banner's first layer, which asks").await?;
    let failed = visit.site.requests().iter().any(|r| r.path.starts_with("/consent/consent-regime."));
    assert!(failed, "the page asked for the regime's module, which failed");
    settle().await;
    assert_eq!(visit.tracker_requests(), Vec::<String>::new(), "nothing released without the opt-out link");
    assert_eq!(visit.browser.count(DO_NOT_SELL).await?, 0);
    let denied = "return dataLayer.filter((e) => e[0] === 'consent').every((e) => e[2].ad_storage === 'denied');";
    assert_eq!(visit.browser.js(denied, vec![]).await?, true, "Consent Mode stays denied");
    Ok(())
}
