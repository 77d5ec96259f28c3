//! The banner meets WCAG 2.2 AA in a real Chromium: axe-core finds nothing in the first layer or the preferences,
//! light or dark; every control is at least 24 px; it works at 320 px wide and at 200 % zoom; and the first layer
//! never hides the page's focused element.

use anyhow::Result;
use consent_e2e::wait::{wait_until, PROMPTLY};
use fantoccini::key::Key;
use serde_json::{json, Value};

use crate::axe::{color_scheme, violations};
use crate::fixture::Visit;
use crate::keyboard::{focus_is, press};

const BANNER: &str = "[data-consent-banner]";
const PREFERENCES: &str = "[data-consent-preferences]";

async fn open_every_disclosure(visit: &Visit) -> Result<()> {
    visit
        .browser
        .in_banner("root.querySelectorAll('details').forEach(function (d) { d.open = true; });", vec![])
        .await?;
    Ok(())
}

/// Fails if axe finds anything in the banner as it is now, in the light or the dark scheme.
pub async fn assert_no_violations(visit: &Visit, what: &str) -> Result<()> {
    for scheme in ["light", "dark"] {
        color_scheme(&visit.browser, scheme).await?;
        let found = violations(&visit.browser).await?;
        assert!(found.is_empty(), "axe found problems in the {what} ({scheme}):\n{}", found.join("\n"));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_no_violation_in_the_first_layer_light_or_dark() -> Result<()> {
    let visit = Visit::demo().await?;
    visit.open("/").await?;
    visit.browser.wait_for(BANNER).await?;
    assert_no_violations(&visit, "first layer").await
}

#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_no_violation_in_the_preferences_light_or_dark() -> Result<()> {
    let visit = Visit::demo().await?;
    visit.open("/").await?;
    visit.browser.click("[data-consent-action='reject-all']").await?;
    visit.browser.click("footer [data-consent-open]").await?;
    visit.browser.wait_for(PREFERENCES).await?;
    open_every_disclosure(&visit).await?;
    assert_no_violations(&visit, "preferences").await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_axe_check_catches_a_real_problem() -> Result<()> {
    // Guards the guard: a nameless button and low-contrast text put into the banner must be reported. Put into the
    // banner's own first layer, not the painted one it replaces when it runs.
    let visit = Visit::demo().await?;
    visit.open("/").await?;
    visit.browser.wait_for(BANNER).await?;
    // On a first visit the painted first layer stands in for the banner, which loads when needed: here for the JS API.
    visit.browser.js("window.consentBanner.show();", vec![]).await?;
    visit.banner_running().await?;
    visit
        .browser
        .in_banner(
            "var b = root.querySelector('[data-consent-banner]');
             b.insertAdjacentHTML('beforeend', '<button type=button></button><p style=\"color:#bbb\">faint</p>');",
            vec![],
        )
        .await?;
    let found = violations(&visit.browser).await?.join("\n");
    assert!(found.contains("button-name") && found.contains("color-contrast"), "axe missed them: {found}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn every_control_is_a_target_of_at_least_24_px() -> Result<()> {
    let visit = Visit::demo().await?;
    visit.open("/").await?;
    visit.browser.click("[data-consent-action='customise']").await?;
    visit.browser.wait_for(PREFERENCES).await?;
    open_every_disclosure(&visit).await?;
    // Links inside a sentence are exempt (WCAG 2.5.8 "inline"); every other control is measured.
    let small = visit
        .browser
        .in_banner(
            "return Array.from(root.querySelectorAll('button, input, summary'))
                 .filter(function (el) { return el.getClientRects().length > 0; })
                 .map(function (el) { var r = el.getBoundingClientRect();
                     return [el.getAttribute('data-consent-action') || el.id || el.textContent.trim(), Math.floor(r.width), Math.floor(r.height)]; })
                 .filter(function (t) { return t[1] < 24 || t[2] < 24; });",
            vec![],
        )
        .await?;
    assert_eq!(small, json!([]), "controls smaller than 24 × 24 px");
    Ok(())
}

/// What does not fit: the banner's elements that stick out of the viewport where the visitor could see them, the
/// boxes inside it that would need scrolling sideways, and whether each answer can be scrolled into view.
async fn overflow(visit: &Visit, layer: &str) -> Result<Value> {
    visit
        .browser
        .in_banner(
            "var layer = root.querySelector(arguments[0]), width = document.documentElement.clientWidth;
             function clipped(el) {
                 for (var p = el.parentElement; p && p !== layer.parentElement; p = p.parentElement) {
                     var r = p.getBoundingClientRect();
                     if (getComputedStyle(p).overflowX !== 'visible' && r.right <= width + 1 && r.left >= -1) return true;
                 }
                 return false;
             }
             var all = [layer].concat(Array.from(layer.querySelectorAll('*')));
             var wide = all.filter(function (el) {
                 var r = el.getBoundingClientRect();
                 return r.width > 0 && (r.right > width + 1 || r.left < -1) && !clipped(el);
             }).map(function (el) { return el.className || el.tagName; });
             var sideways = all.filter(function (el) {
                 var o = getComputedStyle(el).overflowX;
                 return (o === 'auto' || o === 'scroll') && el.scrollWidth > el.clientWidth + 1;
             }).map(function (el) { return el.className || el.tagName; });
             var answers = Array.from(layer.querySelectorAll('.cb-actions [data-consent-action]')).map(function (b) {
                 b.scrollIntoView({ block: 'nearest' }); var r = b.getBoundingClientRect();
                 return r.top >= 0 && r.bottom <= innerHeight + 1 && r.left >= 0 && r.right <= width + 1;
             });
             return { wide: wide.concat(sideways), answers: answers };",
            vec![layer.into()],
        )
        .await
}

/// Makes the page lay out as a `width` × `height` CSS-pixel viewport drawn at `scale` device pixels per CSS pixel.
pub async fn at_viewport(visit: &Visit, width: u32, height: u32, scale: f64) -> Result<()> {
    visit
        .browser
        .cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": scale, "mobile": false }),
        )
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn everything_fits_and_is_reachable_at_320_px_wide() -> Result<()> {
    assert_everything_fits_and_is_reachable(320, 640, 1.0).await
}

#[tokio::test(flavor = "multi_thread")]
async fn everything_fits_and_is_reachable_at_200_percent_zoom() -> Result<()> {
    // A 1280 × 900 window at 200 % zoom lays out as a 640 × 450 CSS-pixel viewport drawn at twice the size.
    assert_everything_fits_and_is_reachable(640, 450, 2.0).await
}

/// At this viewport, nothing of the first layer or of the preferences (every disclosure open) is wider than the
/// viewport, and all three answers of each are in view.
async fn assert_everything_fits_and_is_reachable(width: u32, height: u32, scale: f64) -> Result<()> {
    let visit = Visit::demo().await?;
    at_viewport(&visit, width, height, scale).await?;
    visit.open("/").await?;
    visit.browser.wait_for(BANNER).await?;
    assert_eq!(overflow(&visit, BANNER).await?, json!({"wide": [], "answers": [true, true, true]}));
    visit.browser.click("[data-consent-action='customise']").await?;
    visit.browser.wait_for(PREFERENCES).await?;
    open_every_disclosure(&visit).await?;
    assert_eq!(overflow(&visit, PREFERENCES).await?, json!({"wide": [], "answers": [true, true, true]}));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_first_layer_never_hides_the_focused_element_of_the_page() -> Result<()> {
    let visit = Visit::demo().await?;
    at_viewport(&visit, 800, 600, 1.0).await?;
    visit.open("/").await?;
    assert_the_first_layer_never_hides_the_focused_element(&visit).await
}

/// Tabs from the first layer on the open page through the page to its footer, and fails if an element that had focus
/// was under the first layer (below its top edge), or if Tab never left the first layer for the page.
pub async fn assert_the_first_layer_never_hides_the_focused_element(visit: &Visit) -> Result<()> {
    visit.browser.wait_for(BANNER).await?;
    wait_until(|| focus_is(&visit.browser, BANNER), PROMPTLY, "the first layer to take focus").await?;
    // Tab from the banner round to the page and through every link of it, the footer's last.
    let mut covered = Vec::new();
    for _ in 0..25 {
        press(&visit.browser, Key::Tab).await?;
        // Give the page a frame to scroll, as it does after focus moves.
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        let place = visit
            .browser
            .in_banner(
                "var a = active(), b = root.querySelector('[data-consent-banner]');
                 if (!a || a === document.body || b.contains(a)) return null;
                 var r = a.getBoundingClientRect(), top = b.getBoundingClientRect().top;
                 return [a.textContent.trim(), r.bottom <= top + 0.5 && r.top >= -0.5, !!a.closest('footer')];",
                vec![],
            )
            .await?;
        if place.is_null() {
            continue;
        }
        if place[1] != true {
            covered.push(place[0].clone());
        }
        if place[2] == true {
            break;
        }
    }
    assert!(covered.is_empty(), "focused elements hidden under the banner: {covered:?}");
    assert_eq!(
        visit.browser.in_banner("return active().closest('footer') !== null;", vec![]).await?,
        true,
        "Tab reached the footer"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_dialogs_are_named_by_their_titles() -> Result<()> {
    let visit = Visit::demo().await?;
    visit.open("/").await?;
    visit.browser.click("[data-consent-action='customise']").await?;
    visit.browser.wait_for(PREFERENCES).await?;
    let named = visit
        .browser
        .in_banner(
            "return Array.from(root.querySelectorAll('[role=dialog]')).map(function (d) {
                 return [d.getAttribute('aria-modal'), root.getElementById(d.getAttribute('aria-labelledby')).textContent];
             });",
            vec![],
        )
        .await?;
    assert_eq!(named, json!([["false", "We value your privacy"], ["true", "Privacy preferences"]]));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_no_violation_in_the_policy_view_light_or_dark() -> Result<()> {
    let visit = Visit::demo().await?;
    visit.open("/").await?;
    visit.browser.click("[data-consent-banner] [data-consent-action='policy']").await?;
    visit.browser.wait_for("[data-consent-policy]").await?;
    assert_no_violations(&visit, "policy view").await
}
