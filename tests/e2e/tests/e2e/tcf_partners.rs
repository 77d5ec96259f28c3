//! A TCF site's first layer offers a direct way to the vendor list, as IAB's policies ask: "7 partners" in its first
//! sentence opens the preferences with the vendor list open, in view and focused, from the painted layer (the click
//! is kept until the banner arrives) and from the banner's own, by mouse or keyboard; it fits a 375 px phone and axe
//! finds nothing.

use std::time::Duration;

use anyhow::{Context, Result};
use consent_e2e::site::bundle_file;
use consent_e2e::wait::{settle, wait_until, PROMPTLY};
use fantoccini::key::Key;
use serde_json::{json, Value};

use crate::accessibility::at_viewport;
use crate::fixture::Visit;
use crate::iab;
use crate::keyboard::{focused, press, tab_to};

const PARTNERS: &str = "[data-consent-banner] [data-consent-action='partners']";

fn tcf_site() -> Result<consent_e2e::site::SiteOptions> {
    iab::tcf_site(vec![("tcf.html".into(), iab::page("consent-boot-tcf.js", "", ""))])
}

/// Whether the painted layer (not yet the banner's) is what the page shows.
async fn painted(visit: &Visit) -> Result<bool> {
    let script =
        "return !!root.host && root.host.hasAttribute('data-consent-early') && !!root.querySelector(arguments[0]);";
    Ok(visit.browser.in_banner(script, vec![PARTNERS.into()]).await? == true)
}

/// What the visitor finds once the preferences are open: whether the vendor list is open, whether its summary has
/// focus, and whether that summary is within the dialog's visible part.
async fn at_vendor_list(visit: &Visit) -> Result<Value> {
    visit.browser.wait_for("[data-consent-preferences] [data-tcf-vendors]").await?;
    settle().await;
    let script = "var d = root.querySelector('[data-consent-preferences]'), v = d.querySelector('[data-tcf-vendors]');
        var s = v.querySelector('summary').getBoundingClientRect(), body = d.querySelector('.cb-dialog-body');
        var b = body.getBoundingClientRect();
        return { open: v.open, focused: active() === v.querySelector('summary'),
                 in_view: s.top >= b.top && s.bottom <= b.bottom && s.bottom <= innerHeight };";
    visit.browser.in_banner(script, vec![]).await
}

/// The vendor list open, its summary focused and in view.
fn at_vendors() -> Value {
    json!({"open": true, "focused": true, "in_view": true})
}

#[tokio::test(flavor = "multi_thread")]
async fn tcf_partners_on_the_painted_layer_opens_the_vendor_list_when_the_banner_arrives() -> Result<()> {
    // The banner's WebAssembly answered only after a few seconds, as on a phone's network.
    let wasm = bundle_file("consent-banner-tcf_bg", "wasm").context("the banner is not built")?;
    let name = wasm.file_name().and_then(|n| n.to_str()).context("the WASM's name")?.to_owned();
    let mut options = tcf_site()?;
    options.delays = vec![(format!("/consent/{name}"), Duration::from_secs(4))];
    let visit = Visit::with(options).await?;
    visit.open("/tcf.html").await?;
    wait_until(|| painted(&visit), PROMPTLY, "the painted first layer with Partners").await?;
    let label = visit.browser.in_banner("return root.querySelector(arguments[0]).textContent;", vec![PARTNERS.into()]);
    assert_eq!(label.await?, "7 partners", "named with the number of vendors");

    visit.browser.click(PARTNERS).await?;
    let busy = visit.browser.in_banner("return root.querySelector(arguments[0]).ariaBusy;", vec![PARTNERS.into()]);
    assert_eq!(busy.await?, "true", "the button says it is on its way");
    assert_eq!(at_vendor_list(&visit).await?, at_vendors(), "the preferences open at the vendor list");
    assert!(visit.tracker_requests().is_empty(), "opening the vendor list releases nothing");

    // Closing the preferences is no answer: the first layer is back, focus on its own "Partners".
    press(&visit.browser, Key::Escape).await?;
    visit.browser.wait_gone("[data-consent-preferences]").await?;
    let back = || async { Ok(focused(&visit.browser).await? == "data-consent-action=partners") };
    wait_until(back, PROMPTLY, "focus back on Partners").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn tcf_partners_in_the_banner_opens_the_vendor_list_by_keyboard() -> Result<()> {
    let visit = Visit::with(tcf_site()?).await?;
    visit.open("/tcf.html").await?;
    // The banner's own first layer (the JS API's show() replaces the painted one).
    visit.browser.js("window.consentBanner.show();", vec![]).await?;
    visit.banner_running().await?;
    wait_until(|| async { Ok(!painted(&visit).await?) }, PROMPTLY, "the banner's own first layer").await?;
    tab_to(&visit.browser, PARTNERS, 12).await?;
    press(&visit.browser, Key::Enter).await?;
    assert_eq!(at_vendor_list(&visit).await?, at_vendors(), "Enter on Partners opens the vendor list");
    let problems = crate::axe::violations(&visit.browser).await?;
    assert!(problems.is_empty(), "axe, the preferences at the vendor list: {problems:?}");

    // "Customise" still opens the preferences at their top, with the vendor list closed.
    press(&visit.browser, Key::Escape).await?;
    visit.browser.wait_gone("[data-consent-preferences]").await?;
    visit.browser.click("[data-consent-banner] [data-consent-action='customise']").await?;
    visit.browser.wait_for("[data-consent-preferences] [data-tcf-vendors]").await?;
    let script = "return { open: root.querySelector('[data-tcf-vendors]').open,
                           dialog: active() === root.querySelector('[data-consent-preferences]') };";
    assert_eq!(visit.browser.in_banner(script, vec![]).await?, json!({"open": false, "dialog": true}));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn tcf_partners_fits_a_375_px_phone_and_passes_axe() -> Result<()> {
    let visit = Visit::with(tcf_site()?).await?;
    at_viewport(&visit, 375, 812, 1.0).await?;
    visit.open("/tcf.html").await?;
    wait_until(|| painted(&visit), PROMPTLY, "the painted first layer with Partners").await?;
    settle().await;
    let script = "var p = root.querySelector(arguments[0]).getBoundingClientRect();
        var s = root.querySelector('[data-consent-banner]');
        var link = root.querySelector(arguments[0]);
        return { inside: p.left >= 0 && p.right <= innerWidth && p.bottom <= innerHeight,
                 inSentence: link.parentElement.tagName === 'P'
                   && !link.parentElement.textContent.trim().endsWith(link.textContent.trim()),
                 wide: s.scrollWidth > s.clientWidth };";
    let seen = visit.browser.in_banner(script, vec![PARTNERS.into()]).await?;
    // In view without scrolling, a link within the first sentence (WCAG 2.5.8 exempts targets in a sentence from the
    // 24 px size: on a line of its own it pushed "Customise" below the fold, which tcf_first_layer checks), and no
    // sideways scrolling.
    assert_eq!(seen, json!({"inside": true, "inSentence": true, "wide": false}));
    let shots = consent_e2e::site::workspace().join("screenshots");
    std::fs::write(shots.join("tcf-partners-375.png"), visit.browser.screenshot().await?)?;
    let problems = crate::axe::violations(&visit.browser).await?;
    assert!(problems.is_empty(), "axe, the first layer with Partners: {problems:?}");

    visit.browser.click(PARTNERS).await?;
    assert_eq!(at_vendor_list(&visit).await?, at_vendors(), "at 375 px too");
    std::fs::write(shots.join("tcf-partners-375-vendors.png"), visit.browser.screenshot().await?)?;
    Ok(())
}
