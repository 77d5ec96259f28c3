//! "Found on your site" in the console, used as a product team member would: visitors' pages held trackers the config
//! does not name (their records say so), the team opens the site, sees them listed, adds the findings of a
//! `consent scan` report, adds one tracker with one click, sees the change it makes, and publishes: the endpoint then
//! serves a config that names it, and the list no longer shows it.

use std::collections::BTreeSet;

use anyhow::{ensure, Context, Result};
use consent_e2e::site::{workspace, SiteOptions};
use consent_e2e::wait::{wait_until, PROMPTLY};
use consent_scan::identification::{Identity, Source};
use consent_scan::observation::Pass;
use consent_scan::report::{Report, TrackerFinding};
use fantoccini::Locator;
use serde_json::{json, Value};

use crate::console_dashboard::fetch_in_page;
use crate::console_session::click_in_view;
use crate::fixture::Visit;
use crate::product_console::{
    no_axe_violations, no_console_errors, press, sign_in_and_open_demo_shop, text_of, wait_for_text,
};

/// A visitor's "Accept all" on a page where auto-blocking held `found` (name, category, host), as the banner sends it.
fn accepted_with_found(n: u32, found: &[(&str, &str, &str)]) -> Value {
    let found: Vec<Value> = found
        .iter()
        .map(|(name, category, host)| json!({"name": name, "category": category, "hosts": [host], "decision": "granted"}))
        .collect();
    json!({
        "consent_id": format!("00000000-0000-4000-9000-{n:012}"),
        "site": "demo-shop",
        "action": "accept_all",
        "decisions": {"necessary": "granted", "analytics": "granted", "marketing": "granted"},
        "services": {"demo-analytics": "granted", "demo-ads": "granted", "demo-video": "granted"},
        "config_revision": 1,
        "config_sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "locale": "en-GB",
        "ui_layer": "first_layer",
        "page_url": "https://shop.example/",
        "gpc": false,
        "decided_at_ms": 1764000000000u64,
        "expires_at_ms": 1779000000000u64,
        "banner_version": "0.1.0",
        "found_trackers": found
    })
}

/// A scan report as `consent scan` writes it (its own types): one tracker the config did not name, which loaded before
/// the visitor chose anything, and one it named.
fn scan_report() -> String {
    let finding = |name: &str, host: &str, service_id: Option<&str>| TrackerFinding {
        identity: Identity {
            name: name.into(),
            category: "marketing".into(),
            catalog_id: None,
            service_id: service_id.map(Into::into),
            source: Source::OpenData,
        },
        hosts: BTreeSet::from([host.to_owned()]),
        loaded: BTreeSet::from([Pass::BeforeChoice]),
        requests: Vec::new(),
        cookies: Vec::new(),
        storage: Vec::new(),
    };
    let report = Report {
        site: "https://shop.example/".into(),
        banner: true,
        config_url: None,
        database: "third-party-web".into(),
        scanned_at: 0.0,
        passes: Vec::new(),
        trackers: vec![
            finding("Leaky Pixel", "px.leaky.example", None),
            finding("Demo Ads", "ads.example", Some("demo-ads")),
        ],
        unidentified_hosts: Vec::new(),
        pages: Vec::new(),
    };
    serde_json::to_string_pretty(&report).unwrap_or_default()
}

/// The rows of the "Found on your site" table: each row's cells' text.
async fn found_rows(visit: &Visit) -> Result<Vec<Vec<String>>> {
    let rows = visit
        .browser
        .js(
            "return Array.from(document.querySelectorAll('table.found tbody tr'))
                 .map(function (row) { return Array.from(row.cells).map(function (c) { return c.textContent.trim(); }); });",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(rows)?)
}

#[tokio::test(flavor = "multi_thread")]
async fn trackers_found_on_visitors_pages_are_listed_and_added_to_the_config_with_one_click() -> Result<()> {
    let visit = Visit::with(SiteOptions { console: true, ..SiteOptions::default() }).await?;
    visit.open("/admin/").await?;
    visit.browser.wait_for("#admin-token").await?;
    let decisions = json!([
        accepted_with_found(
            1,
            &[("Hotjar", "analytics", "static.hotjar.com"), ("<b>Acme</b> Beacon", "*", "t.acme.example")]
        ),
        accepted_with_found(2, &[("Hotjar", "analytics", "script.hotjar.com")]),
    ]);
    let init =
        json!({"method": "POST", "headers": {"Content-Type": "application/json"}, "body": decisions.to_string()});
    let (status, body) = fetch_in_page(&visit, "/v1/consents", init).await?;
    ensure!(status == 201 || status == 200, "posting the decisions: {status} {body}");

    sign_in_and_open_demo_shop(&visit).await?;
    wait_until(|| async { Ok(!found_rows(&visit).await?.is_empty()) }, PROMPTLY, "the found trackers").await?;
    let rows = found_rows(&visit).await?;
    ensure!(rows.len() == 2, "{rows:?}");
    ensure!(
        rows[0][..4] == ["Hotjar", "analytics", "script.hotjar.com, static.hotjar.com", "2 decisions (2 released)"],
        "{rows:?}"
    );
    // A name from a visitor's browser is text, never markup.
    ensure!(rows[1][0] == "<b>Acme</b> Beacon" && rows[1][1] == "every category", "{rows:?}");
    ensure!(visit.browser.count("table.found b").await? == 0, "markup in a tracker's name was rendered");

    // A scan's report.json, as `consent scan` writes it, picked in the file field: its unlisted tracker joins the list.
    let report_file = tempfile::Builder::new().suffix(".json").tempfile()?;
    std::fs::write(report_file.path(), scan_report())?;
    let input = visit.browser.client.find(Locator::Css("#scan-report")).await?;
    input.send_keys(&report_file.path().display().to_string()).await?;
    wait_for_text(&visit, "Read the scan of https://shop.example/: 1 tracker its config did not name.").await?;
    let rows = found_rows(&visit).await?;
    ensure!(
        rows.len() == 3
            && rows[2][..4] == ["Leaky Pixel", "marketing", "px.leaky.example", "the scan: loaded before any choice"],
        "{rows:?}"
    );
    no_axe_violations(&visit, "editor with found trackers").await?;
    let path = workspace().join("screenshots/console-found-on-site.png");
    visit.browser.js("document.getElementById('found-heading').scrollIntoView();", vec![]).await?;
    std::fs::write(&path, visit.browser.screenshot().await?).with_context(|| format!("writing {}", path.display()))?;

    // One click adds Hotjar to the draft as the catalog's entry; the draft still passes, and publishing shows it.
    click_in_view(&visit, "button[aria-label='Add to config: Hotjar']").await?;
    wait_for_text(&visit, "Hotjar added to the draft: publish to apply it.").await?;
    let draft = visit.browser.js("return document.querySelector('#config-text').value;", vec![]).await?;
    let draft: Value = serde_json::from_str(draft.as_str().context("the editor's text")?)?;
    let services = draft["services"].as_array().context("services")?;
    ensure!(
        services.last() == Some(&json!({"catalog": "hotjar", "category": "analytics"})),
        "the catalog's entry, in the category it waited for: {:?}",
        services.last()
    );
    wait_for_text(&visit, "No problems: the config passes every check.").await?;
    let rows = found_rows(&visit).await?;
    ensure!(rows.len() == 2 && rows[0][0] == "<b>Acme</b> Beacon", "Hotjar is named by the draft now: {rows:?}");
    press(&visit, "Publish revision 2").await?;
    let published = || async {
        let row = visit.site.store().site("demo-shop").await?.context("the demo shop")?;
        Ok(row.revision == 2)
    };
    wait_until(published, PROMPTLY, "revision 2 to be published").await?;
    let row = visit.site.store().site("demo-shop").await?.context("the demo shop")?;
    let served: Value = serde_json::from_str(&row.config_json)?;
    let hotjar = served["services"].as_array().context("services")?.iter().find(|s| s["id"] == "hotjar");
    let hotjar = hotjar.context("the served config names Hotjar")?;
    ensure!(hotjar["category"] == "analytics" && hotjar["hosts"].as_array().is_some_and(|h| !h.is_empty()), "{hotjar}");
    ensure!(text_of(&visit, "h1").await? == "demo-shop");
    no_console_errors(&visit).await
}
