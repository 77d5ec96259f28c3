//! A config that is missing or wrong keeps every tracker blocked, tells the site owner why, and breaks nothing else.

use anyhow::Result;
use consent_e2e::site::{workspace, SiteOptions};
use consent_e2e::wait::{settle, wait_for, PROMPTLY};

use crate::fixture::Visit;

/// The demo site whose pages load their config from `config_path`, with `files` added.
async fn site_with_config_at(config_path: &str, files: Vec<(String, String)>) -> Result<Visit> {
    let page = std::fs::read_to_string(workspace().join("demo/index.html"))?
        .replace("data-config=\"/consent.json\"", &format!("data-config=\"{config_path}\""));
    let mut files = files;
    files.push(("index.html".into(), page));
    Visit::with(SiteOptions { files, ..SiteOptions::default() }).await
}

/// Waits for a `console.error` from the banner containing every one of `needles`, and returns it.
async fn banner_error(visit: &Visit, needles: &[&str]) -> Result<String> {
    let seen = std::cell::RefCell::new(Vec::new());
    let what = format!("a console error mentioning {needles:?}");
    wait_for(
        || async {
            let fresh = visit.browser.console().await?;
            let mut seen = seen.borrow_mut();
            seen.extend(fresh);
            Ok(seen
                .iter()
                .find(|e| e.is_console_error() && needles.iter().all(|n| e.message.contains(n)))
                .map(|e| e.message.clone()))
        },
        PROMPTLY,
        &what,
    )
    .await
}

async fn assert_page_works_and_nothing_tracks(visit: &Visit) -> Result<()> {
    settle().await;
    assert_eq!(visit.tracker_requests(), Vec::<String>::new(), "fail closed: every tracker stays blocked");
    let heading = visit.browser.js("return document.querySelector('h1').textContent;", vec![]).await?;
    assert_eq!(heading, "Hand-made ceramics, fired in small batches", "the page itself keeps working");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_config_keeps_every_tracker_blocked_and_says_why() -> Result<()> {
    let visit = site_with_config_at("/no-such-config.json", vec![]).await?;
    visit.open("/").await?;
    let message = banner_error(&visit, &["/no-such-config.json", "404", "Every tracker stays blocked"]).await?;
    assert!(message.contains("consent-banner:"), "{message}");
    assert_page_works_and_nothing_tracks(&visit).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_config_that_is_not_json_keeps_every_tracker_blocked_and_says_why() -> Result<()> {
    let files = vec![("broken.json".to_owned(), "{\"site\": \"demo-shop\", ".to_owned())];
    let visit = site_with_config_at("/broken.json", files).await?;
    visit.open("/").await?;
    banner_error(&visit, &["/broken.json", "not valid JSON"]).await?;
    assert_page_works_and_nothing_tracks(&visit).await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_invalid_config_names_the_field_and_keeps_every_tracker_blocked() -> Result<()> {
    let demo = std::fs::read_to_string(workspace().join("demo/consent.json"))?;
    let files = vec![("invalid.json".to_owned(), demo.replace("\"analytics\"", "\"Analytics\""))];
    let visit = site_with_config_at("/invalid.json", files).await?;
    visit.open("/").await?;
    banner_error(&visit, &["/invalid.json", "categories[1].id", "'Analytics' must start with a lowercase letter"])
        .await?;
    assert_eq!(visit.browser.count("[data-consent-banner]").await?, 0, "no banner from a config that is wrong");
    assert_page_works_and_nothing_tracks(&visit).await
}
