//! IAB TCF in the banner's WebAssembly: on a TCF site every answer given in the banner — "Save" in the preferences
//! with the visitor's own TCF switches, "Accept all" and "Reject all" on the banner's first layer or in the
//! preferences — writes a TC string that IAB's decoder (`@iabtechlabtcf/core`) reads as exactly that answer, into the
//! `euconsent-v2` cookie and the endpoint's record, and `__tcfapi` listeners get `useractioncomplete`. The
//! preferences list the site's vendors with their facts. A vendor list the banner cannot read leaves no TC string
//! (fail closed).

use std::sync::Arc;

use anyhow::Result;
use consent_core::tcf::{decode_tc_string, LegitimateInterest, TcTerms, TcfChoice};
use consent_e2e::site::JsonEdit;
use consent_e2e::wait::{wait_for, wait_until, PROMPTLY};
use serde_json::{json, Value};

use crate::fixture::Visit;
use crate::iab;

/// Every event a `__tcfapi` listener sees, and the last TCData.
pub(crate) const LISTENER: &str = "
  window.events = [];
  __tcfapi('addEventListener', 2, function (tcData, success) {
    if (success) events.push(tcData.eventStatus);
    window.lastTcData = tcData;
  });";

pub(crate) async fn tcf_visit(edits: Vec<(String, JsonEdit)>) -> Result<Visit> {
    tcf_visit_in("en", edits).await
}

/// The TCF page in `language` (its `<html lang>`, which the banner speaks where the config has it).
async fn tcf_visit_in(language: &str, edits: Vec<(String, JsonEdit)>) -> Result<Visit> {
    let page = iab::page("consent-boot-tcf.js", "", LISTENER)
        .replace(r#"<html lang="en">"#, &format!(r#"<html lang="{language}">"#));
    let mut site = iab::tcf_site(vec![("tcf.html".into(), page)])?;
    site.json_edits.extend(edits);
    Visit::with(site).await
}

/// The cookie's TC string, once it differs from `before`.
async fn new_cookie(visit: &Visit, before: &str) -> Result<String> {
    let read = || async {
        let cookie = visit.browser.js("return document.cookie;", vec![]).await?;
        let found = cookie.as_str().unwrap_or_default().split("; ").find_map(|c| c.strip_prefix("euconsent-v2="));
        Ok(found.filter(|tc| *tc != before).map(str::to_owned))
    };
    wait_for(read, PROMPTLY, "a new euconsent-v2 cookie").await
}

/// The sets IAB's decoder reads in the cookie, once the cookie holds a string other than `before`; and the string.
async fn decoded_new_cookie(visit: &Visit, before: &str) -> Result<(Value, String)> {
    let tc = new_cookie(visit, before).await?;
    iab::load_official_tcf(visit).await?;
    let decoded = iab::decoded_tc_cookie(visit).await?;
    Ok((iab::decoded_sets(&decoded), tc))
}

/// The `addtl_consent` cookie's value ('' when there is none).
pub(crate) async fn ac_cookie(visit: &Visit) -> Result<String> {
    let cookie = visit.browser.js("return document.cookie;", vec![]).await?;
    let found = cookie.as_str().unwrap_or_default().split("; ").find_map(|c| c.strip_prefix("addtl_consent="));
    Ok(found.unwrap_or_default().to_owned())
}

/// The `data-tcf` hooks of the switches that are on, in the order shown.
pub(crate) async fn switched_on(visit: &Visit) -> Result<Value> {
    let script = "return [...root.querySelectorAll('input[data-tcf]')].filter((i) => i.checked)
        .map((i) => i.dataset.tcf);";
    visit.browser.in_banner(script, vec![]).await
}

/// The hooks of the switches that are on for `choice` (a vendor with nothing to object to has no legitimate-interest
/// switch).
fn hooks_on(terms: &TcTerms, choice: &TcfChoice) -> Vec<String> {
    let objectable =
        |id: &&u16| terms.vendor(**id).is_some_and(|v| v.legitimate_interest == LegitimateInterest::Objectable);
    let mut hooks: Vec<String> = Vec::new();
    hooks.extend(choice.purposes_consent.iter().map(|id| format!("purpose-{id}")));
    hooks.extend(choice.purposes_legitimate_interest.iter().map(|id| format!("purpose-interest-{id}")));
    hooks.extend(choice.special_features.iter().map(|id| format!("special-feature-{id}")));
    hooks.extend(choice.vendors_consent.iter().map(|id| format!("vendor-{id}")));
    hooks
        .extend(choice.vendors_legitimate_interest.iter().filter(objectable).map(|id| format!("vendor-interest-{id}")));
    hooks
}

fn terms() -> Result<TcTerms> {
    Ok(iab::disclosure()?.terms())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_choice_saved_in_the_preferences_is_a_tc_string_of_exactly_the_visitors_switches() -> Result<()> {
    let terms = terms()?;
    let visit = tcf_visit(Vec::new()).await?;
    visit.open("/tcf.html").await?;
    visit.browser.click("[data-consent-action='customise']").await?;
    visit.browser.wait_for("input[data-tcf='purpose-1']").await?;

    // Nothing consented to, every legitimate interest standing until objected to.
    let start = TcfChoice::preferences_start(&terms, None);
    let mut on: Vec<String> = serde_json::from_value(switched_on(&visit).await?)?;
    let mut expected_start = hooks_on(&terms, &start);
    on.sort();
    expected_start.sort();
    assert_eq!(on, expected_start, "the switches a first visitor finds on");
    assert!(!on.iter().any(|h| h.starts_with("purpose-") && !h.contains("interest")), "no purpose pre-ticked");

    // Two purposes, an objection to purpose 7's legitimate interest, two vendors, an objection to vendor 2's.
    visit.browser.click("[data-tcf-vendors] > summary").await?;
    for hook in ["purpose-1", "purpose-2", "purpose-interest-7", "vendor-2", "vendor-755", "vendor-interest-2"] {
        visit.browser.click(&format!("input[data-tcf='{hook}']")).await?;
    }
    visit.browser.js("window.events = [];", vec![]).await?;
    visit.browser.click("[data-consent-preferences] [data-consent-action='save']").await?;

    let mut wanted = start.clone();
    wanted.purposes_consent.extend([1, 2]);
    wanted.purposes_legitimate_interest.remove(&7);
    wanted.vendors_consent.extend([2, 755]);
    wanted.vendors_legitimate_interest.remove(&2);
    let chosen = TcfChoice::custom(&terms, wanted)?;
    let (sets, tc) = decoded_new_cookie(&visit, "").await?;
    assert_eq!(sets, iab::expected_sets(&terms, &chosen), "IAB's decoder reads the switches");
    assert_eq!(sets["vendorsDisclosed"], json!([1, 2, 3, 4, 8, 10, 755]), "every vendor of the site disclosed");
    assert_eq!(decode_tc_string(&tc)?.consent_screen, 3, "chosen vendor by vendor: the vendor screen");
    let row = visit.recorded().await?;
    assert_eq!(row.tc_string.as_deref(), Some(tc.as_str()), "the record keeps the cookie's string");
    let events = || async { visit.browser.js("return window.events;", vec![]).await };
    wait_until(|| async { Ok(events().await? == json!(["useractioncomplete"])) }, PROMPTLY, "useractioncomplete")
        .await?;
    let tc_data = visit.browser.js("return window.lastTcData;", vec![]).await?;
    assert_eq!(tc_data["tcString"], tc.as_str());
    assert_ne!(tc_data["vendor"]["legitimateInterests"]["2"], true, "vendor 2 objected to: {tc_data}");
    assert_eq!(tc_data["vendor"]["legitimateInterests"]["755"], true, "755 not objected to: {tc_data}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn accept_and_reject_pressed_in_the_banner_write_their_tc_strings() -> Result<()> {
    let terms = terms()?;
    let visit = tcf_visit(Vec::new()).await?;
    visit.open("/tcf.html").await?;
    visit.browser.click("[data-consent-action='accept-all']").await?;
    let painted = new_cookie(&visit, "").await?;

    // Asked again (the page's "Cookie settings" shows the banner's own first layer, from its WebAssembly).
    visit.browser.js("consentBanner.show();", vec![]).await?;
    visit.browser.wait_for(".cb-banner [data-consent-action='reject-all']").await?;
    visit.browser.click(".cb-banner [data-consent-action='reject-all']").await?;
    let (sets, rejected) = decoded_new_cookie(&visit, &painted).await?;
    assert_eq!(sets, iab::expected_sets(&terms, &TcfChoice::reject_all(&terms)), "Reject all on the first layer");
    assert_eq!(decode_tc_string(&rejected)?.consent_screen, 1);
    assert_eq!(visit.recorded().await?.tc_string.as_deref(), Some(rejected.as_str()));
    assert_eq!(ac_cookie(&visit).await?, iab::AC_REJECT_ALL, "Google's providers: disclosed, none consented to");

    visit.browser.js("consentBanner.showPreferences();", vec![]).await?;
    visit.browser.click("[data-consent-preferences] [data-consent-action='accept-all']").await?;
    let (sets, accepted) = decoded_new_cookie(&visit, &rejected).await?;
    assert_eq!(sets, iab::expected_sets(&terms, &TcfChoice::accept_all(&terms)), "Accept all in the preferences");
    assert_eq!(decode_tc_string(&accepted)?.consent_screen, 2);
    assert_eq!(visit.recorded().await?.tc_string.as_deref(), Some(accepted.as_str()));
    assert_eq!(ac_cookie(&visit).await?, iab::AC_ACCEPT_ALL, "Google's providers: all consented to");
    assert_eq!(visit.recorded().await?.ac_string.as_deref(), Some(iab::AC_ACCEPT_ALL), "the record keeps it too");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_vendor_list_shows_each_vendors_facts_and_switches() -> Result<()> {
    let visit = tcf_visit(Vec::new()).await?;
    visit.open("/tcf.html").await?;
    visit.browser.click("[data-consent-action='customise']").await?;
    visit.browser.click("[data-tcf-vendors] > summary").await?;
    let script = "const v = root.querySelector('[data-tcf-vendor=\"2\"]');
        return { summary: root.querySelector('[data-tcf-vendors] > summary').textContent,
          name: v.querySelector('.cb-service-name').textContent,
          facts: [...v.querySelectorAll('dt')].map((dt) => dt.textContent + ': ' + dt.nextElementSibling.textContent),
          links: [...v.querySelectorAll('a')].map((a) => a.getAttribute('href')),
          switches: [...v.querySelectorAll('input[data-tcf]')].map((i) => i.dataset.tcf + ' ' + i.labels[0].textContent),
          retention: [...v.querySelectorAll('.cb-vendor-retention li')].map((li) => li.textContent),
          plain_retention: [...root.querySelectorAll('[data-tcf-vendor=\"1\"] dt')].filter((dt) => dt.textContent === 'Keeps data for')
            .map((dt) => dt.textContent + ': ' + dt.nextElementSibling.textContent),
          vendors: root.querySelectorAll('[data-tcf-vendor]').length };";
    let seen = visit.browser.in_banner(script, vec![]).await?;
    assert_eq!(seen["summary"], "Vendors (7)", "{seen}");
    assert_eq!(seen["vendors"], 7, "{seen}");
    assert_eq!(seen["name"], "Interest Ads", "{seen}");
    let facts: Vec<String> = serde_json::from_value(seen["facts"].clone())?;
    for label in
        ["Purposes: ", "Legitimate interests: ", "Keeps data for: ", "Data collected: ", "Longest cookie life: "]
    {
        assert!(facts.iter().any(|f| f.starts_with(label) && f.len() > label.len()), "{label} in {facts:?}");
    }
    // Vendor 2 keeps data 365 days, except for purpose 3 and special purpose 1 (its list entry's own periods).
    let retention = facts.iter().find(|f| f.starts_with("Keeps data for: ")).cloned().unwrap_or_default();
    assert!(retention.starts_with("Keeps data for: 365 days, except:"), "{retention}");
    assert_eq!(
        seen["retention"],
        json!([
            "Create profiles for personalised advertising: 90 days",
            "Ensure security, prevent and detect fraud, and fix errors: 30 days"
        ]),
        "{seen}"
    );
    assert_eq!(seen["plain_retention"], json!(["Keeps data for: 390 days"]), "a vendor without exceptions: {seen}");
    assert!(seen["links"].as_array().unwrap().contains(&json!("https://ads.example/privacy#li")), "{seen}");
    assert_eq!(seen["switches"], json!(["vendor-2 Consent", "vendor-interest-2 Legitimate interest"]), "{seen}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_vendor_list_the_banner_cannot_read_leaves_no_tc_string() -> Result<()> {
    // The vendor layer's file without what the banner writes TC strings from.
    let unreadable = JsonEdit(Arc::new(|layer: &mut Value| {
        layer.as_object_mut().map(|o| o.remove("tc"));
    }));
    let visit = tcf_visit(vec![("/v1/sites/demo-shop/vendors/".into(), unreadable)]).await?;
    visit.open("/tcf.html").await?;
    visit.browser.click("[data-consent-action='customise']").await?;
    visit.browser.wait_for("[data-tcf-unavailable]").await?;
    visit.browser.click("[data-consent-preferences] [data-consent-action='accept-all']").await?;
    let row = visit.recorded().await?;
    assert_eq!(row.action, "accept_all");
    assert_eq!(row.tc_string, None, "no TC string in the record");
    assert!(!visit.cookie_names().await?.contains(&"euconsent-v2".to_owned()), "no cookie: no vendor consent");
    let tc_data = visit.browser.js("return window.lastTcData;", vec![]).await?;
    assert_eq!(tc_data["tcString"], "", "{tc_data}");
    Ok(())
}

/// A TCF site that embeds the plain boot loader (`consent-boot.js`) gets the plain WASM, built without TCF: a choice
/// saved in the preferences writes no TC string (no cookie, none in the record), the preferences say the vendors get
/// no consent, and the console names the loader to embed. Fail closed, as when the vendor list cannot be read.
#[tokio::test(flavor = "multi_thread")]
async fn a_tcf_config_embedded_with_the_plain_loader_writes_no_tc_string() -> Result<()> {
    let page = iab::page("consent-boot.js", "", "");
    let visit = Visit::with(iab::tcf_site(vec![("plain.html".into(), page)])?).await?;
    visit.open("/plain.html").await?;
    visit.browser.click("[data-consent-action='customise']").await?;
    visit.browser.wait_for("[data-tcf-unavailable]").await?;
    let switches = visit.browser.in_banner("return root.querySelectorAll('input[data-tcf]').length;", vec![]).await?;
    assert_eq!(switches, json!(0), "no TCF switches in the plain WASM's preferences");
    // A category switched on, then saved: a choice of the visitor's own.
    visit.browser.click("[data-consent-preferences] input[data-consent-category='analytics']").await?;
    visit.browser.click("[data-consent-preferences] [data-consent-action='save']").await?;
    let row = visit.recorded().await?;
    assert_eq!(row.ui_layer, "preferences", "{row:?}");
    let decisions: Value = serde_json::from_str(&row.decisions)?;
    assert_eq!(decisions["analytics"], "granted", "the visitor's own choice is recorded: {decisions}");
    assert_eq!(row.tc_string, None, "no TC string in the record");
    assert!(!visit.cookie_names().await?.contains(&"euconsent-v2".to_owned()), "no cookie: no vendor consent");
    let console = visit.browser.console().await?;
    assert!(
        console.iter().any(|e| e.message.contains("embed consent-boot-tcf.js")),
        "the console names the loader to embed: {console:?}"
    );
    Ok(())
}

/// Regression: on a TCF site embedding the plain boot loader, "Accept all" on the painted first layer sent the
/// endpoint's TC string in the record though no `euconsent-v2` cookie was written (the plain loader has no TCF part
/// to write it): the log claimed a vendor consent the page never gave. The record now carries no string.
#[tokio::test(flavor = "multi_thread")]
async fn accept_all_on_the_plain_loaders_painted_layer_records_no_tc_string() -> Result<()> {
    let page = iab::page("consent-boot.js", "", "");
    let visit = Visit::with(iab::tcf_site(vec![("plain.html".into(), page)])?).await?;
    visit.open("/plain.html").await?;
    visit.browser.wait_for("consent-banner[data-consent-early]").await?;
    visit.browser.click("[data-consent-action='accept-all']").await?;
    let row = visit.recorded().await?;
    assert_eq!((row.action.as_str(), row.ui_layer.as_str()), ("accept_all", "first_layer"), "{row:?}");
    assert_eq!(row.tc_string, None, "no TC string in the record");
    assert!(!visit.cookie_names().await?.contains(&"euconsent-v2".to_owned()), "no cookie written");
    Ok(())
}

/// Opens the preferences of the TCF page with every disclosure open (the vendor list included).
async fn preferences_opened_out(visit: &Visit) -> Result<()> {
    visit.open("/tcf.html").await?;
    visit.browser.click("[data-consent-action='customise']").await?;
    visit.browser.wait_for("[data-tcf-vendor='755']").await?;
    let open = "root.querySelectorAll('details').forEach(function (d) { d.open = true; });";
    visit.browser.in_banner(open, vec![]).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_no_violation_in_a_tcf_sites_preferences_light_or_dark() -> Result<()> {
    let visit = tcf_visit(Vec::new()).await?;
    preferences_opened_out(&visit).await?;
    crate::accessibility::assert_no_violations(&visit, "TCF preferences").await
}

/// Pictures of the vendor list at a phone's and a desktop's width, written to `screenshots/` for a person to look at.
#[tokio::test(flavor = "multi_thread")]
async fn the_vendor_list_is_pictured_at_a_phones_and_a_desktops_width() -> Result<()> {
    for (width, height) in [(375, 812), (1280, 800)] {
        let visit = tcf_visit(Vec::new()).await?;
        crate::accessibility::at_viewport(&visit, width, height, 1.0).await?;
        preferences_opened_out(&visit).await?;
        let show = "root.querySelector('[data-tcf-vendors] > summary').scrollIntoView({ block: 'start' });";
        visit.browser.in_banner(show, vec![]).await?;
        let path = consent_e2e::site::workspace().join(format!("screenshots/tcf-vendors-{width}.png"));
        std::fs::write(&path, visit.browser.screenshot().await?)?;
        let fits = "return root.querySelector('[data-tcf-vendors]').scrollWidth <= root.querySelector('[data-tcf-vendors]').clientWidth;";
        assert_eq!(
            visit.browser.in_banner(fits, vec![]).await?,
            true,
            "the vendor list needs no sideways scrolling at {width} px"
        );
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_german_visitor_reads_iabs_german_texts_with_their_illustrations() -> Result<()> {
    let visit = tcf_visit_in("de", Vec::new()).await?;
    visit.open("/tcf.html").await?;
    visit.browser.click("[data-consent-action='customise']").await?;
    visit.browser.wait_for("input[data-tcf='purpose-2']").await?;
    let script = "const label = (hook) => root.querySelector(`input[data-tcf='${hook}']`).labels[0].textContent;
        const item = root.querySelector(\"input[data-tcf='purpose-2']\").closest('li');
        return { purpose: label('purpose-1'), vendors: root.querySelector('[data-tcf-vendors] > summary').textContent,
          examples: [...item.querySelectorAll('details li')].map((li) => li.textContent),
          opens: item.querySelector('details > summary').textContent };";
    let seen = visit.browser.in_banner(script, vec![]).await?;
    assert_eq!(seen["purpose"], "Speichern von oder Zugriff auf Informationen auf einem Endgerät", "{seen}");
    assert_eq!(seen["vendors"], "Anbieter (7)", "the banner's own words in German: {seen}");
    assert_eq!(seen["opens"], "Beispiele", "{seen}");
    assert_eq!(seen["examples"], json!(["Fixture: Ein Autohändler wirbt auf einer Autoseite."]), "{seen}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_switches_start_from_the_visitors_standing_tc_string() -> Result<()> {
    let terms = terms()?;
    let visit = tcf_visit(Vec::new()).await?;
    visit.open("/tcf.html").await?;
    visit.browser.click("[data-consent-action='accept-all']").await?;
    new_cookie(&visit, "").await?;
    visit.browser.js("consentBanner.showPreferences();", vec![]).await?;
    visit.browser.wait_for("input[data-tcf='purpose-1']").await?;
    let mut on: Vec<String> = serde_json::from_value(switched_on(&visit).await?)?;
    let mut accepted = hooks_on(&terms, &TcfChoice::accept_all(&terms));
    accepted.extend(["ad-tech-provider-1097".to_owned(), "ad-tech-provider-89".to_owned()]);
    on.sort();
    accepted.sort();
    assert_eq!(
        on, accepted,
        "after Accept all, every switch is on (Google's providers' too): saving unchanged keeps \
        the visitor's answer"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn always_allow_on_a_placeholder_keeps_the_visitors_tc_string() -> Result<()> {
    let video = r#"<iframe width="560" height="315" data-src="https://www.youtube.com/embed/TCF1" data-category="marketing"
      title="A video"></iframe></body>"#;
    let page = iab::page("consent-boot-tcf.js", "", LISTENER).replace("</body>", video);
    let visit = Visit::with(iab::tcf_site(vec![("tcf.html".into(), page)])?).await?;
    visit.open("/tcf.html").await?;
    visit.browser.click("[data-consent-action='customise']").await?;
    visit.browser.click("input[data-tcf='purpose-1']").await?;
    visit.browser.click("[data-consent-preferences] [data-consent-action='save']").await?;
    let saved = new_cookie(&visit, "").await?;
    let first = visit.recorded().await?.consent_id;

    visit.browser.click("[data-consent-placeholder] [data-consent-action='always-allow']").await?;
    let granted = || async { Ok(visit.recorded().await?.consent_id != first) };
    wait_until(granted, PROMPTLY, "the grant's record").await?;
    let row = visit.recorded().await?;
    assert_eq!(row.tc_string.as_deref(), Some(saved.as_str()), "the grant's record keeps the vendors' answer");
    let cookie = visit.browser.js("return document.cookie;", vec![]).await?;
    assert!(cookie.as_str().unwrap_or_default().contains(&format!("euconsent-v2={saved}")), "{cookie}");
    Ok(())
}
