//! What the tests of IAB's page APIs (`tcf_api`, `gpp_api`) share: a TCF site (the demo config with a `"tcf"`
//! section, the endpoint given consent-core's fixture vendor list, so that its first layer's answer carries the TC
//! strings of "Accept all" and "Reject all"), pages embedding the flavours of the boot loader, IAB's own library
//! loaded into the page, and a cross-origin iframe asking an API through its locator frame, as an ad's script does.

use std::process::Command;
use std::sync::Arc;

use anyhow::{ensure, Context, Result};
use axum::response::Html;
use consent_core::tcf::{Disclosure, TcTerms, TcfChoice};
use consent_core::SiteConfig;
use consent_e2e::site::{fixture_vendor_list, workspace, JsonEdit, SiteOptions};
use consent_e2e::wait::{wait_for, PROMPTLY};
use serde_json::{json, Value};

use crate::fixture::Visit;

/// The site's CMP id and version, as its config states them.
pub const CMP_ID: u64 = 300;
pub const CMP_VERSION: u64 = 2;

/// The Additional Consent strings of "Accept all" and "Reject all" for the config's Google ad tech providers.
pub const AC_ACCEPT_ALL: &str = "2~89.1097~dv.";
pub const AC_REJECT_ALL: &str = "2~~dv.89.1097";

/// The demo config with TCF enabled for the fixture list's vendors (1, 2, 3, 4, 8, 10 and 755), and two of Google's
/// ad tech providers outside the list (1097 and 89, in that order) for Google's Additional Consent.
pub fn tcf_config() -> Result<String> {
    let mut config: Value = serde_json::from_str(&std::fs::read_to_string(workspace().join("demo/consent.json"))?)?;
    config["tcf"] = json!({"cmp_id": CMP_ID, "cmp_version": CMP_VERSION, "vendors": [1, 2, 3, 4, 8, 10, 755],
        "google_ad_tech_providers": [
            {"id": 1097, "name": "Later Ads", "privacy_url": "https://later-ads.example/privacy"},
            {"id": 89, "name": "Tiller", "privacy_url": "https://tiller.example/privacy"}]});
    Ok(config.to_string())
}

/// What the site discloses under TCF: its vendors over consent-core's fixture Global Vendor List (v142, policy 5).
pub fn disclosure() -> Result<Disclosure> {
    let config = SiteConfig::from_json(&tcf_config()?)?;
    let tcf = config.tcf.as_ref().context("the config's tcf section")?;
    Ok(Disclosure::new(tcf, &fixture_vendor_list()?.gvl)?)
}

/// 2026-01-15, long before any test runs: the day the answer's TC strings were rendered, as an answer cached or
/// exported long ago has them, which the page rewrites to the day of the choice.
pub const RENDERED_AT: u64 = 1_768_435_200;

/// `tc_string` with Created and LastUpdated (letters 1 to 12 of the Core segment) set to RENDERED_AT's day.
fn rendered_long_ago(tc_string: &str) -> String {
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let deciseconds = RENDERED_AT * 10;
    let six: String = (0..6).rev().map(|i| B64[((deciseconds >> (6 * i)) & 63) as usize] as char).collect();
    format!("{}{six}{six}{}", &tc_string[..1], &tc_string[13..])
}

/// The TCF site, whose endpoint has the fixture vendor list: the first layer's answer carries `tcf` (the list's
/// versions) and, in each answer and its record template, the TC string, dated here as if rendered long ago.
pub fn tcf_site(files: Vec<(String, String)>) -> Result<SiteOptions> {
    let edit = |layer: &mut Value| {
        for answer in ["accept-all", "reject-all"] {
            let choice = &mut layer["choices"][answer];
            let Some(tc_string) = choice["tc_string"].as_str().map(rendered_long_ago) else { continue };
            choice["tc_string"] = tc_string.clone().into();
            choice["submission"]["tc_string"] = tc_string.into();
        }
    };
    Ok(SiteOptions {
        config: Some(tcf_config()?),
        files,
        vendor_list: true,
        json_edits: vec![("/v1/sites/demo-shop/first-layer/".into(), JsonEdit(Arc::new(edit)))],
        ..SiteOptions::default()
    })
}

/// A page embedding the boot loader `flavour` (`consent-boot-tcf.js` …), with `head` before it (a page's own stub
/// and early calls) and `after` after it.
pub fn page(flavour: &str, head: &str, after: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>An ad-funded page</title>
  <link rel="icon" href="data:,">
  <script>{head}</script>
  <script src="/consent/{flavour}" data-config="/consent.json" data-endpoint="/"></script>
  <script>{after}</script>
</head>
<body><h1>Today's news</h1><p>Ads pay for it.</p></body>
</html>"#
    )
}

/// Bundles an npm package's ES module build into a script that defines `window[global]`, to run in a page.
fn bundled(entry: &str, global: &str) -> Result<String> {
    let root = workspace();
    let output = Command::new(root.join("node_modules/.bin/esbuild"))
        .args([entry, "--bundle", "--format=iife", &format!("--global-name={global}"), "--log-level=warning"])
        .current_dir(&root)
        .output()
        .context("running esbuild: run scripts/setup (it installs the npm packages)")?;
    ensure!(output.status.success(), "esbuild failed: {}", String::from_utf8_lossy(&output.stderr));
    Ok(format!("{}\nwindow.{global} = {global};", String::from_utf8(output.stdout)?))
}

/// Loads IAB Tech Lab's official TCF library (`@iabtechlabtcf/core`) into the page as `window.IabTcf`.
pub async fn load_official_tcf(visit: &Visit) -> Result<()> {
    let script = bundled("node_modules/@iabtechlabtcf/core/lib/mjs/index.js", "IabTcf")?;
    visit.browser.js(&script, vec![]).await?;
    Ok(())
}

/// The `euconsent-v2` cookie decoded in the page by the official library: the ids in each of its sets, and its
/// dates and versions.
pub async fn decoded_tc_cookie(visit: &Visit) -> Result<Value> {
    let script = "var m = document.cookie.match(/(?:^|;\\s*)euconsent-v2=([^;]*)/);
        if (!m) return null;
        var tc = IabTcf.TCString.decode(m[1]);
        function ids(vector) { var out = []; vector.forEach(function (v, id) { if (v) out.push(id); }); return out; }
        return { created: tc.created.getTime(), lastUpdated: tc.lastUpdated.getTime(), cmpId: tc.cmpId,
          cmpVersion: tc.cmpVersion, vendorListVersion: tc.vendorListVersion, policyVersion: tc.policyVersion,
          purposeConsents: ids(tc.purposeConsents), purposeLegitimateInterests: ids(tc.purposeLegitimateInterests),
          vendorConsents: ids(tc.vendorConsents), vendorLegitimateInterests: ids(tc.vendorLegitimateInterests),
          specialFeatureOptins: ids(tc.specialFeatureOptins), vendorsDisclosed: ids(tc.vendorsDisclosed) };";
    visit.browser.js(script, vec![]).await
}

/// Only the sets of a decoded TC string (what [`expected_sets`] gives for a choice).
pub fn decoded_sets(decoded: &Value) -> Value {
    let keys = [
        "purposeConsents",
        "purposeLegitimateInterests",
        "vendorConsents",
        "vendorLegitimateInterests",
        "specialFeatureOptins",
        "vendorsDisclosed",
    ];
    keys.iter().map(|k| ((*k).to_owned(), decoded[*k].clone())).collect::<serde_json::Map<_, _>>().into()
}

/// What the official decoder should read for `choice`: its sets, as ids.
pub fn expected_sets(terms: &TcTerms, choice: &TcfChoice) -> Value {
    json!({
        "purposeConsents": choice.purposes_consent,
        "purposeLegitimateInterests": choice.purposes_legitimate_interest,
        "vendorConsents": choice.vendors_consent,
        "vendorLegitimateInterests": choice.vendors_legitimate_interest,
        "specialFeatureOptins": choice.special_features,
        "vendorsDisclosed": terms.vendor_ids(),
    })
}

/// What a script in a cross-origin iframe, as an ad's, gets when it looks for `{api}Locator` among its ancestors and
/// sends `call` (an `{api}Call` message's object, `callId` "ad-1") through postMessage: the `{api}Return` message,
/// or "no locator". `api` is `__tcfapi` or `__gpp`.
pub async fn asked_from_a_cross_origin_frame(visit: &Visit, api: &'static str, call: Value) -> Result<Value> {
    let frame = format!(
        r#"<!doctype html><html><body><script>
  var target = null;
  for (var w = window; w; w = w === w.parent ? null : w.parent) {{
    try {{ if (w.frames['{api}Locator']) {{ target = w; break; }} }} catch (e) {{}}
  }}
  window.addEventListener('message', function (event) {{
    var reply = event.data && event.data.{api}Return;
    if (reply && reply.callId === 'ad-1') parent.postMessage({{ adSaw: reply }}, '*');
  }});
  if (target) target.postMessage({{ {api}Call: Object.assign({call}, {{ callId: 'ad-1' }}) }}, '*');
  else parent.postMessage({{ adSaw: 'no locator' }}, '*');
</script></body></html>"#
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let router = axum::Router::new().route("/ad.html", axum::routing::get(move || async move { Html(frame) }));
    tokio::spawn(async move { axum::serve(listener, router).await });
    let embed =
        "window.addEventListener('message', function (e) { if (e.data && e.data.adSaw) window.adSaw = e.data.adSaw; });
        var frame = document.createElement('iframe');
        frame.src = arguments[0];
        document.body.appendChild(frame);";
    visit.browser.js(embed, vec![format!("http://{addr}/ad.html").into()]).await?;
    wait_for(
        || async { Ok(Some(visit.browser.js("return window.adSaw || null;", vec![]).await?).filter(|v| !v.is_null())) },
        PROMPTLY,
        "the iframe's answer",
    )
    .await
}
