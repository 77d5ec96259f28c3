//! `consent scan` in a real headless Chromium against the demo site and the tracker corpus, the trackers' hosts
//! sent to a local recorder through `--chromium-arg=--host-resolver-rules=…` as a site owner's test would.

use std::collections::BTreeSet;
use std::time::Duration;

use anyhow::Result;
use consent_core::SiteConfig;
use consent_e2e::site::{workspace, SiteOptions, TestSite};
use consent_scan::report::Report;
use consent_scan::{scan, Pass, ScanError, ScanOptions};
use tracker_recorder::Recorder;

/// The corpus page with many routes to trackers (inserted scripts, innerHTML subtrees, document.write …).
const CORPUS_PAGE: &str = "injected.html";
/// The boot loader's tag as every corpus page has it.
const BOOT_LOADER: &str =
    "<script src=\"/consent/consent-boot.js\" data-config=\"/consent.json\" data-endpoint=\"/\"></script>";

/// Scans `path` on `site` with every host but the site's own sent to `trackers`, reports in a new directory.
async fn scan_site(site: &TestSite, trackers: &Recorder, path: &str, pages: usize) -> Result<(Report, String)> {
    let out = tempfile::Builder::new().prefix("consent-scan-out").tempdir()?;
    let options = ScanOptions {
        url: site.url(path),
        pages,
        out: out.path().to_owned(),
        chromium_args: vec![
            format!("--host-resolver-rules=MAP * {}, EXCLUDE 127.0.0.1", trackers.addr()),
            "--ignore-certificate-errors".into(),
        ],
        settle: Duration::from_millis(1500),
    };
    let outcome = scan(&options).await?;
    let html = std::fs::read_to_string(out.path().join("report.html"))?;
    for file in ["report.md", "report.json", "suggested-config.json"] {
        assert!(out.path().join(file).is_file(), "{file} was not written");
    }
    let suggested = std::fs::read_to_string(out.path().join("suggested-config.json"))?;
    SiteConfig::from_json(&suggested).map_err(|e| anyhow::anyhow!("consent config check refuses it: {e}"))?;
    Ok((outcome.report, html + "\n<!-- suggested -->\n" + &suggested))
}

/// (tracker name, category) of every tracker that sent requests in `pass`.
fn loaded_in(report: &Report, pass: Pass) -> BTreeSet<(String, String)> {
    report
        .trackers
        .iter()
        .filter(|t| t.loaded.contains(&pass))
        .map(|t| (t.identity.name.clone(), t.identity.category.clone()))
        .collect()
}

fn hosts_in(report: &Report, pass: Pass) -> BTreeSet<String> {
    report.trackers.iter().flat_map(|t| &t.requests).filter(|r| r.pass == pass).map(|r| r.url.clone()).collect()
}

fn pairs(items: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    items.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
}

#[tokio::test]
async fn scan_finds_nothing_on_the_demo_before_consent_nor_after_reject_all_and_its_trackers_after_accept_all(
) -> Result<()> {
    let site = TestSite::demo().await?;
    let trackers = Recorder::start("127.0.0.1:0")?;
    let (report, html) = scan_site(&site, &trackers, "/", 2).await?;

    assert!(report.banner, "the demo has our banner");
    assert_eq!(report.pages.len(), 2, "the shop and its privacy page: {:?}", report.pages);
    assert_eq!(hosts_in(&report, Pass::BeforeChoice), BTreeSet::new(), "before any choice");
    assert_eq!(hosts_in(&report, Pass::AfterRejectAll), BTreeSet::new(), "after Reject all");
    assert_eq!(
        loaded_in(&report, Pass::AfterAcceptAll),
        pairs(&[("Demo Ads", "marketing"), ("Demo Analytics", "analytics"), ("Demo Video", "marketing")])
    );
    let hosts: BTreeSet<&str> = report.trackers.iter().flat_map(|t| &t.hosts).map(String::as_str).collect();
    assert_eq!(hosts, BTreeSet::from(["ads.localhost", "analytics.localhost", "video.localhost"]));
    let analytics = report.trackers.iter().find(|t| t.identity.name == "Demo Analytics").expect("Demo Analytics");
    let cookies: Vec<_> =
        analytics.cookies.iter().map(|c| (c.cookie.name.as_str(), c.pass, c.cookie.third_party)).collect();
    assert_eq!(cookies, [("_demo_analytics", Pass::AfterAcceptAll, false)]);
    assert!(html.contains("No tracker loads before consent (2 pages scanned)."), "{html}");
    Ok(())
}

#[tokio::test]
async fn scan_reports_a_corpus_page_without_our_banner_and_its_suggested_config_holds_every_tracker() -> Result<()> {
    let page = std::fs::read_to_string(workspace().join("tests/e2e/fixtures/corpus").join(CORPUS_PAGE))?;
    assert!(page.contains(BOOT_LOADER), "the corpus page has changed");
    let trackers = Recorder::start("127.0.0.1:0")?;

    // The page as a site without a consent manager serves it.
    let bare = page.replace(BOOT_LOADER, "");
    let site =
        TestSite::start(SiteOptions { files: vec![("shop.html".into(), bare)], ..SiteOptions::default() }).await?;
    let (report, output) = scan_site(&site, &trackers, "/shop.html", 1).await?;
    assert!(!report.banner);
    assert_eq!(report.passes.iter().map(|p| p.pass).collect::<Vec<_>>(), [Pass::BeforeChoice], "no banner to answer");
    assert_eq!(
        loaded_in(&report, Pass::BeforeChoice),
        pairs(&[
            ("Google Analytics 4", "analytics"),
            ("Hotjar", "analytics"),
            ("LinkedIn Insight Tag", "marketing"),
            ("Meta Pixel", "marketing"),
            ("TikTok Pixel", "marketing"),
            ("YouTube", "marketing"),
        ])
    );
    let hotjar = report.trackers.iter().find(|t| t.identity.name == "Hotjar").expect("Hotjar");
    assert!(hotjar.hosts.contains("static.hotjar.com") && hotjar.hosts.contains("in.hotjar.com"), "{:?}", hotjar.hosts);
    assert!(hotjar.cookies.iter().any(|c| c.cookie.name == "_hjSession_1234"), "{:?}", hotjar.cookies);
    assert!(output.contains("6 trackers load before consent (1 page scanned)."));
    let suggested = output.split("<!-- suggested -->").nth(1).unwrap_or_default().to_owned();

    // The owner adds our boot loader with the suggested config: nothing loads before a choice any more.
    let site = TestSite::start(SiteOptions {
        config: Some(suggested),
        files: vec![("shop.html".into(), page)],
        ..SiteOptions::default()
    })
    .await?;
    let (again, _) = scan_site(&site, &trackers, "/shop.html", 1).await?;
    assert!(again.banner);
    assert_eq!(hosts_in(&again, Pass::BeforeChoice), BTreeSet::new(), "before any choice, with the suggested config");
    assert_eq!(hosts_in(&again, Pass::AfterRejectAll), BTreeSet::new(), "after Reject all, with the suggested config");
    assert!(loaded_in(&again, Pass::AfterAcceptAll).len() >= 5, "{:?}", loaded_in(&again, Pass::AfterAcceptAll));
    Ok(())
}

#[tokio::test]
async fn scan_of_an_unreachable_site_says_so() -> Result<()> {
    // A port nothing listens on: bound, then closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let out = tempfile::tempdir()?;
    let options = ScanOptions {
        url: format!("http://127.0.0.1:{port}/"),
        pages: 1,
        out: out.path().to_owned(),
        chromium_args: Vec::new(),
        settle: Duration::ZERO,
    };
    let error = scan(&options).await.expect_err("nothing listens there");
    assert!(matches!(error, ScanError::Unreachable { .. }), "{error}");
    assert!(error.to_string().starts_with(&format!("cannot reach http://127.0.0.1:{port}/: ")), "{error}");
    Ok(())
}

#[tokio::test]
async fn scan_of_a_site_whose_config_misses_trackers_suggests_them_merged_into_its_config() -> Result<()> {
    let dir = workspace().join("tests/e2e/fixtures/corpus");
    let page = std::fs::read_to_string(dir.join(CORPUS_PAGE))?;
    // The corpus config with only the two services the owner knew about.
    let mut config: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(dir.join("consent.json"))?)?;
    config["services"] = serde_json::json!([{ "catalog": "google-analytics" }, { "catalog": "meta-pixel" }]);
    let site = TestSite::start(SiteOptions {
        config: Some(config.to_string()),
        files: vec![("shop.html".into(), page)],
        ..SiteOptions::default()
    })
    .await?;
    let trackers = Recorder::start("127.0.0.1:0")?;
    let (report, output) = scan_site(&site, &trackers, "/shop.html", 1).await?;

    // Auto-blocking holds the unlisted ones, so nothing leaks; "Accept all" shows what the config does not name.
    assert_eq!(hosts_in(&report, Pass::BeforeChoice), BTreeSet::new(), "before any choice");
    assert_eq!(hosts_in(&report, Pass::AfterRejectAll), BTreeSet::new(), "after Reject all");
    let from_config: BTreeSet<&str> =
        report.trackers.iter().filter(|t| t.identity.service_id.is_some()).map(|t| t.identity.name.as_str()).collect();
    assert_eq!(from_config, BTreeSet::from(["Google Analytics 4", "Meta Pixel"]));
    let suggested: serde_json::Value =
        serde_json::from_str(output.split("<!-- suggested -->").nth(1).unwrap_or_default())?;
    assert_eq!(suggested["revision"], 2, "the owner's revision 1, bumped");
    assert_eq!(suggested["site"], "corpus-shop");
    let catalog: BTreeSet<&str> =
        suggested["services"].as_array().into_iter().flatten().filter_map(|s| s["id"].as_str()).collect();
    for id in ["google-analytics", "meta-pixel", "hotjar", "linkedin-insight", "tiktok-pixel", "youtube"] {
        let listed =
            catalog.contains(id) || suggested["services"].as_array().into_iter().flatten().any(|s| s["catalog"] == id);
        assert!(listed, "{id} is missing from the suggested config: {:#}", suggested["services"]);
    }
    Ok(())
}
