//! The console's IAB TCF form, on an endpoint started with consent-core's fixture Global Vendor List (v142): a
//! product team member turns TCF on, gives the CMP id, finds two vendors by name and adds them, all by keyboard; the
//! live preview, before anything is published, names the two partners on the first layer with "Accept all" and lists
//! both vendors in the preferences; then they publish, and the live config lists them and the first-layer answer
//! states two vendors. A vendor the list lacks, and one it deleted, are refused by the endpoint at their place in the
//! form; an endpoint without a list says so; a vendor's name (IAB's data) is shown as text, never markup. Publisher
//! restrictions are added and removed in the form: one naming a vendor the section lacks is named at once, one the
//! vendor's declarations do not fit is refused by the endpoint at its place, and a published one is what the first
//! layer states. Screenshots for review: `screenshots/console-tcf.png`, `screenshots/console-tcf-preview.png`.

use std::sync::Arc;

use anyhow::{ensure, Context, Result};
use consent_e2e::site::{JsonEdit, SiteOptions};
use consent_e2e::wait::{wait_until, PROMPTLY};
use fantoccini::key::Key;
use serde_json::{json, Value};

use crate::console_preview::{in_preview, wait_in_preview};
use crate::console_session::{
    clean_and_screenshot_whole, click_in_view, draft, open_demo_shop_in_console_with, screenshot_of, wait_for_draft,
    wait_for_focus, wait_for_text_at,
};
use crate::fixture::Visit;
use crate::keyboard::{press as key, tab_to, type_keys};
use crate::product_console::{fill, no_axe_violations, press, text_of, wait_for_text};

/// The console on an endpoint with the fixture vendor list.
async fn console_with_vendor_list() -> Result<Visit> {
    let visit = open_demo_shop_in_console_with(SiteOptions { vendor_list: true, ..SiteOptions::default() }).await?;
    wait_for_text(&visit, "This endpoint has the Global Vendor List version 142").await?;
    Ok(visit)
}

/// Waits until the preview's first layer states that the site has `count` partners and offers "Accept all".
async fn the_preview_states_the_partners_and_offers_accept_all(visit: &Visit, count: usize) -> Result<()> {
    let partners = if count == 1 { "partner" } else { "partners" };
    let wanted = format!("We and our {count} {partners} store and/or access information on your device");
    let script = "var layer = root && root.querySelector('[data-consent-banner]:not([hidden])');
                  var accept = layer && layer.querySelector('[data-consent-action=\\'accept-all\\']');
                  return layer ? [layer.textContent, !!accept && !accept.closest('[hidden]')] : ['', false];";
    let stated = || async {
        let shown = in_preview(visit, script).await?;
        Ok(shown[0].as_str().unwrap_or_default().contains(&wanted) && shown[1] == json!(true))
    };
    if let Err(e) =
        wait_until(stated, PROMPTLY, &format!("the preview to state {count} partners with Accept all")).await
    {
        return Err(e.context(format!("the preview shows {}", in_preview(visit, script).await?)));
    }
    Ok(())
}

/// The demo shop's config as the database holds it now.
async fn stored(visit: &Visit) -> Result<Value> {
    let row = visit.site.store().site("demo-shop").await?.context("the demo shop is stored")?;
    Ok(serde_json::from_str(&row.config_json)?)
}

/// The endpoint's first-layer answer for the demo shop in English, as the page's boot loader fetches it.
async fn first_layer(visit: &Visit, query: &str) -> Result<Value> {
    let script = "return fetch(arguments[0], { cache: 'no-store' }).then(function (r) { return r.json(); });";
    visit.browser.js(script, vec![format!("/v1/sites/demo-shop/first-layer/en.json{query}").into()]).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_product_team_turns_tcf_on_adds_two_vendors_by_name_by_keyboard_and_publishes() -> Result<()> {
    let visit = console_with_vendor_list().await?;

    // The keyboard starts on the form's first control; everything after is keys.
    visit.browser.js("document.getElementById('tcf-on').scrollIntoView({ block: 'center' }); document.getElementById('tcf-on').focus();", vec![]).await?;
    key(&visit.browser, Key::Space).await?;
    wait_for_draft(&visit, "/tcf/cmp_id", json!(0)).await?;
    let asked = text_of(&visit, "#tcf-cmp-id-problem").await?;
    ensure!(asked.contains("IAB Europe"), "the CMP id field says where the id comes from: {asked}");

    tab_to(&visit.browser, "#tcf-cmp-id", 3).await?;
    type_keys(&visit.browser, "300").await?;
    tab_to(&visit.browser, "#tcf-publisher-cc", 3).await?;
    type_keys(&visit.browser, "DE").await?;
    wait_for_draft(&visit, "/tcf/publisher_cc", json!("DE")).await?;

    tab_to(&visit.browser, "#tcf-vendor-search", 3).await?;
    type_keys(&visit.browser, "media").await?;
    visit.browser.wait_for("#tcf-vendor-add-755").await?;
    tab_to(&visit.browser, "#tcf-vendor-add-755", 2).await?;
    key(&visit.browser, Key::Enter).await?;
    wait_for_draft(&visit, "/tcf/vendors", json!([755])).await?;
    wait_for_focus(&visit, "tcf-vendor-search").await?;

    let erase: String = std::iter::repeat_n(char::from(Key::Backspace), "media".len()).collect();
    type_keys(&visit.browser, &format!("{erase}interest")).await?;
    visit.browser.wait_for("#tcf-vendor-add-2").await?;
    tab_to(&visit.browser, "#tcf-vendor-add-2", 2).await?;
    key(&visit.browser, Key::Enter).await?;
    wait_for_draft(&visit, "/tcf/vendors", json!([755, 2])).await?;

    // Chosen by name, and what the choice makes the first layer say.
    let chosen = text_of(&visit, ".chosen-vendors").await?;
    ensure!(chosen.contains("Big Id Media") && chosen.contains("Interest Ads"), "listed by name: {chosen}");
    wait_until(
        || async { Ok(text_of(&visit, "#tcf-summary").await?.contains("name 2 vendors")) },
        PROMPTLY,
        "the summary to count 2 vendors",
    )
    .await?;

    // Before publishing, the preview shows the draft's vendors: the first layer names its two partners and offers
    // "Accept all", and the preferences list both vendors.
    the_preview_states_the_partners_and_offers_accept_all(&visit, 2).await?;
    press(&visit, "Preferences").await?;
    wait_in_preview(&visit, "[data-tcf-vendor='755']").await?;
    wait_in_preview(&visit, "[data-tcf-vendor='2']").await?;
    let listed = in_preview(&visit, "return root.querySelector('[data-consent-preferences]').textContent;").await?;
    let listed = listed.as_str().unwrap_or_default();
    ensure!(listed.contains("Big Id Media") && listed.contains("Interest Ads"), "the preview's vendors: {listed}");
    screenshot_of(&visit, "section.preview", "tcf-preview").await?;
    // The keyboard takes up where it left the form.
    visit.browser.js("document.getElementById('tcf-vendor-search').focus();", vec![]).await?;
    tab_to(&visit.browser, "section[aria-labelledby='publish-heading'] button", 16).await?;
    // Nothing went wrong before publishing, the preview's runs as the keyboard crossed the form included.
    let errors: Vec<String> = visit
        .browser
        .console()
        .await?
        .into_iter()
        .filter(|entry| entry.level == "SEVERE" && !entry.message.contains("401"))
        .map(|entry| entry.message)
        .collect();
    ensure!(errors.is_empty(), "console errors before publishing: {errors:?}");
    key(&visit.browser, Key::Enter).await?;
    let published = || async { Ok(stored(&visit).await?["tcf"]["vendors"] == json!([755, 2])) };
    wait_until(published, PROMPTLY, "the stored config to list vendors 755 and 2").await?;
    let config = stored(&visit).await?;
    ensure!(config["tcf"]["cmp_id"] == json!(300) && config["tcf"]["publisher_cc"] == json!("DE"), "{config}");
    // The endpoint serves what it stored once its cache has it, a moment after the database row the test read.
    let states_two = || async { Ok(first_layer(&visit, "").await?["tcf"]["vendor_count"] == json!(2)) };
    wait_until(states_two, PROMPTLY, "the first layer to state 2 vendors").await?;
    // The embed snippet names the TCF flavour of the boot loader, which loads the banner built with TCF.
    let snippet = text_of(&visit, "#embed-snippet").await?;
    ensure!(snippet.contains("/consent/consent-boot-tcf.js"), "the snippet of a TCF site: {snippet}");

    clean_and_screenshot_whole(&visit, "TCF form with two vendors", "section.tcf", "tcf").await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_vendor_the_list_lacks_or_deleted_is_refused_at_its_place_in_the_form() -> Result<()> {
    let visit = console_with_vendor_list().await?;
    let mut config = draft(&visit).await?;
    config["tcf"] = json!({"cmp_id": 300, "cmp_version": 1, "vendors": [755, 5, 9999]});
    fill(&visit, "#config-text", &serde_json::to_string_pretty(&config)?).await?;
    // Before publishing, the form already names what the list says of each.
    wait_until(
        || async {
            let chosen = text_of(&visit, ".chosen-vendors").await?;
            Ok(chosen.contains("Departed Ad Exchange") && chosen.contains("not in this endpoint's Global Vendor List"))
        },
        PROMPTLY,
        "the deleted and the unknown vendor marked",
    )
    .await?;

    // The preview cannot show vendors the endpoint refuses: it says why, and its banner names no partners and offers
    // no "Accept all" (it fails closed, as on a site).
    let said =
        || async { Ok(text_of(&visit, "section.preview").await?.contains("cannot show this draft's IAB vendors")) };
    wait_until(said, PROMPTLY, "the preview to say it cannot show the vendors").await?;
    let closed = "var layer = root && root.querySelector('[data-consent-banner]:not([hidden])');
                  return !!layer && !!layer.querySelector('[data-consent-action=reject-all]')
                      && !layer.querySelector('[data-consent-action=accept-all]') && !/partner/.test(layer.textContent);";
    let fails_closed = || async { Ok(in_preview(&visit, closed).await? == json!(true)) };
    wait_until(fails_closed, PROMPTLY, "the preview's first layer with Reject all, no partners, no Accept all").await?;

    press(&visit, "Publish revision 2").await?;
    wait_for_text_at(&visit, "#tcf-vendor-2-problem", "vendor 9999 is not in the Global Vendor List (version 142)")
        .await?;
    let deleted = text_of(&visit, "#tcf-vendor-1-problem").await?;
    ensure!(deleted.starts_with("vendor 5 (Departed Ad Exchange) was deleted"), "{deleted}");
    ensure!(stored(&visit).await?["revision"] == json!(1), "nothing was published");
    // The refusal is shown accessibly where it is (the endpoint's 422 is in the browser's log by design).
    no_axe_violations(&visit, "TCF vendors refused").await?;

    // Removing both clears their problems, and the rest publishes.
    click_in_view(&visit, "#tcf-vendor-2-remove").await?;
    click_in_view(&visit, "#tcf-vendor-1-remove").await?;
    wait_for_draft(&visit, "/tcf/vendors", json!([755])).await?;
    wait_for_text_at(&visit, "#tcf-vendor-0-problem", "").await?;
    the_preview_states_the_partners_and_offers_accept_all(&visit, 1).await?;
    press(&visit, "Publish revision 2").await?;
    let published = || async { Ok(stored(&visit).await?["tcf"]["vendors"] == json!([755])) };
    wait_until(published, PROMPTLY, "the stored config to list vendor 755 only").await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_endpoint_without_a_vendor_list_says_how_to_give_it_one_and_refuses_tcf_at_the_switch() -> Result<()> {
    let visit = open_demo_shop_in_console_with(SiteOptions::default()).await?;
    wait_for_text(&visit, "This endpoint has no Global Vendor List").await?;
    let mut config = draft(&visit).await?;
    config["tcf"] = json!({"cmp_id": 300, "cmp_version": 1, "vendors": [755]});
    fill(&visit, "#config-text", &serde_json::to_string_pretty(&config)?).await?;
    wait_for_draft(&visit, "/tcf/vendors", json!([755])).await?;
    ensure!(
        visit.browser.js("return document.getElementById('tcf-vendor-search').disabled;", vec![]).await? == json!(true),
        "no list, no search"
    );
    press(&visit, "Publish revision 2").await?;
    let refused = || async { Ok(text_of(&visit, "#tcf-on-problem").await?.contains("--gvl FILE")) };
    wait_until(refused, PROMPTLY, "the endpoint's refusal at the TCF switch").await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_vendor_name_is_shown_as_text_never_as_markup() -> Result<()> {
    // A name as a compromised or careless list could carry it.
    let markup = "<img src=x id=injected>Big Id Media";
    let edit = move |answer: &mut Value| {
        if let Some(vendors) = answer["vendors"].as_array_mut() {
            vendors.iter_mut().for_each(|vendor| vendor["name"] = json!(markup));
        }
    };
    let options = SiteOptions {
        vendor_list: true,
        json_edits: vec![("/v1/admin/gvl/vendors".into(), JsonEdit(Arc::new(edit)))],
        ..SiteOptions::default()
    };
    let visit = open_demo_shop_in_console_with(options).await?;
    click_in_view(&visit, "#tcf-on").await?;
    fill(&visit, "#tcf-vendor-search", "media").await?;
    visit.browser.wait_for("#tcf-vendor-add-755").await?;
    let shown = text_of(&visit, ".vendor-results .vendor-name").await?;
    ensure!(shown == markup, "the name is shown as written: {shown}");
    ensure!(visit.browser.count("#injected").await? == 0, "no element was made from the name");
    Ok(())
}

/// The ids of the purposes the first layer states, on their own or in a stack.
fn stated_purposes(layer: &Value) -> Vec<u64> {
    let tcf = &layer["tcf"];
    let mut ids: Vec<u64> = tcf["purposes"].as_array().into_iter().flatten().filter_map(|p| p["id"].as_u64()).collect();
    for stack in tcf["stacks"].as_array().into_iter().flatten() {
        ids.extend(stack["purposes"].as_array().into_iter().flatten().filter_map(Value::as_u64));
    }
    ids.sort_unstable();
    ids
}

/// Adds a restriction with the form's add row.
async fn add_restriction(visit: &Visit, purpose: &str, vendors: &str) -> Result<()> {
    fill(visit, "#tcf-restriction-purpose", purpose).await?;
    fill(visit, "#tcf-restriction-vendors", vendors).await?;
    click_in_view(visit, "#tcf-restriction-add").await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_product_team_adds_publisher_restrictions_and_one_that_does_not_fit_is_refused_at_it() -> Result<()> {
    let visit = console_with_vendor_list().await?;
    let mut config = draft(&visit).await?;
    config["tcf"] = json!({"cmp_id": 300, "cmp_version": 1, "vendors": [755, 2]});
    fill(&visit, "#config-text", &serde_json::to_string_pretty(&config)?).await?;
    wait_for_draft(&visit, "/tcf/vendors", json!([755, 2])).await?;

    // Purpose 3 (profiles for personalised ads) for every vendor that uses it.
    add_restriction(&visit, "3", "").await?;
    wait_for_draft(&visit, "/tcf/publisher_restrictions", json!([{"purpose": 3, "restriction": "not_allowed"}]))
        .await?;
    // A vendor the section does not list is named at once, at its restriction.
    add_restriction(&visit, "7", "1").await?;
    wait_for_text_at(&visit, "#tcf-restriction-1-problem", "vendors[0]: vendor 1 is not in tcf.vendors").await?;
    click_in_view(&visit, "#tcf-restriction-1-remove").await?;
    wait_for_draft(&visit, "/tcf/publisher_restrictions", json!([{"purpose": 3, "restriction": "not_allowed"}]))
        .await?;
    // Vendor 2 does not use purpose 8: only the endpoint knows, and refuses it at its place.
    add_restriction(&visit, "8", "2").await?;
    wait_for_draft(
        &visit,
        "/tcf/publisher_restrictions",
        json!([{"purpose": 3, "restriction": "not_allowed"}, {"purpose": 8, "restriction": "not_allowed", "vendors": [2]}]),
    )
    .await?;
    press(&visit, "Publish revision 2").await?;
    wait_for_text_at(
        &visit,
        "#tcf-restriction-1-problem",
        "vendors[0]: vendor 2 (Interest Ads) does not use it for purpose 8: not_allowed changes nothing for it",
    )
    .await?;
    ensure!(stored(&visit).await?["revision"] == json!(1), "nothing was published");
    no_axe_violations(&visit, "TCF restriction refused").await?;

    click_in_view(&visit, "#tcf-restriction-1-remove").await?;
    wait_for_draft(&visit, "/tcf/publisher_restrictions", json!([{"purpose": 3, "restriction": "not_allowed"}]))
        .await?;
    let listed = text_of(&visit, ".restrictions").await?;
    ensure!(listed.contains("Purpose 3: not allowed, for every vendor of the site it applies to"), "{listed}");
    press(&visit, "Publish revision 2").await?;
    let published = || async { Ok(stored(&visit).await?["tcf"]["publisher_restrictions"][0]["purpose"] == json!(3)) };
    wait_until(published, PROMPTLY, "the stored config to restrict purpose 3").await?;
    // Vendors 755 and 2 use purposes 1 to 4, 7 and 9; the first layer states them without 3.
    let without_three = || async { Ok(stated_purposes(&first_layer(&visit, "").await?) == [1, 2, 4, 7, 9]) };
    wait_until(without_three, PROMPTLY, "the first layer to state purposes 1, 2, 4, 7 and 9").await
}
