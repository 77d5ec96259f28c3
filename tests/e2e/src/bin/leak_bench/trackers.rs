//! Which requests are a tracker's, and what each corpus page's trackers send once they are allowed to run.

use tracker_recorder::RecordedRequest;

/// The corpus trackers' hosts (and their subdomains): Google tag and Tag Manager, Google Analytics, Meta, Hotjar,
/// LinkedIn, TikTok, YouTube.
const TRACKER_DOMAINS: &[&str] = &[
    "googletagmanager.com",
    "google-analytics.com",
    "facebook.net",
    "facebook.com",
    "hotjar.com",
    "hotjar.io",
    "licdn.com",
    "linkedin.com",
    "tiktok.com",
    "youtube.com",
    "youtube-nocookie.com",
    "ytimg.com",
];

/// Whether a page sent `request` to a tracker (Chromium's own background requests are not the page's).
pub fn is_tracker_request(request: &RecordedRequest) -> bool {
    request.from_a_page() && is_tracker_host(&request.host)
}

/// Whether a page sent `request` to a third party that is none of the corpus trackers (a CDN a manager fetches from,
/// say): never counted as a leak, but reported, since every host name reaches the recorder.
pub fn is_other_third_party(request: &RecordedRequest) -> bool {
    request.from_a_page() && !is_tracker_host(&request.host)
}

fn is_tracker_host(host: &str) -> bool {
    TRACKER_DOMAINS.iter().any(|domain| host == *domain || host.ends_with(&format!(".{domain}")))
}

/// What "Accept all" must make each page request, as (host, path prefix, a piece of the query), the list the corpus e2e
/// test (tests/e2e/tests/e2e/corpus.rs) waits for: proof that the manager really released the page's snippets.
pub fn expected_after_accept(page: &str) -> &'static [(&'static str, &'static str, &'static str)] {
    match page {
        "gtag.html" => &[
            ("www.googletagmanager.com", "/gtag/js", ""),
            ("region1.google-analytics.com", "/g/collect", "via=image"),
            ("region1.google-analytics.com", "/g/collect", "via=fetch"),
            ("region1.google-analytics.com", "/g/collect", "via=beacon"),
            ("region1.google-analytics.com", "/g/collect", "via=xhr"),
        ],
        "gtm.html" => {
            &[("www.googletagmanager.com", "/gtm.js", ""), ("region1.google-analytics.com", "/g/collect", "")]
        }
        "meta-pixel.html" => &[("connect.facebook.net", "/en_US/fbevents.js", ""), ("www.facebook.com", "/tr", "")],
        "hotjar.html" => {
            &[("static.hotjar.com", "/c/hotjar-1234.js", ""), ("in.hotjar.com", "/api/v2/client/sites/1234", "")]
        }
        "linkedin.html" => {
            &[("snap.licdn.com", "/li.lms-analytics/insight.min.js", ""), ("px.ads.linkedin.com", "/collect", "")]
        }
        "tiktok.html" => {
            &[("analytics.tiktok.com", "/i18n/pixel/events.js", ""), ("analytics.tiktok.com", "/api/v2/pixel", "")]
        }
        "youtube.html" => &[("www.youtube.com", "/embed/CORPUS1", "")],
        // Not the script inserted with insertAdjacentHTML (analytics.tiktok.com/i18n/pixel/events.js?sdkid=ADJACENT):
        // browsers never fetch a script inserted as HTML text, and the corpus test holds our banner to the same after
        // consent.
        "injected.html" => &[
            ("static.hotjar.com", "/c/hotjar-99.js", ""),
            ("www.facebook.com", "/tr", ""),
            ("px.ads.linkedin.com", "/collect/", ""),
            ("www.youtube.com", "/embed/INNER", ""),
            ("analytics.tiktok.com", "/api/v2/pixel", ""),
            ("region1.google-analytics.com", "/g/collect", ""),
        ],
        "requests.html" => &[
            ("region1.google-analytics.com", "/g/collect", ""),
            ("www.facebook.com", "/tr", ""),
            ("px.ads.linkedin.com", "/collect", ""),
        ],
        _ => &[],
    }
}

/// The first-party cookies each page's trackers set once they run (tracker-recorder's assets/tracker.js sets them by
/// the host it was loaded from): what withdrawal must delete.
pub fn cookies_set_by_trackers(page: &str) -> &'static [&'static str] {
    match page {
        "gtag.html" | "gtm.html" => &["_ga", "_ga_CORPUS1", "_gid"],
        "hotjar.html" | "injected.html" => &["_hjSessionUser_1234", "_hjSession_1234"],
        "meta-pixel.html" => &["_fbp"],
        "tiktok.html" => &["_ttp"],
        _ => &[],
    }
}

/// The expected requests of `page` that are not among `seen`, as `host/path?query` for the report.
pub fn missing_after_accept(page: &str, seen: &[RecordedRequest]) -> Vec<String> {
    expected_after_accept(page)
        .iter()
        .filter(|(host, path, query)| {
            !seen.iter().any(|r| r.host == *host && r.path.starts_with(path) && r.query.contains(query))
        })
        .map(
            |(host, path, query)| {
                if query.is_empty() {
                    format!("{host}{path}")
                } else {
                    format!("{host}{path}?{query}")
                }
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracker_hosts_include_subdomains_only() {
        assert!(is_tracker_host("region1.google-analytics.com"));
        assert!(is_tracker_host("facebook.com"));
        assert!(!is_tracker_host("notfacebook.com"));
        assert!(!is_tracker_host("cdn.jsdelivr.net"));
    }
}
