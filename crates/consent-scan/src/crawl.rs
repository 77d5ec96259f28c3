//! The three passes through a site, each in a fresh Chromium: what loads on a first visit, after "Reject all" and
//! after "Accept all". The first pass also finds the pages (same-origin links, breadth first) and whether the site
//! has our banner.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use url::Url;

use crate::browser::Chromium;
use crate::error::ScanError;
use crate::observation::{
    is_third_party, CookieSeen, Initiator, Pass, PassObservations, RequestSeen, StorageArea, StorageKeySeen,
};

/// How long a pass waits for the banner's buttons.
const BANNER_WAIT: Duration = Duration::from_secs(15);

/// The links of the page, absolute.
const LINKS: &str = "return Array.from(document.querySelectorAll('a[href]'), function (a) { return a.href; });";

/// The config URL of our boot loader's script tag, or null without one.
const BOOT_LOADER: &str = "var s = document.querySelector('script[src*=\"consent-boot\"]');
return s ? new URL(s.getAttribute('data-config') || '/consent.json', location.href).href : null;";

/// Every key of the page's local and session storage.
const STORAGE: &str = "function keys(area) { try { return Object.keys(window[area]); } catch (e) { return []; } }
return { local: keys('localStorage'), session: keys('sessionStorage') };";

/// Fetches `arguments[0]` as text from the page (null when it fails), so the config is read as the banner reads it.
const FETCH_TEXT: &str = "var done = arguments[arguments.length - 1];
fetch(arguments[0], { credentials: 'same-origin' })
  .then(function (r) { return r.ok ? r.text() : null; })
  .then(done, function () { done(null); });";

/// Finds our banner's button `arguments[0]` (`accept-all`, `reject-all`) and, unless `arguments[1]` is true (a dry
/// run), clicks it; true when it is there.
const CLICK: &str = "var host = document.querySelector('consent-banner');
var root = host && host.shadowRoot;
var selector = \"[data-consent-action='\" + arguments[0] + \"']\";
var button = root && (root.querySelector('[data-consent-banner] ' + selector) || root.querySelector(selector));
if (!button) return false;
if (!arguments[1]) button.click();
return true;";

/// What the scan needs to know beyond the URL.
#[derive(Debug, Clone)]
pub struct PassSettings {
    /// The page the crawl starts from.
    pub start: Url,
    /// The most pages to visit, following same-origin links from `start`.
    pub max_pages: usize,
    /// Extra arguments for Chromium (host resolver rules, a proxy).
    pub chromium_args: Vec<String>,
    /// How long to wait after each page's `load` event for late requests.
    pub settle: Duration,
}

/// What the first pass learns about the site.
#[derive(Debug, Clone, PartialEq)]
pub struct Discovery {
    /// The pages visited, in order: the later passes visit the same ones.
    pub pages: Vec<String>,
    /// The config URL, when the site has our banner.
    pub config_url: Option<String>,
    /// The config as the site serves it.
    pub config: Option<Value>,
}

/// The first pass: a first-time visitor's view of up to `max_pages` pages, found by following same-origin links.
pub async fn first_pass(settings: &PassSettings) -> Result<(PassObservations, Discovery), ScanError> {
    let browser = Chromium::start(&settings.chromium_args).await?;
    let result = first_pass_in(&browser, settings).await;
    browser.close().await;
    result
}

async fn first_pass_in(
    browser: &Chromium,
    settings: &PassSettings,
) -> Result<(PassObservations, Discovery), ScanError> {
    let mut recorder = Recorder::new(Pass::BeforeChoice, settings);
    let mut queue = VecDeque::from([settings.start.to_string()]);
    let mut seen = BTreeSet::from([settings.start.to_string()]);
    let mut discovery = Discovery { pages: Vec::new(), config_url: None, config: None };
    while let Some(page) = queue.pop_front() {
        if discovery.pages.len() >= settings.max_pages {
            break;
        }
        let number = format!("page {} of up to {}", discovery.pages.len() + 1, settings.max_pages);
        recorder.visit(browser, &page, &number).await?;
        discovery.pages.push(page.clone());
        if discovery.config_url.is_none() {
            if let Some(config_url) = browser.js(BOOT_LOADER, vec![]).await?.as_str() {
                let text = browser.js_async(FETCH_TEXT, vec![json!(config_url)]).await?;
                discovery.config = text.as_str().and_then(|text| serde_json::from_str(text).ok());
                discovery.config_url = Some(config_url.to_owned());
            }
        }
        let links = browser.js(LINKS, vec![]).await?;
        for link in links.as_array().into_iter().flatten().filter_map(Value::as_str) {
            let Some(link) = same_site_page(&settings.start, link) else { continue };
            if seen.insert(link.clone()) {
                queue.push_back(link);
            }
        }
    }
    Ok((recorder.observations, discovery))
}

/// A later pass: answers the banner with `button` on the first page, then visits every page again.
pub async fn answered_pass(
    settings: &PassSettings,
    pass: Pass,
    pages: &[String],
) -> Result<PassObservations, ScanError> {
    let browser = Chromium::start(&settings.chromium_args).await?;
    let result = answered_pass_in(&browser, settings, pass, pages).await;
    browser.close().await;
    result
}

async fn answered_pass_in(
    browser: &Chromium,
    settings: &PassSettings,
    pass: Pass,
    pages: &[String],
) -> Result<PassObservations, ScanError> {
    let (action, button) = match pass {
        Pass::AfterAcceptAll => ("accept-all", "Accept all"),
        _ => ("reject-all", "Reject all"),
    };
    let first = pages.first().cloned().unwrap_or_else(|| settings.start.to_string());
    browser.open(&first).await?;
    let started = Instant::now();
    while browser.js(CLICK, vec![json!(action), json!(true)]).await? != json!(true) {
        if started.elapsed() > BANNER_WAIT {
            return Err(ScanError::BannerNotAnswered { button, url: first, seconds: BANNER_WAIT.as_secs() });
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // What the page loaded before the click is the first pass's to show; what the click sets off is this pass's
    // (a tracker that "Reject all" releases is a leak).
    browser.network().await?;
    if browser.js(CLICK, vec![json!(action), json!(false)]).await? != json!(true) {
        return Err(ScanError::BannerNotAnswered { button, url: first, seconds: BANNER_WAIT.as_secs() });
    }
    let mut recorder = Recorder::new(pass, settings);
    tokio::time::sleep(settings.settle).await;
    recorder.record(browser, &first, &format!("clicked \"{button}\" on")).await?;
    for (index, page) in pages.iter().enumerate() {
        recorder.visit(browser, page, &format!("page {}/{}", index + 1, pages.len())).await?;
    }
    Ok(recorder.observations)
}

/// Gathers one pass's observations page by page.
struct Recorder {
    observations: PassObservations,
    site_host: String,
    settle: Duration,
    /// Which host's response set each cookie name, as far as seen.
    set_by: BTreeMap<String, String>,
    cookies: BTreeSet<(String, String)>,
    storage: BTreeSet<(StorageArea, String)>,
}

impl Recorder {
    fn new(pass: Pass, settings: &PassSettings) -> Self {
        Recorder {
            observations: PassObservations::new(pass),
            site_host: settings.start.host_str().unwrap_or_default().to_owned(),
            settle: settings.settle,
            set_by: BTreeMap::new(),
            cookies: BTreeSet::new(),
            storage: BTreeSet::new(),
        }
    }

    /// Opens `page`, waits for it to settle and records what it sent and left; one progress line on stderr.
    async fn visit(&mut self, browser: &Chromium, page: &str, number: &str) -> Result<(), ScanError> {
        browser.open(page).await?;
        tokio::time::sleep(self.settle).await;
        self.record(browser, page, number).await?;
        self.observations.pages.push(page.to_owned());
        Ok(())
    }

    /// Records what `page` sent since the last record and what the browser holds now; one progress line on stderr.
    async fn record(&mut self, browser: &Chromium, page: &str, doing: &str) -> Result<(), ScanError> {
        let log = browser.network().await?;
        let before = self.observations.requests.len();
        for request in log.requests {
            let Ok(url) = Url::parse(&request.url) else { continue };
            let Some(host) = url.host_str() else { continue };
            if !matches!(url.scheme(), "http" | "https" | "ws" | "wss") || !is_third_party(host, &self.site_host) {
                continue;
            }
            // A frame's request names its own URL as the document; a script frame with the page's URL is inline.
            let initiator = match request.initiator {
                Initiator::Script(Some(url)) if url == page => Initiator::Script(None),
                other => other,
            };
            self.observations.requests.push(RequestSeen {
                page: page.to_owned(),
                url: request.url.clone(),
                host: host.to_owned(),
                resource_type: request.resource_type,
                initiator,
            });
        }
        for (name, url) in log.set_cookies {
            self.set_by.insert(name, url);
        }
        let cookies_before = self.observations.cookies.len();
        for cookie in browser.cookies().await? {
            if !self.cookies.insert((cookie.name.clone(), cookie.domain.clone())) {
                continue;
            }
            self.observations.cookies.push(CookieSeen {
                page: page.to_owned(),
                third_party: is_third_party(&cookie.domain, &self.site_host),
                set_by: self.set_by.get(&cookie.name).cloned(),
                name: cookie.name,
                domain: cookie.domain,
                expires: cookie.expires,
            });
        }
        let storage = browser.js(STORAGE, vec![]).await?;
        for (area, field) in [(StorageArea::Local, "local"), (StorageArea::Session, "session")] {
            for key in storage[field].as_array().into_iter().flatten().filter_map(Value::as_str) {
                if self.storage.insert((area, key.to_owned())) {
                    self.observations.storage.push(StorageKeySeen { page: page.to_owned(), area, key: key.to_owned() });
                }
            }
        }
        eprintln!(
            "[{}] {doing} {page}: {} third-party requests, {} new cookies",
            self.observations.pass.as_str(),
            self.observations.requests.len() - before,
            self.observations.cookies.len() - cookies_before
        );
        Ok(())
    }
}

/// `link` as a page of the same origin as `start` worth visiting (no fragment, not a download), if it is one.
pub fn same_site_page(start: &Url, link: &str) -> Option<String> {
    let mut url = start.join(link).ok()?;
    url.set_fragment(None);
    let same_origin = url.scheme() == start.scheme() && url.host() == start.host() && url.port() == start.port();
    let path = url.path().to_ascii_lowercase();
    let download = [".pdf", ".zip", ".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".mp4", ".css", ".js", ".json"]
        .iter()
        .any(|extension| path.ends_with(extension));
    (same_origin && !download).then(|| url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pages_of_the_same_origin_are_followed() {
        let start = Url::parse("https://shop.example/").unwrap();
        assert_eq!(
            same_site_page(&start, "/privacy.html#cookies").as_deref(),
            Some("https://shop.example/privacy.html")
        );
        assert_eq!(same_site_page(&start, "https://blog.shop.example/"), None);
        assert_eq!(same_site_page(&start, "http://shop.example/"), None);
        assert_eq!(same_site_page(&start, "/catalogue.pdf"), None);
        assert_eq!(same_site_page(&start, "mailto:hi@shop.example"), None);
    }
}
