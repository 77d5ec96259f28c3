//! The tracker corpus: real snippets as vendors give them (Google tag, Google Tag Manager, Meta Pixel with its
//! noscript image, Hotjar, LinkedIn Insight, TikTok, a YouTube embed), tags inserted by other scripts (createElement,
//! setAttribute, innerHTML subtrees, insertAdjacentHTML, document.write) and requests sent by the page itself (fetch,
//! sendBeacon, new Image().src, XMLHttpRequest). The trackers' real host names reach a local recorder through
//! Chromium's host resolver rules, over HTTPS. For each page: nothing before a choice, nothing after "Reject all" (nor
//! on the next visit); after "Accept all" the snippet really loads and reports; after withdrawal its cookies are gone
//! and nothing more is sent. All of it again under a strict Content-Security-Policy.

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

/// Whether the corpus pages run under a strict Content-Security-Policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Csp {
    Off,
    /// `script-src 'nonce-…' 'strict-dynamic' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; base-uri
    /// 'none'`: no inline script or style without the page's nonce, as README.md documents.
    Strict,
}

/// The policy README.md tells sites to use, with the corpus pages' nonce.
pub const STRICT_CSP: &str = "script-src 'nonce-corpus2026' 'strict-dynamic' 'wasm-unsafe-eval'; style-src 'self'; \
                              object-src 'none'; base-uri 'none'";

/// A page under [`STRICT_CSP`]: the policy as a meta tag first thing in `<head>`, the nonce on every script tag.
fn with_strict_csp(html: &str) -> String {
    let meta =
        format!("<meta charset=\"utf-8\">\n  <meta http-equiv=\"Content-Security-Policy\" content=\"{STRICT_CSP}\">");
    html.replacen("<meta charset=\"utf-8\">", &meta, 1).replace("<script", "<script nonce=\"corpus2026\"")
}

/// The corpus site: the demo site plus the corpus pages, with the corpus config.
pub async fn corpus_visit(csp: Csp) -> Result<Visit> {
    let dir = workspace().join("tests/e2e/fixtures/corpus");
    let config = std::fs::read_to_string(dir.join("consent.json"))?;
    let mut files = Vec::new();
    for (page, _) in PAGES {
        let html = std::fs::read_to_string(dir.join(page))?;
        files.push(((*page).to_owned(), if csp == Csp::Strict { with_strict_csp(&html) } else { html }));
    }
    Visit::with(SiteOptions { config: Some(config), files, ..SiteOptions::default() }).await
}

fn expected(page: &str) -> &'static [(&'static str, &'static str)] {
    PAGES.iter().find(|(name, _)| *name == page).map(|(_, hits)| *hits).unwrap_or_default()
}

/// Fails if the browser reported a Content-Security-Policy violation: under the strict policy, the banner and every
/// release must work without one.
pub async fn assert_no_csp_violation(visit: &Visit, page: &str) -> Result<()> {
    let violations: Vec<_> = visit
        .browser
        .console()
        .await?
        .into_iter()
        .filter(|e| e.message.contains("Content Security Policy") || e.message.contains("Content-Security-Policy"))
        .map(|e| e.message)
        .collect();
    assert_eq!(violations, Vec::<String>::new(), "{page}: CSP violations");
    // And the policy really is in force: an inline style is refused (checked last: it logs a violation itself).
    let applied = visit
        .browser
        .js(
            "var s = document.createElement('style'); s.textContent = 'h1 { letter-spacing: 7px; }';
             document.head.appendChild(s); return getComputedStyle(document.querySelector('h1')).letterSpacing;",
            vec![],
        )
        .await?;
    assert_ne!(applied, "7px", "{page}: the strict policy is not in force");
    Ok(())
}

async fn nothing_before_a_choice_nor_after_reject_all(page: &str, csp: Csp) -> Result<()> {
    let visit = corpus_visit(csp).await?;
    visit.open(&format!("/{page}")).await?;
    visit.browser.wait_for("[data-consent-banner]").await?;
    settle().await;
    let before = visit.tracker_requests();
    assert_eq!(before, Vec::<String>::new(), "{page}: before any choice: {:#?}", visit.all_tracker_requests());

    visit.browser.click("[data-consent-action='reject-all']").await?;
    settle().await;
    assert_eq!(visit.tracker_requests(), Vec::<String>::new(), "{page}: after Reject all");

    visit.open(&format!("/{page}")).await?;
    settle().await;
    assert_eq!(visit.tracker_requests(), Vec::<String>::new(), "{page}: on the next visit after Reject all");
    let ran = visit.browser.js("return window.corpusLoaded || null;", vec![]).await?;
    assert!(ran.is_null(), "{page}: a tracker script ran: {ran}");
    if csp == Csp::Strict {
        assert_no_csp_violation(&visit, page).await?;
    }
    Ok(())
}

async fn granted_then_withdrawn(page: &str, csp: Csp) -> Result<()> {
    let visit = corpus_visit(csp).await?;
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
    if page == "injected.html" {
        // A script inserted as HTML text never runs in a browser; granting its category must not make it run.
        settle().await;
        let ran = visit.trackers.requests().iter().any(|r| r.query.contains("sdkid=ADJACENT"));
        assert!(!ran, "the script inserted with insertAdjacentHTML was loaded after consent");
    }
    if page == "requests.html" {
        // A WebSocket or EventSource refused before consent cannot be replayed; the page's next attempt connects.
        visit.browser.js("window.corpusReport('granted');", vec![]).await?;
        for (host, via) in [
            ("ws.hotjar.com", "via=websocket&when=granted"),
            ("region1.google-analytics.com", "via=eventsource&when=granted"),
        ] {
            // Counted as the zero checks count (from_a_page), so that they would see a leaked connection too.
            let seen = || async {
                let requests = visit.trackers.requests();
                Ok(requests.iter().any(|r| r.from_a_page() && r.host == host && r.query.contains(via)))
            };
            if let Err(e) = wait_until(seen, PROMPTLY, &format!("{page}: {host} ?{via}")).await {
                anyhow::bail!("{e}; the trackers saw {:#?}", visit.all_tracker_requests());
            }
        }
    }

    // Withdraw everything from the preferences, on the same page the trackers run in.
    visit.browser.js("window.consentBanner.showPreferences();", vec![]).await?;
    visit.browser.click("[data-consent-preferences] [data-consent-action='reject-all']").await?;
    visit.browser.wait_gone("[data-consent-preferences]").await?;
    let only_consent = || async { Ok(visit.cookie_names().await? == ["consent_banner"]) };
    if wait_until(only_consent, PROMPTLY, "the trackers' cookies to go").await.is_err() {
        anyhow::bail!("{page}: cookies left after withdrawal: {:?}", visit.cookie_names().await?);
    }
    settle().await;
    visit.trackers.clear();
    visit.browser.js("if (window.corpusReport) window.corpusReport('after_withdrawal');", vec![]).await?;
    settle().await;
    assert_eq!(visit.tracker_requests(), Vec::<String>::new(), "{page}: a running tracker reported after withdrawal");
    visit.open(&format!("/{page}")).await?;
    settle().await;
    assert_eq!(visit.tracker_requests(), Vec::<String>::new(), "{page}: the next visit after withdrawal");
    if csp == Csp::Strict {
        assert_no_csp_violation(&visit, page).await?;
    }
    Ok(())
}

macro_rules! corpus_tests {
    ($($name:ident => $page:literal),* $(,)?) => {
        mod before_and_after_reject {
            $(
                #[tokio::test(flavor = "multi_thread")]
                async fn $name() -> anyhow::Result<()> {
                    super::nothing_before_a_choice_nor_after_reject_all($page, super::Csp::Off).await
                }
            )*
        }
        mod granted_then_withdrawn {
            $(
                #[tokio::test(flavor = "multi_thread")]
                async fn $name() -> anyhow::Result<()> {
                    super::granted_then_withdrawn($page, super::Csp::Off).await
                }
            )*
        }
        mod strict_csp_before_and_after_reject {
            $(
                #[tokio::test(flavor = "multi_thread")]
                async fn $name() -> anyhow::Result<()> {
                    super::nothing_before_a_choice_nor_after_reject_all($page, super::Csp::Strict).await
                }
            )*
        }
        mod strict_csp_granted_then_withdrawn {
            $(
                #[tokio::test(flavor = "multi_thread")]
                async fn $name() -> anyhow::Result<()> {
                    super::granted_then_withdrawn($page, super::Csp::Strict).await
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
