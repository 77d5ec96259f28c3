//! What the tests of IAB's page APIs (`tcf_api`, `gpp_api`) share: a TCF site (the demo config with a `"tcf"`
//! section over consent-core's fixture vendor list), the TC strings its first layer's answer carries (encoded by
//! consent-core, as the endpoint will once the `gvl-server` branch adds them: until then the test adds them to the
//! answer on its way), pages embedding the flavours of the boot loader, and IAB's own libraries loaded into the page.

use std::process::Command;
use std::sync::Arc;

use anyhow::{ensure, Context, Result};
use consent_core::tcf::{
    encode_tc_string, ConsentLanguage, ConsentScreen, Disclosure, Gvl, TcStringContext, TcfChoice,
};
use consent_core::{LanguageTag, SiteConfig};
use consent_e2e::site::{workspace, JsonEdit, SiteOptions};
use serde_json::{json, Value};

use crate::fixture::Visit;

/// The site's CMP id and version, as its config states them.
pub const CMP_ID: u64 = 300;
pub const CMP_VERSION: u64 = 2;

/// The demo config with TCF enabled for the fixture list's vendors (1, 2, 3, 4, 8, 10 and 755).
pub fn tcf_config() -> Result<String> {
    let mut config: Value = serde_json::from_str(&std::fs::read_to_string(workspace().join("demo/consent.json"))?)?;
    config["tcf"] = json!({"cmp_id": CMP_ID, "cmp_version": CMP_VERSION, "vendors": [1, 2, 3, 4, 8, 10, 755]});
    Ok(config.to_string())
}

/// What the site discloses under TCF: its vendors over consent-core's fixture Global Vendor List (v142, policy 5).
pub fn disclosure() -> Result<Disclosure> {
    let gvl = Gvl::from_json(&std::fs::read_to_string(
        workspace().join("crates/consent-core/tests/fixtures/vendor-list.json"),
    )?)?;
    let config = SiteConfig::from_json(&tcf_config()?)?;
    Ok(Disclosure::new(config.tcf.as_ref().context("the config's tcf section")?, &gvl)?)
}

/// 2026-01-15, long before any test runs: the day the answer's TC strings were rendered, which the page rewrites to
/// the day of the choice.
pub const RENDERED_AT: u64 = 1_768_435_200;

/// The TC string of `choice`, as rendered on RENDERED_AT.
pub fn tc_string(disclosure: &Disclosure, choice: &TcfChoice) -> Result<String> {
    let language = LanguageTag::try_from("en".to_string())?;
    let context = TcStringContext {
        updated_at_unix_seconds: RENDERED_AT,
        consent_screen: ConsentScreen::FIRST_LAYER,
        consent_language: ConsentLanguage::try_from(&language)?,
        use_non_standard_texts: false,
    };
    Ok(encode_tc_string(disclosure, choice, &context))
}

/// The TCF site: the first layer's answer carries `tcf` (the list's versions) and, in each answer, the TC string.
pub fn tcf_site(files: Vec<(String, String)>) -> Result<SiteOptions> {
    let disclosure = disclosure()?;
    let accept = tc_string(&disclosure, &TcfChoice::accept_all(&disclosure))?;
    let reject = tc_string(&disclosure, &TcfChoice::reject_all(&disclosure))?;
    let (gvl_version, policy_version) = (disclosure.vendor_list_version, disclosure.tcf_policy_version);
    let edit = move |layer: &mut Value| {
        layer["tcf"] = json!({"cmp_id": CMP_ID, "cmp_version": CMP_VERSION, "gvl_version": gvl_version,
            "tcf_policy_version": policy_version, "vendor_count": 7});
        layer["choices"]["accept-all"]["tc_string"] = accept.clone().into();
        layer["choices"]["reject-all"]["tc_string"] = reject.clone().into();
    };
    Ok(SiteOptions {
        config: Some(tcf_config()?),
        files,
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

/// What the official decoder should read for `choice`: its sets, as ids.
pub fn expected_sets(disclosure: &Disclosure, choice: &TcfChoice) -> Value {
    json!({
        "purposeConsents": choice.purposes_consent,
        "purposeLegitimateInterests": choice.purposes_legitimate_interest,
        "vendorConsents": choice.vendors_consent,
        "vendorLegitimateInterests": choice.vendors_legitimate_interest,
        "specialFeatureOptins": choice.special_features,
        "vendorsDisclosed": disclosure.vendor_ids(),
    })
}
