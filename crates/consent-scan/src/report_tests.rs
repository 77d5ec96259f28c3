//! The report and the suggested config, from hand-written observations: what a site owner reads and what
//! `consent config check` gets.

use consent_core::tracker_db::TrackerDb;
use consent_core::SiteConfig;
use serde_json::{json, Value};

use crate::identification::Identifier;
use crate::observation::{CookieSeen, Initiator, Pass, PassObservations, RequestSeen, StorageArea, StorageKeySeen};
use crate::report::{Report, ReportContext};
use crate::suggestion::{lifetime, suggested_config};

const PAGE: &str = "https://shop.example/";
const NOW: f64 = 1_800_000_000.0;

fn request(url: &str, resource_type: &str) -> RequestSeen {
    let host = url.split('/').nth(2).unwrap_or_default().to_owned();
    RequestSeen {
        page: PAGE.into(),
        url: url.into(),
        host,
        resource_type: resource_type.into(),
        initiator: Initiator::Parser(Some(PAGE.into())),
    }
}

fn cookie(name: &str, domain: &str, days: Option<f64>, set_by: Option<&str>) -> CookieSeen {
    CookieSeen {
        page: PAGE.into(),
        name: name.into(),
        domain: domain.into(),
        expires: days.map(|d| NOW + d * 86_400.0),
        set_by: set_by.map(str::to_owned),
        third_party: !domain.ends_with("shop.example"),
    }
}

/// A shop without a consent manager: a Meta Pixel, Taboola (known only from the open data set), a font CDN.
fn shop_without_banner() -> PassObservations {
    let mut pass = PassObservations::new(Pass::BeforeChoice);
    pass.pages.push(PAGE.into());
    pass.requests = vec![
        request("https://connect.facebook.net/en_US/fbevents.js", "Script"),
        request("https://www.facebook.com/tr?id=1&ev=PageView", "Image"),
        request("https://cdn.taboola.com/libtrc/shop/loader.js", "Script"),
        request("https://fonts.example-cdn.net/inter.css", "Stylesheet"),
    ];
    pass.cookies = vec![
        cookie("_fbp", ".shop.example", Some(90.0), None),
        cookie("t_gid", ".taboola.com", Some(365.0), Some("https://trc.taboola.com/sg/x")),
        cookie("cart", "shop.example", None, None),
    ];
    pass.storage = vec![StorageKeySeen { page: PAGE.into(), area: StorageArea::Local, key: "_fbq_state".into() }];
    pass
}

fn report_of(passes: &[PassObservations], config: Option<&SiteConfig>) -> Report {
    let identifier = Identifier::new(config, TrackerDb::builtin());
    let context = ReportContext {
        site: PAGE,
        banner: config.is_some(),
        config_url: config.map(|_| "https://shop.example/consent.json".to_owned()),
        database: TrackerDb::source(),
        scanned_at: NOW,
        identifier: &identifier,
    };
    Report::build(&context, passes)
}

#[test]
fn trackers_that_load_before_consent_lead_the_report_with_their_category() {
    let report = report_of(&[shop_without_banner()], None);
    assert_eq!(report.headline(), "2 trackers load before consent (1 page scanned).");
    let found: Vec<_> = report
        .trackers
        .iter()
        .map(|t| (t.identity.name.as_str(), t.identity.category.as_str(), t.hosts.len(), t.cookies.len()))
        .collect();
    assert_eq!(found, [("Meta Pixel", "marketing", 2, 1), ("Taboola", "marketing", 1, 1)]);
    assert_eq!(
        report.unidentified_hosts.iter().map(|h| h.host.as_str()).collect::<Vec<_>>(),
        ["fonts.example-cdn.net"]
    );
    let summary = report.pass(Pass::BeforeChoice).unwrap();
    assert_eq!((summary.trackers, summary.tracker_requests, summary.third_party_requests), (2, 3, 4));
    assert_eq!((summary.cookies, summary.tracker_cookies), (3, 2));
}

#[test]
fn the_html_report_escapes_everything_the_site_wrote() {
    let mut pass = shop_without_banner();
    pass.requests.push(request("https://www.facebook.com/tr?x=<script>alert(1)</script>", "Image"));
    pass.cookies.push(cookie("_fbc\"><img src=x onerror=alert(1)>", ".facebook.com", None, None));
    let report = report_of(&[pass], None);
    let html = crate::html_report::render(&report);
    assert!(!html.contains("<script>alert"), "an unescaped URL");
    assert!(!html.contains("<img src=x"), "an unescaped cookie name");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let headline = html.find("2 trackers load before consent").expect("the headline");
    assert!(headline < html.find("Meta Pixel").unwrap(), "the summary comes first");
    let markdown = crate::markdown_report::render(&report);
    assert!(markdown.starts_with("# Tracker scan of https://shop.example/\n\n**2 trackers load before consent"));
    // Markdown shows a code span's text as it is: the URL is harmless inside backticks, and only there.
    assert!(markdown.contains("`https://www.facebook.com/tr?x=<script>alert(1)</script>`"));
    assert_eq!(markdown.matches("<script>").count(), 1, "{markdown}");
}

#[test]
fn both_reports_show_each_pass_in_numbers_and_the_json_lists_each_cookie_with_its_pass() {
    let report = report_of(&[shop_without_banner()], None);
    let markdown = crate::markdown_report::render(&report);
    assert!(markdown.contains(
        "| Pass | Pages | Trackers | Tracker requests | Third-party requests | Tracker cookies | Cookies | Storage keys |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|\n| before any choice | 1 | 2 | 3 | 4 | 2 | 3 | 1 |\n"
    ));
    let html = crate::html_report::render(&report);
    assert!(html.contains(
        "<tr><td>before any choice</td><td>1</td><td>2</td><td>3</td><td>4</td><td>2</td><td>3</td><td>1</td></tr>"
    ));
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(
        json["trackers"][0]["cookies"][0],
        json!({"pass": "before_choice", "page": PAGE, "name": "_fbp", "domain": ".shop.example",
               "expires": NOW + 90.0 * 86_400.0, "set_by": null, "third_party": false})
    );
}

#[test]
fn without_a_config_the_suggestion_is_a_complete_config_the_check_accepts() {
    let report = report_of(&[shop_without_banner()], None);
    let config = suggested_config(&report, None, "shop.example", NOW);
    let checked = SiteConfig::from_json(&config.to_string()).expect("consent config check accepts it");
    assert_eq!(config["site"], "shop.example");
    assert_eq!(config["services"][0], json!({ "catalog": "meta-pixel", "category": "marketing" }));
    let taboola = checked.services.iter().find(|s| s.id.as_str() == "taboola").expect("a service for Taboola");
    assert_eq!(taboola.hosts.iter().map(ToString::to_string).collect::<Vec<_>>(), ["cdn.taboola.com"]);
    let items: Vec<_> = taboola.items.iter().map(|i| (i.name.as_str(), i.domain.as_deref())).collect();
    assert_eq!(items, [("t_gid", Some(".taboola.com"))]);
    assert_eq!(config["services"][1]["cookies"][0]["duration"], "13mo");
    // Every tracker the scan found is held by the suggested config.
    for url in ["https://connect.facebook.net/en_US/fbevents.js", "https://cdn.taboola.com/libtrc/shop/loader.js"] {
        assert!(checked.service_for_url(url).is_some(), "{url} is not covered");
    }
}

#[test]
fn with_the_sites_config_the_suggestion_adds_only_what_it_misses_and_bumps_the_revision() {
    let existing: Value = json!({
        "site": "shop", "revision": 4,
        "categories": [{ "id": "necessary", "title": "Necessary", "required": true },
                       { "id": "marketing", "title": "Marketing" }],
        "services": [{ "catalog": "meta-pixel" }],
        "theme": { "accent": "#aa0000" }
    });
    let config = SiteConfig::from_json(&existing.to_string()).unwrap();
    let mut pass = shop_without_banner();
    pass.requests.push(request("https://static.hotjar.com/c/hotjar-1.js", "Script"));
    let report = report_of(&[pass], Some(&config));
    let meta = report.trackers.iter().find(|t| t.identity.name == "Meta Pixel").unwrap();
    assert_eq!(meta.identity.service_id.as_deref(), Some("meta-pixel"), "known from the site's own config");
    let merged = suggested_config(&report, Some(&existing), "shop.example", NOW);
    SiteConfig::from_json(&merged.to_string()).expect("consent config check accepts the merged config");
    assert_eq!(merged["revision"], 5);
    assert_eq!(merged["theme"], existing["theme"], "the owner's settings are kept");
    let services: Vec<_> = merged["services"].as_array().unwrap().iter().map(|s| s["catalog"].clone()).collect();
    assert_eq!(services, [json!("meta-pixel"), json!("hotjar"), Value::Null]);
    let categories: Vec<_> = merged["categories"].as_array().unwrap().iter().map(|c| c["id"].clone()).collect();
    assert_eq!(categories, [json!("necessary"), json!("marketing"), json!("analytics")]);
}

#[test]
fn cookie_lifetimes_are_written_as_configs_write_them() {
    let days = |d: f64| lifetime(Some(NOW + d * 86_400.0), NOW);
    assert_eq!(lifetime(None, NOW), "session");
    assert_eq!(days(0.01), "15min");
    assert_eq!(days(1.0), "24h");
    assert_eq!(days(7.0), "7d");
    assert_eq!(days(390.0), "13mo");
    assert_eq!(days(730.0), "2y");
    assert_eq!(lifetime(Some(NOW - 5.0), NOW), "1min");
}
