//! IAB TCF 2.3 in the page: a site that embeds the TCF flavour of the boot loader (`consent-boot-tcf.js`) has
//! `window.__tcfapi` from the loader's first run, before the banner's WebAssembly (which a first visit answering on
//! the painted first layer never downloads); calls a page queued on a stub before it are answered; "Accept all" and
//! "Reject all" on the painted layer write the `euconsent-v2` cookie that IAB's own decoder reads as exactly the answer, dated to the day
//! of the choice; listeners see `cmpuishown` then `useractioncomplete`, and a returning visitor `tcloaded`; a
//! cross-origin iframe gets TCData through the `__tcfapiLocator` frame and postMessage. Google's Additional Consent
//! string goes with the TC string (TCData's `addtlConsent`, the `addtl_consent` cookie). Pages with the plain loader
//! have neither API. A visitor the endpoint places under an opt-out regime (a real `?region=`) is told GDPR does not
//! apply; one under opt-in that it does.

use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::Result;
use consent_core::tcf::TcfChoice;
use consent_e2e::wait::{settle, wait_for, wait_until, PROMPTLY};
use serde_json::{json, Value};

use crate::fixture::Visit;
use crate::iab::{self, AC_ACCEPT_ALL, AC_REJECT_ALL, CMP_ID, CMP_VERSION};

/// A page's own stub, as IAB's sample has it (calls queued in `__tcfapi.a`, the queue returned when called with no
/// argument), and a listener added through it before the CMP's script is there.
const STUB_AND_EARLY_CALL: &str = "
  window.__tcfapi = function () {
    var queue = (window.__tcfapi.a = window.__tcfapi.a || []);
    if (!arguments.length) return queue;
    queue.push([].slice.call(arguments));
  };
  window.early = [];
  __tcfapi('addEventListener', 2, function (tcData, success) { early.push([tcData.eventStatus, success]); });";

/// After the loader: the first ping (at once, from the first run) and every event a listener sees.
const PING_AND_LISTENER: &str = "
  __tcfapi('ping', 2, function (ping) { window.firstPing = ping; });
  window.events = [];
  __tcfapi('addEventListener', 2, function (tcData, success) {
    if (success) events.push(tcData.eventStatus);
    window.lastTcData = tcData;
  });";

async fn tcf_visit() -> Result<Visit> {
    let page = iab::page("consent-boot-tcf.js", STUB_AND_EARLY_CALL, PING_AND_LISTENER);
    Visit::with(iab::tcf_site(vec![("tcf.html".into(), page)])?).await
}

/// `__tcfapi('ping')` now.
async fn ping(visit: &Visit) -> Result<Value> {
    let script = "var out; __tcfapi('ping', 2, function (p) { out = p; }); return out;";
    visit.browser.js(script, vec![]).await
}

/// Midnight UTC of today, in milliseconds: what Created and LastUpdated hold for a choice made today.
fn today_ms() -> Result<i64> {
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
    Ok(i64::try_from(now / 86_400 * 86_400 * 1000)?)
}

/// Opens the TCF page as a first visitor, answers `action` on the painted first layer and returns what IAB's decoder
/// reads in the cookie, after checking what the API said along the way.
async fn answer_on_the_first_layer(action: &str) -> Result<(Visit, Value)> {
    let visit = tcf_visit().await?;
    visit.open("/tcf.html").await?;
    let first = visit.browser.js("return window.firstPing;", vec![]).await?;
    assert_eq!(first["apiVersion"], "2.3", "ping answers at once, from the loader's first run: {first}");
    assert_eq!(first["cmpLoaded"], false, "the config is not in yet at the first run: {first}");

    let loaded = || async { Ok(ping(&visit).await?["cmpStatus"] == "loaded") };
    wait_until(loaded, PROMPTLY, "__tcfapi to be loaded").await?;
    visit.browser.wait_for("consent-banner[data-consent-early]").await?;
    let now = ping(&visit).await?;
    assert_eq!(
        (&now["cmpId"], &now["cmpVersion"], &now["gdprApplies"], &now["gvlVersion"], &now["tcfPolicyVersion"]),
        (&json!(CMP_ID), &json!(CMP_VERSION), &json!(true), &json!(142), &json!(5)),
        "{now}"
    );
    assert_eq!(now["displayStatus"], "visible", "{now}");
    let wasm = "return performance.getEntriesByType('resource').some((e) => /consent-banner_bg/.test(e.name));";
    assert_eq!(visit.browser.js(wasm, vec![]).await?, false, "answered without the banner's WebAssembly");
    let early = visit.browser.js("return window.early;", vec![]).await?;
    assert_eq!(early, json!([["cmpuishown", true]]), "the call queued on the page's stub is answered");
    let shown = visit.browser.js("return window.lastTcData;", vec![]).await?;
    assert_eq!((&shown["eventStatus"], &shown["tcString"]), (&json!("cmpuishown"), &json!("")), "no string yet");
    assert_eq!(shown.get("addtlConsent"), None, "no AC string before a choice: {shown}");
    assert_eq!((&shown["isServiceSpecific"], &shown["purpose"]["consents"]["1"]), (&json!(true), &json!(false)));

    let before = today_ms()?;
    visit.browser.click(&format!("[data-consent-action='{action}']")).await?;
    iab::load_official_tcf(&visit).await?;
    let decoded = wait_for(
        || async { Ok(Some(iab::decoded_tc_cookie(&visit).await?).filter(|d| !d.is_null())) },
        PROMPTLY,
        "the euconsent-v2 cookie",
    )
    .await?;
    let day = [json!(before), json!(today_ms()?)];
    assert!(day.contains(&decoded["created"]), "Created is the day of the choice: {decoded}");
    assert_eq!(decoded["lastUpdated"], decoded["created"], "LastUpdated = Created (TCF 2.2+)");
    assert_eq!((&decoded["cmpId"], &decoded["vendorListVersion"]), (&json!(CMP_ID), &json!(142)));
    let events = || async { visit.browser.js("return window.events;", vec![]).await };
    let expected = json!(["cmpuishown", "useractioncomplete"]);
    wait_until(|| async { Ok(events().await? == expected) }, PROMPTLY, "cmpuishown, then useractioncomplete").await?;
    Ok((visit, decoded))
}

#[tokio::test(flavor = "multi_thread")]
async fn accept_all_writes_a_tc_string_that_iabs_decoder_reads_as_everything_asked() -> Result<()> {
    let (visit, decoded) = answer_on_the_first_layer("accept-all").await?;
    let disclosure = iab::disclosure()?.terms();
    assert_eq!(iab::decoded_sets(&decoded), iab::expected_sets(&disclosure, &TcfChoice::accept_all(&disclosure)));
    let tc_data = visit.browser.js("return window.lastTcData;", vec![]).await?;
    assert_eq!(tc_data["purpose"]["consents"]["1"], true, "TCData as the page's ad tech reads it: {tc_data}");
    assert_eq!(tc_data["vendor"]["consents"]["755"], true, "{tc_data}");
    assert_eq!(tc_data["addtlConsent"], AC_ACCEPT_ALL, "Google's providers consented to, as Google reads it");
    assert_eq!(ac_cookie(&visit).await?, AC_ACCEPT_ALL, "kept beside euconsent-v2");
    // The record keeps the very string the cookie holds, dated to the choice.
    let row = visit.recorded().await?;
    assert_eq!(row.tc_string.as_deref(), tc_data["tcString"].as_str(), "the record's TC string");
    assert_eq!(row.ac_string.as_deref(), Some(AC_ACCEPT_ALL), "and its AC string, from the painted layer's answer");

    // A returning visitor: nothing asked, the stored TC string loaded.
    visit.open("/tcf.html").await?;
    let events = || async { visit.browser.js("return window.events;", vec![]).await };
    wait_until(|| async { Ok(events().await? == json!(["tcloaded"])) }, PROMPTLY, "tcloaded").await?;
    settle().await;
    assert_eq!(events().await?, json!(["tcloaded"]), "tcloaded alone: the UI is not shown");
    let tc_data = visit.browser.js("return window.lastTcData;", vec![]).await?;
    assert_eq!(tc_data["addtlConsent"], AC_ACCEPT_ALL, "read back from the cookie on the next page");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn reject_all_writes_a_tc_string_with_no_consent_and_every_objection() -> Result<()> {
    let (visit, decoded) = answer_on_the_first_layer("reject-all").await?;
    let disclosure = iab::disclosure()?.terms();
    let rejected = TcfChoice::reject_all(&disclosure);
    assert_eq!(iab::decoded_sets(&decoded), iab::expected_sets(&disclosure, &rejected));
    assert_eq!(decoded["purposeConsents"], json!([]), "no consent at all");
    let tc_data = visit.browser.js("return window.lastTcData;", vec![]).await?;
    assert_eq!(tc_data["eventStatus"], "useractioncomplete");
    assert_eq!(tc_data["purpose"]["consents"]["1"], false, "{tc_data}");
    assert_eq!(tc_data["addtlConsent"], AC_REJECT_ALL, "every provider disclosed, none consented to");
    assert_eq!(ac_cookie(&visit).await?, AC_REJECT_ALL);
    Ok(())
}

/// The `addtl_consent` cookie's value, or null.
async fn ac_cookie(visit: &Visit) -> Result<Value> {
    let script = "var m = document.cookie.match(/(?:^|;\\s*)addtl_consent=([^;]*)/); return m && m[1];";
    visit.browser.js(script, vec![]).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_choice_saved_in_the_preferences_replaces_both_strings() -> Result<()> {
    let (visit, _) = answer_on_the_first_layer("accept-all").await?;
    let painted = visit.browser.js("return window.lastTcData.tcString;", vec![]).await?;
    visit.browser.js("window.events = [];", vec![]).await?;
    visit.browser.js("consentBanner.showPreferences();", vec![]).await?;
    visit.browser.wait_for("[data-consent-preferences] input[data-consent-category='marketing']").await?;
    visit.browser.click("input[data-consent-category='marketing']").await?;
    visit.browser.click("[data-consent-preferences] [data-consent-action='save']").await?;
    let events = || async { visit.browser.js("return window.events;", vec![]).await };
    // The preferences are UI shown (cmpuishown), then the visitor's choice completes.
    let expected = json!(["cmpuishown", "useractioncomplete"]);
    wait_until(|| async { Ok(events().await? == expected) }, PROMPTLY, "cmpuishown, then useractioncomplete").await?;
    let tc_data = visit.browser.js("return window.lastTcData;", vec![]).await?;
    assert!(
        tc_data["tcString"].as_str().is_some_and(|tc| !tc.is_empty()) && tc_data["tcString"] != painted,
        "{tc_data}"
    );
    // The TCF switches started from the visitor's Accept all and were left alone.
    assert_eq!(tc_data["vendor"]["consents"]["755"], true, "{tc_data}");
    // So did the switches of Google's providers (all on after Accept all): the saved AC string keeps them consented.
    assert_eq!(tc_data["addtlConsent"], AC_ACCEPT_ALL, "{tc_data}");
    assert_eq!(ac_cookie(&visit).await?, AC_ACCEPT_ALL);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cross_origin_iframe_gets_tcdata_through_postmessage() -> Result<()> {
    let (visit, _) = answer_on_the_first_layer("accept-all").await?;
    let call = json!({"command": "addEventListener", "version": 2});
    let saw = iab::asked_from_a_cross_origin_frame(&visit, "__tcfapi", call).await?;
    assert_eq!(saw["success"], true, "{saw}");
    let tc_data = &saw["returnValue"];
    assert_eq!(tc_data["cmpId"], CMP_ID, "{saw}");
    assert_eq!(tc_data["gdprApplies"], true, "{saw}");
    assert_eq!(tc_data["eventStatus"], "useractioncomplete", "{saw}");
    let cookie = visit.browser.js("return document.cookie.match(/euconsent-v2=([^;]*)/)[1];", vec![]).await?;
    assert_eq!(tc_data["tcString"], cookie, "the frame gets the visitor's TC string");
    assert_eq!(tc_data["vendor"]["consents"]["1"], true, "{saw}");
    assert_eq!(tc_data["addtlConsent"], AC_ACCEPT_ALL, "and the AC string beside it: {saw}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn pages_with_the_plain_boot_loader_have_no_iab_api() -> Result<()> {
    let visit = tcf_visit().await?;
    visit.open("/").await?;
    wait_until(|| async { Ok(visit.browser.count("consent-banner").await? > 0) }, PROMPTLY, "the banner").await?;
    let apis = "return [typeof window.__tcfapi, typeof window.__gpp, !!window.frames.__tcfapiLocator,
        !!window.frames.__gppLocator];";
    assert_eq!(visit.browser.js(apis, vec![]).await?, json!(["undefined", "undefined", false, false]));
    Ok(())
}

/// The TCF site with regional rules (California opt-out, the rest opt-in), its page opened in `region` as the
/// endpoint decides it (`?consent_region=`, answered through the first layer's `?region=`), once `__tcfapi` is loaded.
async fn tcf_visit_in(region: &str) -> Result<Visit> {
    let page = iab::page("consent-boot-tcf.js", "", PING_AND_LISTENER);
    let mut options = iab::tcf_site(vec![("tcf.html".into(), page)])?;
    let mut config: Value = serde_json::from_str(&iab::tcf_config()?)?;
    config["regions"] = json!({"default": "opt_in", "rules": [{"regions": ["US-CA"], "regime": "opt_out"}]});
    options.config = Some(config.to_string());
    let visit = Visit::with(options).await?;
    visit.open(&format!("/tcf.html?consent_region={region}")).await?;
    let loaded = || async { Ok(ping(&visit).await?["cmpStatus"] == "loaded") };
    wait_until(loaded, PROMPTLY, "__tcfapi to be loaded").await?;
    Ok(visit)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_visitor_the_endpoint_places_under_an_opt_out_regime_gets_gdpr_applies_false() -> Result<()> {
    let visit = tcf_visit_in("US-CA").await?;
    assert_eq!(ping(&visit).await?["gdprApplies"], false);
    let tc_data = visit.browser.js("return window.lastTcData;", vec![]).await?;
    assert_eq!(tc_data["gdprApplies"], false, "{tc_data}");
    assert!(tc_data.get("tcString").is_none() && tc_data.get("purpose").is_none(), "no TC data: {tc_data}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_visitor_the_endpoint_places_under_an_opt_in_regime_gets_gdpr_applies_true() -> Result<()> {
    let visit = tcf_visit_in("DE").await?;
    assert_eq!(ping(&visit).await?["gdprApplies"], true);
    let tc_data = visit.browser.js("return window.lastTcData;", vec![]).await?;
    assert_eq!((&tc_data["gdprApplies"], &tc_data["tcString"]), (&json!(true), &json!("")), "{tc_data}");
    Ok(())
}
