//! IAB GPP 1.1 in the page: a site that embeds the GPP flavour of the boot loader (`consent-boot-gpp.js`) has
//! `window.__gpp` from the loader's first run, answering every command at once; calls queued on a page's stub are
//! answered; the US National and California sections say the visitor opted out of sale and sharing when their browser
//! sends Global Privacy Control (Gpc = true), and that they did not after "Accept all" without it. The strings are
//! the ones consent-core writes (its tests check those against IAB's @iabgpp/cmpapi).

use anyhow::Result;
use consent_core::gpp::choice::{usca, usnat};
use consent_core::gpp::{GppString, Mspa, UsChoice, UsDisclosures};
use consent_e2e::site::SiteOptions;
use consent_e2e::wait::{wait_until, PROMPTLY};
use serde_json::{json, Value};

use crate::fixture::Visit;
use crate::iab;

/// A page's own stub, as IAB's has it: calls queued in `__gpp.queue`, listeners answered by the stub itself and kept
/// for the CMP in `__gpp.events`; a listener added and a section asked for before the CMP is there.
const STUB_AND_EARLY_CALL: &str = "
  window.__gpp = function (command, callback, parameter) {
    var stub = window.__gpp;
    stub.queue = stub.queue || [];
    stub.events = stub.events || [];
    if (!arguments.length || command === 'queue') return stub.queue;
    if (command === 'events') return stub.events;
    if (command === 'addEventListener') {
      var id = stub.events.length + 1;
      stub.events.push({ id: id, callback: callback, parameter: parameter });
      return callback({ eventName: 'listenerRegistered', listenerId: id, data: true, pingData: {} }, true);
    }
    stub.queue.push([].slice.call(arguments));
  };
  window.early = [];
  __gpp('addEventListener', function (event, success) { early.push([event.eventName, event.data, success]); });
  __gpp('getField', function (data, success) { window.earlyField = [data, success]; }, 'usnat.Gpc');";

const FIRST_PING: &str = "__gpp('ping', function (ping) { window.firstPing = ping; });";

async fn gpp_visit(gpc: bool) -> Result<Visit> {
    let page = iab::page("consent-boot-gpp.js", STUB_AND_EARLY_CALL, FIRST_PING);
    let visit = Visit::with(SiteOptions { files: vec![("gpp.html".into(), page)], ..SiteOptions::default() }).await?;
    if gpc {
        let source = "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, \
                      configurable: true });";
        visit.browser.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": source })).await?;
    }
    visit.open("/gpp.html").await?;
    let ready = || async { Ok(gpp(&visit, "ping", Value::Null).await?["signalStatus"] == "ready") };
    wait_until(ready, PROMPTLY, "__gpp's signal to be ready").await?;
    Ok(visit)
}

/// `__gpp(command, callback, parameter)`'s answer, checked to be a success.
async fn gpp(visit: &Visit, command: &str, parameter: Value) -> Result<Value> {
    let script = "var out; __gpp(arguments[0], function (data, success) { out = success ? data : 'failed'; },
        arguments[1]); return out;";
    visit.browser.js(script, vec![command.into(), parameter]).await
}

async fn field(visit: &Visit, path: &str) -> Result<Value> {
    gpp(visit, "getField", path.into()).await
}

/// The string consent-core writes for the demo site (it sells and shares through its marketing category) and `choice`.
fn expected_string(choice: &UsChoice) -> Result<String> {
    let site = UsDisclosures { sells: true, shares: true, targeted_advertising: true, mspa: Mspa::NotCovered };
    let gpp = GppString { tcf_eu: None, usnat: Some(usnat(&site, choice)), usca: Some(usca(&site, choice)) };
    Ok(gpp.encode()?)
}

#[tokio::test(flavor = "multi_thread")]
async fn under_gpc_the_us_sections_say_opted_out_of_sale_and_sharing() -> Result<()> {
    let visit = gpp_visit(true).await?;
    let first = visit.browser.js("return window.firstPing;", vec![]).await?;
    assert_eq!((&first["gppVersion"], &first["cmpStatus"]), (&json!("1.1"), &json!("stub")), "at once: {first}");
    let early = visit.browser.js("return window.early;", vec![]).await?;
    assert_eq!(early[0], json!(["listenerRegistered", true, true]), "the stub's answer: {early}");
    let hears = |event: Value| early.as_array().is_some_and(|e| e.contains(&event));
    assert!(hears(json!(["signalStatus", "ready", true])), "the stub's listener is the CMP's now: {early}");
    let early_field = visit.browser.js("return window.earlyField;", vec![]).await?;
    assert_eq!(early_field, json!([null, true]), "a queued call is answered (null: not loaded then)");
    for path in [
        "usnat.SaleOptOut",
        "usnat.SharingOptOut",
        "usnat.TargetedAdvertisingOptOut",
        "usca.SaleOptOut",
        "usca.SharingOptOut",
    ] {
        assert_eq!(field(&visit, path).await?, 1, "{path}: 1 is opted out");
    }
    assert_eq!((field(&visit, "usnat.Gpc").await?, field(&visit, "usca.Gpc").await?), (json!(true), json!(true)));
    let ping = gpp(&visit, "ping", Value::Null).await?;
    assert_eq!(ping["sectionList"], json!([7, 8]), "{ping}");
    assert_eq!(ping["supportedAPIs"], json!(["7:usnat", "8:usca"]), "{ping}");
    let gpc = UsChoice { gpc: true, ..UsChoice::default() };
    assert_eq!(ping["gppString"], expected_string(&gpc)?, "consent-core's string");
    assert_eq!(gpp(&visit, "hasSection", "usca".into()).await?, true);
    assert_eq!(gpp(&visit, "hasSection", "tcfeuv2".into()).await?, false, "the TC string stays its own");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn accept_all_without_gpc_says_not_opted_out_and_listeners_hear_of_it() -> Result<()> {
    let visit = gpp_visit(false).await?;
    assert_eq!(field(&visit, "usnat.SaleOptOut").await?, 1, "before any choice nothing is sold: opted out");
    visit.browser.js("window.heard = []; __gpp('addEventListener', (e) => heard.push(e.eventName));", vec![]).await?;
    visit.browser.click("[data-consent-action='accept-all']").await?;
    let accepted = || async { Ok(field(&visit, "usnat.SaleOptOut").await? == 2) };
    wait_until(accepted, PROMPTLY, "SaleOptOut to say 'did not opt out'").await?;
    for path in ["usnat.SharingOptOut", "usnat.TargetedAdvertisingOptOut", "usca.SaleOptOut", "usca.SharingOptOut"] {
        assert_eq!(field(&visit, path).await?, 2, "{path}: 2 is did not opt out");
    }
    assert_eq!(field(&visit, "usnat.Gpc").await?, false);
    let expected = expected_string(&UsChoice::default())?;
    assert_eq!(gpp(&visit, "ping", Value::Null).await?["gppString"], expected, "consent-core's string");
    let heard = visit.browser.js("return window.heard;", vec![]).await?;
    assert!(heard.as_array().is_some_and(|h| h.contains(&json!("sectionChange"))), "{heard}");
    let cookie = visit.browser.js("return document.cookie.match(/(?:^|; )__gpp=([^;]*)/)?.[1];", vec![]).await?;
    assert_eq!(cookie, expected, "kept in the __gpp cookie");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_flavour_with_both_apis_answers_on_both() -> Result<()> {
    let page = iab::page("consent-boot-tcf-gpp.js", "", "");
    let visit = Visit::with(iab::tcf_site(vec![("both.html".into(), page)])?).await?;
    visit.open("/both.html").await?;
    let ready = || async {
        let tcf = visit.browser.js("var p; __tcfapi('ping', 2, (r) => { p = r; }); return p.cmpStatus;", vec![]);
        Ok(tcf.await? == "loaded" && gpp(&visit, "ping", Value::Null).await?["signalStatus"] == "ready")
    };
    wait_until(ready, PROMPTLY, "__tcfapi loaded and __gpp ready").await?;
    let listener = "var out; __tcfapi('addEventListener', 2, (d, ok) => { out = [d.cmpId, d.eventStatus, ok]; });
        return out;";
    assert_eq!(visit.browser.js(listener, vec![]).await?, json!([iab::CMP_ID, "cmpuishown", true]));
    assert_eq!(gpp(&visit, "ping", Value::Null).await?["cmpId"], iab::CMP_ID, "the TCF site's CMP id");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cross_origin_iframe_reads_a_field_through_postmessage() -> Result<()> {
    let visit = gpp_visit(true).await?;
    let call = json!({"command": "getField", "parameter": "usnat.SaleOptOut", "version": "1.1"});
    let saw = iab::asked_from_a_cross_origin_frame(&visit, "__gpp", call).await?;
    assert_eq!(saw, json!({"returnValue": 1, "success": true, "callId": "ad-1"}), "opted out, under GPC");
    Ok(())
}
