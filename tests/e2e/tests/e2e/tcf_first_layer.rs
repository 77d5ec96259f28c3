//! The first layer of a TCF site states what IAB's policies require of it (TCF Policies, Appendix B): that the site
//! and its N partners store or access information on the device and process personal data, the purposes and stacks
//! by IAB's names, the special features, the right to object to legitimate interests, and that the choice applies
//! to this site only and can be changed at any time. The painted layer (the endpoint's rendering) and the banner's
//! own state it alike, the banner taking over without a change of markup; a banner that cannot get the statement
//! offers no "Accept all".

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result};
use consent_core::tcf::FirstLayerTcf;
use consent_e2e::site::{bundle_file, fixture_vendor_list, JsonEdit};
use consent_e2e::wait::{settle, wait_until, PROMPTLY};
use serde_json::{json, Value};

use crate::accessibility::at_viewport;
use crate::fixture::Visit;
use crate::iab;

/// The TCF site's page, embedding the TCF flavour of the boot loader.
fn tcf_page() -> (String, String) {
    ("tcf.html".into(), iab::page("consent-boot-tcf.js", "", ""))
}

/// What the endpoint states for the TCF site in English: the names the first layer must show.
fn statement() -> Result<FirstLayerTcf> {
    let list = fixture_vendor_list()?;
    Ok(FirstLayerTcf::new(&iab::disclosure()?, &list.texts("en")))
}

/// Every stack, purpose, special feature, special purpose and feature the layer must name.
fn names(tcf: &FirstLayerTcf) -> Vec<String> {
    let named = [&tcf.purposes, &tcf.special_features, &tcf.special_purposes, &tcf.features];
    tcf.stacks.iter().map(|s| s.name.clone()).chain(named.into_iter().flatten().map(|n| n.name.clone())).collect()
}

/// The TCF site with the banner's WebAssembly answered only after a few seconds, as on a phone's network.
async fn slow_wasm_tcf_visit() -> Result<Visit> {
    // The TCF flavour of the boot loader loads the banner built with TCF.
    let wasm = bundle_file("consent-banner-tcf_bg", "wasm").context("the banner is not built")?;
    let name = wasm.file_name().and_then(|n| n.to_str()).context("the WASM's name")?.to_owned();
    let mut options = iab::tcf_site(vec![tcf_page()])?;
    options.delays = vec![(format!("/consent/{name}"), Duration::from_secs(4))];
    Visit::with(options).await
}

/// The browser sends Global Privacy Control: the boot loader paints no layer, the banner asks on its own.
async fn with_gpc(visit: &Visit) -> Result<()> {
    let source =
        "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true, configurable: true });";
    visit.browser.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": source })).await?;
    Ok(())
}

/// The first layer as the visitor meets it: painted or the banner's, its statement's text (list items included),
/// the names it lists, its markup and its answers. The markup is the DOM written out in one canonical way (attributes
/// sorted, adjacent text joined, Leptos' empty comment markers left out): the endpoint's renderer and the browser's
/// write attributes in different orders, which no visitor sees.
async fn first_layer(visit: &Visit) -> Result<Value> {
    visit
        .browser
        .in_banner(
            "var s = root.querySelector('[data-consent-banner]');
             if (!s) return null;
             var t = s.querySelector('[data-consent-tcf]');
             function markup(node) {
               if (node.nodeType === 3) return node.data;
               if (node.nodeType !== 1) return '';
               var attrs = [...node.attributes].map((a) => ' ' + a.name + '=\"' + a.value + '\"').sort().join('');
               return '<' + node.localName + attrs + '>' + [...node.childNodes].map(markup).join('') +
                 '</' + node.localName + '>';
             }
             return { early: root.host.hasAttribute('data-consent-early'), html: markup(s),
                      statement: t ? t.textContent : null,
                      listed: [...s.querySelectorAll('[data-consent-tcf] li')].map((li) => li.textContent),
                      buttons: [...s.querySelectorAll('button')].map((b) => b.dataset.consentAction) };",
            vec![],
        )
        .await
}

fn assert_states(layer: &Value, tcf: &FirstLayerTcf) {
    let statement = layer["statement"].as_str().unwrap_or_default();
    let partners = format!("We and our {} partners store and/or access information on your device", tcf.vendor_count);
    assert!(statement.contains(&partners), "{statement}");
    assert!(statement.contains("right to object"), "some vendors claim a legitimate interest: {statement}");
    assert!(statement.contains("applies to this site only"), "{statement}");
    assert_eq!(layer["listed"], json!(names(tcf)), "every stack, purpose and feature by IAB's name");
}

#[tokio::test(flavor = "multi_thread")]
async fn tcf_the_painted_layer_and_the_banners_state_the_partners_and_every_purpose_alike() -> Result<()> {
    let tcf = statement()?;
    assert_eq!(tcf.vendor_count, 7);
    let visit = slow_wasm_tcf_visit().await?;
    visit.open("/tcf.html").await?;
    let painted = || async { Ok(first_layer(&visit).await?["early"] == true) };
    wait_until(painted, PROMPTLY, "the painted first layer").await?;
    let early = first_layer(&visit).await?;
    assert_states(&early, &tcf);
    assert_eq!(early["buttons"], json!(["policy", "partners", "accept-all", "reject-all", "customise"]));
    // The visitor opens the list on the painted layer: it stays open when the banner takes over.
    visit.browser.in_banner("root.querySelector('[data-consent-tcf-list] summary').click();", vec![]).await?;
    let early = first_layer(&visit).await?;
    assert!(early["html"]
        .as_str()
        .unwrap_or_default()
        .contains("<details class=\"cb-tcf-list\" data-consent-tcf-list=\"\" open=\"\">"));

    visit.browser.js("window.consentBanner.show();", vec![]).await?;
    visit.banner_running().await?;
    let taken_over = || async { Ok(first_layer(&visit).await?["early"] == false) };
    wait_until(taken_over, PROMPTLY, "the banner's own first layer").await?;
    let own = first_layer(&visit).await?;
    assert_eq!(own["html"], early["html"], "the banner's first layer is the painted one, to the byte");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn tcf_a_banner_that_asks_on_its_own_fetches_the_statement() -> Result<()> {
    let visit = Visit::with(iab::tcf_site(vec![tcf_page()])?).await?;
    with_gpc(&visit).await?;
    visit.open("/tcf.html").await?;
    visit.banner_running().await?;
    visit.browser.wait_for("[data-consent-tcf]").await?;
    let layer = first_layer(&visit).await?;
    assert_eq!(layer["early"], false, "no layer is painted for a GPC visitor");
    assert_states(&layer, &statement()?);
    assert_eq!(layer["buttons"], json!(["policy", "partners", "accept-all", "reject-all", "customise"]));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn tcf_without_the_statement_the_first_layer_offers_no_accept_all() -> Result<()> {
    let mut options = iab::tcf_site(vec![tcf_page()])?;
    // An endpoint whose answer states nothing about TCF (no vendor list any more, say).
    let strip = |layer: &mut Value| drop(layer.as_object_mut().and_then(|o| o.remove("tcf")));
    options.json_edits.push(("/v1/sites/demo-shop/first-layer/".into(), JsonEdit(Arc::new(strip))));
    let visit = Visit::with(options).await?;
    with_gpc(&visit).await?;
    visit.open("/tcf.html").await?;
    visit.banner_running().await?;
    visit.browser.wait_for("[data-consent-banner]").await?;
    let layer = first_layer(&visit).await?;
    assert_eq!(layer["statement"], Value::Null);
    assert_eq!(layer["buttons"], json!(["policy", "reject-all", "customise"]), "Reject all and Customise only");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn tcf_first_layer_at_375_px_fits_passes_axe_and_is_screenshot() -> Result<()> {
    let visit = Visit::with(iab::tcf_site(vec![tcf_page()])?).await?;
    at_viewport(&visit, 375, 812, 1.0).await?;
    visit.open("/tcf.html").await?;
    visit.browser.wait_for("[data-consent-tcf]").await?;
    settle().await;
    let fits = "var s = root.querySelector('[data-consent-banner]'), r = s.getBoundingClientRect();
                var answers = [...s.querySelectorAll('.cb-actions button')].map((b) => b.getBoundingClientRect());
                return { inside: r.left >= 0 && r.right <= innerWidth, wide: s.scrollWidth > s.clientWidth,
                         answers_in_view: answers.every((a) => a.bottom <= innerHeight) };";
    assert_eq!(
        visit.browser.in_banner(fits, vec![]).await?,
        json!({"inside": true, "wide": false, "answers_in_view": true})
    );
    let shots = consent_e2e::site::workspace().join("screenshots");
    std::fs::write(shots.join("tcf-first-layer-375.png"), visit.browser.screenshot().await?)?;
    let problems = crate::axe::violations(&visit.browser).await?;
    assert!(problems.is_empty(), "axe, list closed: {problems:?}");

    visit.browser.in_banner("root.querySelector('[data-consent-tcf-list] summary').click();", vec![]).await?;
    settle().await;
    let open = visit.browser.in_banner("return root.querySelector('[data-consent-tcf-list]').open;", vec![]);
    assert_eq!(open.await?, true, "one tap opens the list");
    std::fs::write(shots.join("tcf-first-layer-375-list.png"), visit.browser.screenshot().await?)?;
    let problems = crate::axe::violations(&visit.browser).await?;
    assert!(problems.is_empty(), "axe, list open: {problems:?}");
    Ok(())
}
