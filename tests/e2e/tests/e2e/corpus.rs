//! The tracker corpus: real snippets as vendors give them (Google tag, Google Tag Manager, Meta Pixel with its
//! noscript image, Hotjar, LinkedIn Insight, TikTok, a YouTube embed), tags inserted by other scripts (createElement,
//! setAttribute, innerHTML subtrees, insertAdjacentHTML, document.write) and requests sent by the page itself (fetch,
//! sendBeacon, new Image().src, XMLHttpRequest). The trackers' real host names reach a local recorder through
//! Chromium's host resolver rules, over HTTPS. For each page: nothing before a choice, nothing after "Reject all" (nor
//! on the next visit), and after "Accept all" the snippet really loads and reports.

use anyhow::Result;
use consent_e2e::site::{workspace, SiteOptions};
use consent_e2e::wait::{settle, wait_until, PROMPTLY};

use crate::fixture::Visit;

/// What "Accept all" must make each page request: (host, path prefix, optionally `?` and a piece of the query).
const PAGES: &[(&str, &[(&str, &str)])] = &[
    (
        "gtag.html",
        &[
            ("www.googletagmanager.com", "/gtag/js"),
            // The released SDK reports by every route, so each interceptor lets go once consent is given.
            ("region1.google-analytics.com", "/g/collect?via=image"),
            ("region1.google-analytics.com", "/g/collect?via=fetch"),
            ("region1.google-analytics.com", "/g/collect?via=beacon"),
            ("region1.google-analytics.com", "/g/collect?via=xhr"),
        ],
    ),
    ("gtm.html", &[("www.googletagmanager.com", "/gtm.js"), ("region1.google-analytics.com", "/g/collect")]),
    ("meta-pixel.html", &[("connect.facebook.net", "/en_US/fbevents.js"), ("www.facebook.com", "/tr")]),
    ("hotjar.html", &[("static.hotjar.com", "/c/hotjar-1234.js"), ("in.hotjar.com", "/api/v2/client/sites/1234")]),
    ("linkedin.html", &[("snap.licdn.com", "/li.lms-analytics/insight.min.js"), ("px.ads.linkedin.com", "/collect")]),
    ("tiktok.html", &[("analytics.tiktok.com", "/i18n/pixel/events.js"), ("analytics.tiktok.com", "/api/v2/pixel")]),
    ("youtube.html", &[("www.youtube.com", "/embed/CORPUS1")]),
    (
        "injected.html",
        &[
            ("static.hotjar.com", "/c/hotjar-99.js"),
            ("www.facebook.com", "/tr"),
            ("px.ads.linkedin.com", "/collect/"),
            ("www.youtube.com", "/embed/INNER"),
            ("analytics.tiktok.com", "/i18n/pixel/events.js"),
            ("analytics.tiktok.com", "/api/v2/pixel"),
            ("region1.google-analytics.com", "/g/collect"),
        ],
    ),
    (
        "requests.html",
        &[
            ("region1.google-analytics.com", "/g/collect"),
            ("www.facebook.com", "/tr"),
            ("px.ads.linkedin.com", "/collect"),
        ],
    ),
];

/// The corpus site: the demo site plus the corpus pages, with the corpus config.
pub async fn corpus_visit() -> Result<Visit> {
    let dir = workspace().join("tests/e2e/fixtures/corpus");
    let config = std::fs::read_to_string(dir.join("consent.json"))?;
    let mut files = Vec::new();
    for (page, _) in PAGES {
        files.push(((*page).to_owned(), std::fs::read_to_string(dir.join(page))?));
    }
    Visit::with(SiteOptions { config: Some(config), files, ..SiteOptions::default() }).await
}

fn expected(page: &str) -> &'static [(&'static str, &'static str)] {
    PAGES.iter().find(|(name, _)| *name == page).map(|(_, hits)| *hits).unwrap_or_default()
}

async fn nothing_before_a_choice_nor_after_reject_all(page: &str) -> Result<()> {
    let visit = corpus_visit().await?;
    visit.open(&format!("/{page}")).await?;
    visit.browser.wait_for("[data-consent-banner]").await?;
    settle().await;
    assert_eq!(
        visit.tracker_requests(),
        Vec::<String>::new(),
        "{page}: before any choice: {:#?}",
        visit.all_tracker_requests()
    );

    visit.browser.click("[data-consent-action='reject-all']").await?;
    settle().await;
    assert_eq!(visit.tracker_requests(), Vec::<String>::new(), "{page}: after Reject all");

    visit.open(&format!("/{page}")).await?;
    settle().await;
    assert_eq!(visit.tracker_requests(), Vec::<String>::new(), "{page}: on the next visit after Reject all");
    let ran = visit.browser.js("return window.corpusLoaded || null;", vec![]).await?;
    assert!(ran.is_null(), "{page}: a tracker script ran: {ran}");
    Ok(())
}

async fn accept_all_loads_the_snippet_and_it_reports(page: &str) -> Result<()> {
    let visit = corpus_visit().await?;
    visit.open(&format!("/{page}")).await?;
    visit.browser.click("[data-consent-action='accept-all']").await?;
    for (host, target) in expected(page) {
        let what = format!("{page}: a request to {host}{target}");
        let (prefix, query) = target.split_once('?').unwrap_or((target, ""));
        let seen = || async {
            let requests = visit.trackers.requests();
            Ok(requests.iter().any(|r| r.host == *host && r.path.starts_with(prefix) && r.query.contains(query)))
        };
        if let Err(e) = wait_until(seen, PROMPTLY, &what).await {
            anyhow::bail!("{e}; the trackers saw {:#?}", visit.tracker_requests());
        }
    }
    Ok(())
}

macro_rules! corpus_tests {
    ($($name:ident => $page:literal),* $(,)?) => {
        mod before_and_after_reject {
            $(
                #[tokio::test(flavor = "multi_thread")]
                async fn $name() -> anyhow::Result<()> {
                    super::nothing_before_a_choice_nor_after_reject_all($page).await
                }
            )*
        }
        mod after_accept {
            $(
                #[tokio::test(flavor = "multi_thread")]
                async fn $name() -> anyhow::Result<()> {
                    super::accept_all_loads_the_snippet_and_it_reports($page).await
                }
            )*
        }
    };
}

corpus_tests!(
    google_tag => "gtag.html",
    google_tag_manager => "gtm.html",
    meta_pixel => "meta-pixel.html",
    hotjar => "hotjar.html",
    linkedin_insight => "linkedin.html",
    tiktok_pixel => "tiktok.html",
    youtube_embed => "youtube.html",
    inserted_by_scripts => "injected.html",
    sent_by_page_code => "requests.html",
);
