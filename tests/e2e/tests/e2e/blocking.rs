//! Nothing that tracks loads before the visitor agrees, and only what they agreed to loads after.

use anyhow::Result;
use consent_e2e::wait::{settle, wait_until, PROMPTLY};
use serde_json::json;

use crate::fixture::Visit;

const BANNER: &str = "[data-consent-banner]";

async fn wait_for_tracker(visit: &Visit, host: &str, path: &str) -> Result<()> {
    let what = format!("a request for {host}{path}");
    wait_until(|| async { Ok(visit.tracker_saw(host, path)) }, PROMPTLY, &what).await
}

#[tokio::test(flavor = "multi_thread")]
async fn first_visit_asks_with_three_equal_answers_and_loads_no_tracker() -> Result<()> {
    let visit = Visit::demo().await?;
    visit.open("/").await?;
    visit.browser.wait_for(BANNER).await?;

    // Size, weight and colours of the three answers, as the visitor sees them.
    let looks = visit
        .browser
        .in_banner(
            r#"return ['accept-all', 'reject-all', 'customise'].map(function (action) {
                var el = root.querySelector('[data-consent-banner] [data-consent-action="' + action + '"]');
                var r = el.getBoundingClientRect(), s = getComputedStyle(el);
                return [Math.round(r.width), Math.round(r.height), s.fontWeight, s.fontSize, s.color,
                        s.backgroundColor, s.borderColor];
            });"#,
            vec![],
        )
        .await?;
    let looks = looks.as_array().expect("a list");
    assert_eq!(looks.len(), 3);
    assert!(looks.iter().all(|l| l == &looks[0]), "the three answers must look alike: {looks:?}");

    settle().await;
    assert_eq!(visit.tracker_requests(), Vec::<String>::new(), "no tracker may be contacted before a choice");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn accept_all_runs_the_analytics_tag_and_loads_the_pixel_and_the_video() -> Result<()> {
    let visit = Visit::demo().await?;
    visit.open("/").await?;
    visit.browser.click("[data-consent-action='accept-all']").await?;
    visit.browser.wait_gone(BANNER).await?;
    for (host, path) in [
        ("analytics.localhost", "/analytics.js"),
        ("analytics.localhost", "/collect"),
        ("ads.localhost", "/pixel.gif"),
        ("video.localhost", "/embed/video"),
    ] {
        wait_for_tracker(&visit, host, path).await?;
    }
    let counts = visit.browser.js("return [window.demoAnalyticsLoaded, window.demoInlineAnalytics];", vec![]).await?;
    assert_eq!(counts, json!([1, 1]), "each held script runs exactly once");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn reject_all_loads_no_tracker_now_or_on_the_next_page() -> Result<()> {
    let visit = Visit::demo().await?;
    visit.open("/").await?;
    visit.browser.click("[data-consent-action='reject-all']").await?;
    visit.browser.wait_gone(BANNER).await?;
    settle().await;
    visit.open("/privacy.html").await?;
    visit.open("/").await?;
    settle().await;
    assert_eq!(visit.browser.count(BANNER).await?, 0, "a refusal is remembered, not asked again");
    assert_eq!(visit.tracker_requests(), Vec::<String>::new());
    let ran = visit.browser.js("return [window.demoAnalyticsLoaded, window.demoInlineAnalytics];", vec![]).await?;
    assert_eq!(ran, json!([null, null]));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn choosing_analytics_only_runs_analytics_and_holds_the_pixel_and_the_video() -> Result<()> {
    let visit = Visit::demo().await?;
    visit.open("/").await?;
    visit.browser.click("[data-consent-action='customise']").await?;
    visit.browser.click("input[data-consent-category='analytics']").await?;
    visit.browser.click("[data-consent-action='save']").await?;
    wait_for_tracker(&visit, "analytics.localhost", "/collect").await?;
    settle().await;
    let marketing: Vec<_> = visit.tracker_requests().into_iter().filter(|r| !r.starts_with("analytics.")).collect();
    assert_eq!(marketing, Vec::<String>::new(), "marketing was not accepted");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn held_media_links_and_embeds_load_only_after_consent() -> Result<()> {
    use consent_e2e::site::{workspace, SiteOptions};
    let page = std::fs::read_to_string(workspace().join("demo/index.html"))?.replace(
        "<main>",
        "<main>
      <video controls width=\"320\"><source data-category=\"marketing\" data-src=\"http://video.localhost:8081/clip.mp4\"
        type=\"video/mp4\"></video>
      <audio data-category=\"marketing\" data-src=\"http://video.localhost:8081/jingle.mp3\" preload=\"auto\"></audio>
      <link rel=\"stylesheet\" data-category=\"marketing\" data-href=\"http://ads.localhost:8081/widget.css\">
      <embed type=\"image/gif\" data-category=\"marketing\" data-src=\"http://ads.localhost:8081/banner-ad.gif\">",
    );
    let visit = Visit::with(SiteOptions { files: vec![("index.html".into(), page)], ..SiteOptions::default() }).await?;
    visit.open("/").await?;
    visit.browser.wait_for(BANNER).await?;
    settle().await;
    assert_eq!(visit.tracker_requests(), Vec::<String>::new(), "nothing before a choice");
    visit.browser.click("[data-consent-action='accept-all']").await?;
    for (host, path) in [
        ("video.localhost", "/clip.mp4"),
        ("video.localhost", "/jingle.mp3"),
        ("ads.localhost", "/widget.css"),
        ("ads.localhost", "/banner-ad.gif"),
    ] {
        wait_for_tracker(&visit, host, path).await?;
    }
    Ok(())
}
