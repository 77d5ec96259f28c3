//! The console's Services form, used as a product team member who would rather not touch JSON: see the demo's
//! services, find Hotjar in the catalog and add it, move a service to another category, remove one, see a service's
//! problem next to it, and publish; define a service of their own (hosts, a cookies table with durations, a bad
//! duration named at its field), add a tracker from the tracker database, and publish; the endpoint serves what the
//! form wrote. Screenshot for review: `screenshots/console-services.png`.

use anyhow::{ensure, Context, Result};
use consent_e2e::site::workspace;
use consent_e2e::wait::{wait_until, PROMPTLY};
use serde_json::{json, Value};

use crate::axe::color_scheme;
use crate::console_dashboard::fetch_in_page;
use crate::console_session::{
    choose, click_in_view, draft, open_demo_shop_in_console, press_named, value_of, wait_for_draft, wait_for_focus,
    NO_PROBLEMS,
};
use crate::fixture::Visit;
use crate::product_console::{fill, no_axe_violations, no_console_errors, press, text_of, wait_for_text};

/// Waits until the draft's services are `wanted` by `seen`.
async fn wait_for_services(visit: &Visit, what: &str, seen: impl Fn(&[Value]) -> bool) -> Result<()> {
    let check = || async {
        let draft = draft(visit).await?;
        Ok(seen(draft["services"].as_array().map(Vec::as_slice).unwrap_or_default()))
    };
    wait_until(check, PROMPTLY, what).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_product_team_edits_services_in_a_form_and_publishes_them() -> Result<()> {
    let visit = open_demo_shop_in_console().await?;

    // The demo's services are listed.
    let listed = text_of(&visit, "section.services").await?;
    for name in ["Demo Analytics", "Demo Ads", "Demo Video"] {
        ensure!(listed.contains(name), "{name} is listed: {listed}");
    }

    // Hotjar, found in the catalog and added, in its own category, which the demo has.
    fill(&visit, "#catalog-search", "hotjar").await?;
    wait_for_text(&visit, "Add Hotjar").await?;
    press(&visit, "Add Hotjar").await?;
    let hotjar = json!({"catalog": "hotjar", "category": "analytics"});
    wait_for_services(&visit, "Hotjar in the draft", |s| s.contains(&hotjar)).await?;
    let changes = text_of(&visit, "table.changes tbody").await?;
    ensure!(changes.contains("hotjar"), "the pending changes list Hotjar: {changes}");
    let results = text_of(&visit, ".catalog-results").await?;
    ensure!(!results.contains("Hotjar"), "Hotjar leaves the search results: {results}");

    // Demo Video (the third) moved to analytics.
    choose(&visit, "#service-2-category", "analytics").await?;
    wait_for_services(&visit, "Demo Video in analytics", |s| s[2]["category"] == "analytics").await?;

    // Demo Ads removed.
    press(&visit, "Remove Demo Ads").await?;
    wait_for_services(&visit, "Demo Ads gone", |s| s.iter().all(|s| s["id"] != "demo-ads")).await?;

    // A service problem shows next to it: a category the draft does not have, written in the JSON.
    let mut broken = draft(&visit).await?;
    broken["services"][0]["category"] = json!("nowhere");
    fill(&visit, "#config-text", &serde_json::to_string_pretty(&broken)?).await?;
    let shown = || async { Ok(!text_of(&visit, "#service-0-category-problem").await?.trim().is_empty()) };
    wait_until(shown, PROMPTLY, "the category problem next to Demo Analytics").await?;
    let problem = text_of(&visit, "#service-0-category-problem").await?;
    ensure!(problem.contains("nowhere"), "the problem names the category: {problem}");
    choose(&visit, "#service-0-category", "analytics").await?;
    wait_for_text(&visit, NO_PROBLEMS).await?;

    press(&visit, "Publish revision 2").await?;
    let published = || async {
        let row = visit.site.store().site("demo-shop").await?.context("the demo shop is stored")?;
        let config: Value = serde_json::from_str(&row.config_json)?;
        let services = config["services"].as_array().cloned().unwrap_or_default();
        Ok(services.iter().any(|s| s["id"] == "hotjar" || s["catalog"] == "hotjar"))
    };
    wait_until(published, PROMPTLY, "the stored config to have a hotjar service").await?;

    no_axe_violations(&visit, "services form").await?;
    no_console_errors(&visit).await
}

/// Waits until the problem shown next to the field `id` satisfies `wanted`, and returns it.
async fn problem_at(visit: &Visit, id: &str, wanted: impl Fn(&str) -> bool) -> Result<String> {
    let selector = format!("#{id}-problem");
    wait_until(|| async { Ok(wanted(text_of(visit, &selector).await?.trim())) }, PROMPTLY, &selector).await?;
    text_of(visit, &selector).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_product_team_defines_a_service_with_its_cookies_and_adds_one_from_the_tracker_database() -> Result<()> {
    let visit = open_demo_shop_in_console().await?;
    let at = draft(&visit).await?["services"].as_array().map_or(0, Vec::len);
    let field = |part: &str| format!("service-{at}-{part}");

    // A service of their own, in marketing; the focus goes to its name, and the check asks for its id and name there.
    choose(&visit, "#new-service-category", "marketing").await?;
    press(&visit, "Add your own service").await?;
    wait_for_focus(&visit, &field("name")).await?;
    let blank = json!({"id": "", "name": "", "category": "marketing", "hosts": []});
    wait_for_services(&visit, "a blank service in marketing", |s| s.get(at) == Some(&blank)).await?;
    problem_at(&visit, &field("id"), |p| p.contains("is required")).await?;
    // Markup in a name is the name's text.
    let name = "Shop chat <b>live</b>";
    fill(&visit, &format!("#{}", field("name")), name).await?;
    fill(&visit, &format!("#{}", field("id")), "shop-chat").await?;
    problem_at(&visit, &field("id"), str::is_empty).await?;
    let marked = visit
        .browser
        .js(
            "var f = document.getElementById(arguments[0]).closest('fieldset.service');
             return [f.querySelector('legend').textContent, f.querySelectorAll('b').length];",
            vec![field("name").into()],
        )
        .await?;
    ensure!(marked == json!([name, 0]), "the name shows as text, not markup: {marked}");

    // A host, typed into the row the button adds (and focuses).
    click_in_view(&visit, &format!("#{}", field("add-host"))).await?;
    wait_for_focus(&visit, &field("host-0")).await?;
    fill(&visit, &format!("#{}", field("host-0")), "chat.shop.example").await?;

    // A cookie row; a duration written as prose is named next to its field, in the check's words, then fixed.
    click_in_view(&visit, &format!("#{}", field("add-cookie"))).await?;
    wait_for_focus(&visit, &field("cookie-0-name")).await?;
    fill(&visit, &format!("#{}", field("cookie-0-name")), "chat_sid").await?;
    fill(&visit, &format!("#{}", field("cookie-0-purpose")), "Keeps the conversation going").await?;
    let duration = field("cookie-0-duration");
    fill(&visit, &format!("#{duration}"), "2 years").await?;
    let problem = problem_at(&visit, &duration, |p| !p.is_empty()).await?;
    ensure!(problem.contains("'2 years' is not a duration"), "the duration's problem: {problem}");
    let input = visit
        .browser
        .js(
            "var e = document.getElementById(arguments[0]);
             return [e.getAttribute('aria-invalid'), e.getAttribute('aria-describedby')];",
            vec![duration.clone().into()],
        )
        .await?;
    ensure!(input[0] == "true", "the duration is marked invalid: {input}");
    ensure!(
        input[1].as_str().is_some_and(|ids| ids.split(' ').any(|id| id == format!("{duration}-problem"))),
        "the duration is described by its problem: {input}"
    );
    fill(&visit, &format!("#{duration}"), "30d").await?;
    problem_at(&visit, &duration, str::is_empty).await?;
    wait_for_text(&visit, NO_PROBLEMS).await?;

    // What it does (consent-core's kinds, in words) and whether withdrawing it reloads the page: both written into the
    // service, nothing else of the draft touched.
    let kind = field("kind");
    let offered = visit
        .browser
        .js(
            "return Array.from(document.getElementById(arguments[0]).options).map(function (o) { return o.value; });",
            vec![kind.clone().into()],
        )
        .await?;
    ensure!(offered == json!(["cookie", "pixel", "local_storage", "sdk", "embed"]), "the kinds offered: {offered}");
    ensure!(value_of(&visit, &format!("#{kind}")).await? == "cookie", "a service that names no kind is a cookie one");
    choose(&visit, &format!("#{kind}"), "sdk").await?;
    wait_for_draft(&visit, &format!("/services/{at}/kind"), json!("sdk")).await?;
    click_in_view(&visit, &format!("#{}", field("reload-on-withdraw"))).await?;
    wait_for_draft(&visit, &format!("/services/{at}/reload_on_withdraw"), json!(true)).await?;
    wait_for_text(&visit, NO_PROBLEMS).await?;

    // Moved up one place, before Demo Video: the focus follows it to its new place's "Move up" button.
    let before = draft(&visit).await?["services"][at - 1]["id"].clone();
    press_named(&visit, &format!("Move {name} up")).await?;
    wait_for_draft(&visit, &format!("/services/{}/id", at - 1), json!("shop-chat")).await?;
    wait_for_draft(&visit, &format!("/services/{at}/id"), before.clone()).await?;
    wait_for_focus(&visit, &format!("service-{}-up", at - 1)).await?;
    wait_for_text(&visit, &format!("{name} moved to place {} of {}.", at, at + 1)).await?;
    let at = at - 1;
    let field = |part: &str| format!("service-{at}-{part}");

    // Taboola, found in the tracker database (labelled so) and added with its hosts, in marketing.
    fill(&visit, "#catalog-search", "taboola").await?;
    wait_for_text(&visit, "Add Taboola").await?;
    let results = text_of(&visit, ".catalog-results").await?;
    ensure!(results.contains("Tracker database"), "results say where they come from: {results}");
    press(&visit, "Add Taboola").await?;
    let taboola = |s: &Value| s["name"] == "Taboola" && s["hosts"].as_array().is_some_and(|h| !h.is_empty());
    wait_for_services(&visit, "Taboola in the draft", |s| s.iter().any(taboola)).await?;
    wait_for_text(&visit, NO_PROBLEMS).await?;

    // Published, the endpoint serves the service with its host and its cookie.
    press(&visit, "Publish revision 2").await?;
    wait_for_text(&visit, "Published revision 2").await?;
    let (status, body) = fetch_in_page(&visit, "/v1/sites/demo-shop/config", json!({ "cache": "no-store" })).await?;
    ensure!(status == 200, "the config is served: {status} {body}");
    let served: Value = serde_json::from_str(&body)?;
    let services = served["services"].as_array().cloned().unwrap_or_default();
    let chat = services.iter().find(|s| s["id"] == "shop-chat").context("shop-chat is served")?;
    ensure!(chat["name"] == name && chat["category"] == "marketing", "{chat}");
    ensure!(chat["hosts"] == json!(["chat.shop.example"]), "{chat}");
    ensure!(chat["kind"] == "sdk" && chat["reload_on_withdraw"] == true, "{chat}");
    ensure!(services[at]["id"] == "shop-chat" && services[at + 1]["id"] == before, "the order: {services:?}");
    ensure!(
        chat["cookies"]
            == json!([{"name": "chat_sid", "kind": "cookie", "purpose": "Keeps the conversation going", "duration": "30d"}]),
        "{chat}"
    );
    ensure!(services.iter().any(taboola), "Taboola is served: {services:?}");

    // Nothing for axe in either scheme, with the search's results showing; no console errors.
    fill(&visit, "#catalog-search", "google").await?;
    wait_for_text(&visit, "Add Google Analytics").await?;
    for scheme in ["dark", "light"] {
        color_scheme(&visit.browser, scheme).await?;
        no_axe_violations(&visit, &format!("services form, {scheme}")).await?;
    }
    no_console_errors(&visit).await?;

    // For the screenshot: the new service with its cookies table.
    visit
        .browser
        .js(
            "document.activeElement.blur();
             document.getElementById(arguments[0]).closest('fieldset.service').scrollIntoView({ block: 'start' });",
            vec![field("name").into()],
        )
        .await?;
    let path = workspace().join("screenshots").join("console-services.png");
    std::fs::write(&path, visit.browser.screenshot().await?).with_context(|| format!("writing {}", path.display()))
}
