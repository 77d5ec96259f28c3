//! The console's live preview: the real banner running the draft in a frame of the editor, updated as the product
//! team types, in which nothing is consent: no record reaches the log and nothing is kept in the browser, whatever is
//! clicked. Screenshots for review go to `screenshots/console-preview-*.png`.

use anyhow::{ensure, Context, Result};
use consent_e2e::site::{workspace, SiteOptions};
use consent_e2e::wait::{settle, wait_for, wait_until, PROMPTLY};
use consent_server::store::pages::Range;
use serde_json::{json, Value};

use crate::axe::{color_scheme, violations};
use crate::fixture::Visit;
use crate::product_console::{fill, no_axe_violations, press, sign_in_and_open_demo_shop, wait_for_text};

/// The helpers [`in_preview`] puts in scope: `frame`, the preview's window, and `root`, the shadow root of the banner
/// running in it (each null until it is there).
const PREVIEW: &str = "var iframe = document.querySelector('.preview iframe');
var frame = iframe && iframe.contentWindow;
var page = iframe && iframe.contentDocument;
var host = page && page.querySelector('consent-banner');
var root = host && host.shadowRoot;";

/// Runs `script` (a function body) in the console page with [`PREVIEW`]'s helpers in scope.
pub(crate) async fn in_preview(visit: &Visit, script: &str) -> Result<Value> {
    visit.browser.js(&format!("{PREVIEW}\nreturn (function () {{\n{script}\n}})();"), vec![]).await
}

/// The title of the first layer the preview shows (empty while it shows none).
async fn preview_title(visit: &Visit) -> Result<String> {
    let title = in_preview(
        visit,
        "var t = root && root.querySelector('[data-consent-banner]:not([hidden]) #cb-title');
         return t ? t.textContent : '';",
    )
    .await?;
    Ok(title.as_str().unwrap_or_default().to_owned())
}

/// Waits until the preview's first layer is titled `wanted`.
async fn wait_for_title(visit: &Visit, wanted: &str) -> Result<()> {
    let shown = || async { Ok(preview_title(visit).await? == wanted) };
    if let Err(e) = wait_until(shown, PROMPTLY, &format!("the preview's first layer titled \"{wanted}\"")).await {
        return Err(e.context(format!("the preview's title is \"{}\"", preview_title(visit).await?)));
    }
    Ok(())
}

/// Waits until `selector` matches a shown element of the preview's banner.
pub(crate) async fn wait_in_preview(visit: &Visit, selector: &str) -> Result<()> {
    let script =
        format!("var e = root && root.querySelector({}); return !!e && !e.closest('[hidden]');", Value::from(selector));
    wait_until(|| async { Ok(in_preview(visit, &script).await? == json!(true)) }, PROMPTLY, selector).await
}

/// Signs in and opens the demo shop's editor; returns the live config as the editor shows it.
async fn open_demo_shop(visit: &Visit) -> Result<String> {
    visit.open("/admin/").await?;
    sign_in_and_open_demo_shop(visit).await?;
    wait_for_text(visit, "No problems: the config passes every check.").await?;
    let live = visit.browser.js("return document.querySelector('#config-text').value;", vec![]).await?;
    Ok(live.as_str().context("the editor holds the config")?.to_owned())
}

/// `config` with its first layer titled `title` (`texts.title`).
fn titled(config: &str, title: &str) -> Result<String> {
    let mut value: Value = serde_json::from_str(config)?;
    value["texts"] = json!({ "title": title });
    Ok(serde_json::to_string_pretty(&value)?)
}

/// The cookies and localStorage keys of the banner (`consent_banner…`) the console's origin holds now, with values.
async fn kept_by_banner(visit: &Visit) -> Result<Value> {
    visit
        .browser
        .js(
            "var kept = {};
             document.cookie.split('; ').forEach(function (c) {
                 var i = c.indexOf('='); if (c.slice(0, i).indexOf('consent_banner') === 0) kept['cookie ' + c.slice(0, i)] = c.slice(i + 1); });
             Object.keys(localStorage).forEach(function (k) {
                 if (k.indexOf('consent_banner') === 0) kept['localStorage ' + k] = localStorage.getItem(k); });
             return kept;",
            vec![],
        )
        .await
}

/// Every record of the demo shop in the consent log, and every consent the browser sent the endpoint.
async fn consents_logged_and_sent(visit: &Visit) -> Result<(usize, usize)> {
    let logged = visit.site.store().page(&Range::all("demo-shop"), i64::MIN).await?.len();
    let sent = visit.site.requests().iter().filter(|r| r.path == "/v1/consents").count();
    Ok((logged, sent))
}

/// Clicks `selector` in the preview's banner, as a visitor would (WebDriver, inside the frame).
async fn click_in_preview(visit: &Visit, selector: &str) -> Result<()> {
    visit.browser.client.enter_frame(0).await.context("entering the preview's frame")?;
    let clicked = visit.browser.click(selector).await;
    visit.browser.client.enter_parent_frame().await?;
    clicked
}

/// Fails with every axe violation of the banner running in the preview.
async fn no_axe_violations_in_preview(visit: &Visit) -> Result<()> {
    visit.browser.client.enter_frame(0).await?;
    let found = violations(&visit.browser).await;
    visit.browser.client.enter_parent_frame().await?;
    let found = found?;
    ensure!(found.is_empty(), "axe on the banner in the preview:\n{}", found.join("\n"));
    Ok(())
}

/// Saves the preview (its controls and its frame) as the console shows it, as `screenshots/console-preview-{name}.png`.
async fn save_screenshot(visit: &Visit, name: &str) -> Result<()> {
    let script = "document.activeElement.blur(); document.querySelector('.preview-controls').scrollIntoView();
                  window.scrollBy(0, -12);";
    visit.browser.js(script, vec![]).await?;
    let path = workspace().join("screenshots").join(format!("console-preview-{name}.png"));
    std::fs::write(&path, visit.browser.screenshot().await?).with_context(|| format!("writing {}", path.display()))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_preview_runs_the_draft_as_typed_and_nothing_done_in_it_is_consent() -> Result<()> {
    let visit = Visit::with(SiteOptions { console: true, ..SiteOptions::default() }).await?;
    let live = open_demo_shop(&visit).await?;

    // The live config's first layer, in the real banner (the demo config sets no title: the banner's own).
    wait_for_title(&visit, "We value your privacy").await?;

    // Edited: the preview follows once typing pauses.
    fill(&visit, "#config-text", &titled(&live, "Cookies at Demo Shop")?).await?;
    wait_for_title(&visit, "Cookies at Demo Shop").await?;
    // The preview shows the draft again without taking the focus from the editor being typed in.
    settle().await;
    let focused = visit.browser.js("return document.activeElement && document.activeElement.id;", vec![]).await?;
    ensure!(focused == json!("config-text"), "the preview took the focus from the editor: {focused}");

    // A draft with a problem is not run: the last good one stays, and the preview says so.
    let broken = titled(&live, "Not checked yet")?.replacen("\"Strictly necessary\"", "\"\"", 1);
    fill(&visit, "#config-text", &broken).await?;
    wait_for_text(&visit, "the preview shows the last draft that passed the checks").await?;
    settle().await;
    ensure!(preview_title(&visit).await? == "Cookies at Demo Shop", "the last good draft stays in the preview");

    // Markup in the config is shown as text, never run.
    let markup = "<img src=x onerror=\"parent.previewRan = 1; previewRan = 1\"> Cookies";
    fill(&visit, "#config-text", &titled(&live, markup)?).await?;
    wait_for_title(&visit, markup).await?;
    let ran =
        in_preview(&visit, "return [!!root.querySelector('img'), 'previewRan' in frame, 'previewRan' in window];")
            .await?;
    ensure!(ran == json!([false, false, false]), "markup from the config became elements or ran: {ran}");

    // The preferences and the policy view open in the preview from the console.
    fill(&visit, "#config-text", &titled(&live, "Cookies at Demo Shop")?).await?;
    wait_for_title(&visit, "Cookies at Demo Shop").await?;
    press(&visit, "Preferences").await?;
    wait_in_preview(&visit, "[data-consent-preferences]").await?;
    save_screenshot(&visit, "preferences").await?;
    press(&visit, "Policy").await?;
    wait_in_preview(&visit, "[data-consent-policy]").await?;
    press(&visit, "First layer").await?;
    wait_for_title(&visit, "Cookies at Demo Shop").await?;

    // A draft whose policy the banner does not show itself links to policy_url: the console says so.
    let mut linked: Value = serde_json::from_str(&titled(&live, "Linked policy")?)?;
    linked.as_object_mut().context("the config is an object")?.remove("policy");
    fill(&visit, "#config-text", &serde_json::to_string_pretty(&linked)?).await?;
    wait_for_title(&visit, "Linked policy").await?;
    press(&visit, "Policy").await?;
    wait_for_text(&visit, "This draft has no policy the banner shows itself").await?;
    fill(&visit, "#config-text", &titled(&live, "Cookies at Demo Shop")?).await?;
    wait_for_title(&visit, "Cookies at Demo Shop").await?;
    no_axe_violations(&visit, "editor with the preview").await?;
    no_axe_violations_in_preview(&visit).await?;
    save_screenshot(&visit, "light").await?;

    // Dark, at a phone's width: the draft runs with its theme's mode set to dark, in a 375 px viewport.
    color_scheme(&visit.browser, "dark").await?;
    press(&visit, "Dark").await?;
    press(&visit, "Phone (375 px)").await?;
    wait_until(
        || async { Ok(in_preview(&visit, "return host && host.getAttribute('data-mode');").await? == json!("dark")) },
        PROMPTLY,
        "the preview's banner in its dark scheme",
    )
    .await?;
    wait_for_title(&visit, "Cookies at Demo Shop").await?;
    let width = in_preview(&visit, "return frame.innerWidth;").await?;
    ensure!(width == json!(375), "the phone preview is 375 px wide: {width}");
    no_axe_violations(&visit, "editor with the dark preview").await?;
    no_axe_violations_in_preview(&visit).await?;
    save_screenshot(&visit, "dark").await?;

    // Accept all, clicked in the preview as a visitor would: nothing is sent, logged or kept, not even when the
    // preview's page goes (a beacon would flush a queue then).
    click_in_preview(&visit, "[data-consent-action='accept-all']").await?;
    wait_until(|| async { Ok(preview_title(&visit).await?.is_empty()) }, PROMPTLY, "the first layer to go").await?;
    visit.open("/admin/").await?;
    wait_for_text(&visit, "demo-shop").await?;
    settle().await;
    ensure!(consents_logged_and_sent(&visit).await? == (0, 0), "the preview's choice was sent or logged");
    let kept = kept_by_banner(&visit).await?;
    ensure!(kept == json!({}), "the preview kept the choice in the browser: {kept}");
    Ok(())
}

/// A TCF site's draft is previewed with the TCF flavour of the boot loader, which loads the banner built with TCF: its
/// preferences show the vendor layer's switches (the plain banner would say the vendors could not be loaded).
#[tokio::test(flavor = "multi_thread")]
async fn a_tcf_drafts_preferences_show_its_vendor_layer_in_the_preview() -> Result<()> {
    let site = crate::iab::tcf_site(Vec::new())?;
    let visit = Visit::with(SiteOptions { console: true, ..site }).await?;
    open_demo_shop(&visit).await?;
    wait_for_title(&visit, "We value your privacy").await?;
    press(&visit, "Preferences").await?;
    wait_in_preview(&visit, "[data-consent-preferences] input[data-tcf='purpose-1']").await?;
    let unavailable = in_preview(&visit, "return !!root.querySelector('[data-tcf-unavailable]');").await?;
    ensure!(unavailable == json!(false), "the preview's preferences say the vendor list could not be loaded");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_choice_made_on_the_site_is_neither_applied_nor_touched_by_the_preview() -> Result<()> {
    let visit = Visit::with(SiteOptions { console: true, ..SiteOptions::default() }).await?;
    // A visitor's choice on the site itself, on the console's origin: stored and logged as always.
    visit.open("/").await?;
    visit.browser.click("[data-consent-action='accept-all']").await?;
    let logged = || async { Ok((consents_logged_and_sent(&visit).await?.0 == 1).then_some(())) };
    wait_for(logged, PROMPTLY, "the site's choice to be logged").await?;
    // The page learns of the endpoint's answer a moment after the endpoint stored it: its queued record becomes a
    // receipt then. Compared before that, the page's own sync would pass for the preview's doing.
    let synced = || async {
        let kept = kept_by_banner(&visit).await?;
        Ok(kept.get("localStorage consent_banner_receipt").is_some().then_some(kept))
    };
    let kept_before = wait_for(synced, PROMPTLY, "the site's choice to be acknowledged in the page").await?;
    ensure!(kept_before.get("cookie consent_banner").is_some(), "the site stored its choice: {kept_before}");

    // The preview asks as on a first visit, and its answer replaces nothing.
    open_demo_shop(&visit).await?;
    wait_for_title(&visit, "We value your privacy").await?;
    let consent = in_preview(&visit, "return frame.consentBanner.getConsent();").await?;
    ensure!(consent.is_null(), "the preview applied the site's choice: {consent}");
    // At a phone's width the frame is drawn at its own size: WebDriver does not click into a scaled frame.
    press(&visit, "Phone (375 px)").await?;
    click_in_preview(&visit, "[data-consent-action='reject-all']").await?;
    wait_until(|| async { Ok(preview_title(&visit).await?.is_empty()) }, PROMPTLY, "the first layer to go").await?;
    visit.open("/admin/").await?;
    wait_for_text(&visit, "demo-shop").await?;
    settle().await;
    ensure!(consents_logged_and_sent(&visit).await? == (1, 1), "only the site's own choice is logged");
    let kept_after = kept_by_banner(&visit).await?;
    ensure!(kept_after == kept_before, "the preview changed the site's stored choice:\n{kept_before}\n{kept_after}");
    Ok(())
}
