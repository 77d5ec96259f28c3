//! What nearly every test starts with: the demo site, a tracker recorder and a browser wired to both.

use anyhow::Result;
use consent_e2e::browser::Browser;
use consent_e2e::site::{SiteOptions, TestSite};
use consent_e2e::wait::{wait_for, PROMPTLY};
use consent_server::row::StoredRow;
use tracker_recorder::{RecordedRequest, Recorder};

/// A site, its trackers and a browser, all fresh.
pub struct Visit {
    pub site: TestSite,
    pub trackers: Recorder,
    pub browser: Browser,
}

impl Visit {
    /// The shipped demo site.
    pub async fn demo() -> Result<Self> {
        Self::with(SiteOptions::default()).await
    }

    /// The demo site changed by `options`.
    pub async fn with(options: SiteOptions) -> Result<Self> {
        let site = TestSite::start(options).await?;
        let trackers = Recorder::start("127.0.0.1:0")?;
        let browser = Browser::start(trackers.addr()).await?;
        Ok(Self { site, trackers, browser })
    }

    /// Waits until the banner's WebAssembly runs (it answers "Cookie settings" from then on): before that, the first
    /// layer on the page may be the one the boot loader painted, which the banner replaces when it runs, so a test that
    /// changes the banner's DOM must wait for this first.
    pub async fn banner_running(&self) -> Result<()> {
        let runs = || async {
            let script = "return !!window.consentBoot && typeof window.consentBoot.showPreferences === 'function';";
            Ok(self.browser.js(script, vec![]).await? == serde_json::Value::Bool(true))
        };
        consent_e2e::wait::wait_until(runs, consent_e2e::wait::PROMPTLY, "the banner to run").await
    }

    /// Opens `path` on the site.
    pub async fn open(&self, path: &str) -> Result<()> {
        self.browser.open(&self.site.url(path)).await
    }

    /// Every request a page made to a tracker host so far, as `host GET /path?query` lines, for assertions and
    /// failure messages. Chromium's own background requests (update checks and the like, which no page makes and no
    /// consent manager could hold) are left out.
    pub fn tracker_requests(&self) -> Vec<String> {
        self.trackers.requests().iter().filter(|r| r.from_a_page()).map(RecordedRequest::to_string).collect()
    }

    /// Every request that reached the tracker hosts, the browser's own included, for failure messages.
    pub fn all_tracker_requests(&self) -> Vec<String> {
        self.trackers.requests().iter().map(|r| format!("{r} [{}]", r.fetch_site)).collect()
    }

    /// The names of the cookies the page can read now.
    pub async fn cookie_names(&self) -> Result<Vec<String>> {
        let cookies = self.browser.js("return document.cookie;", vec![]).await?;
        let cookies = cookies.as_str().unwrap_or_default();
        Ok(cookies
            .split("; ")
            .filter_map(|c| c.split('=').next())
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .collect())
    }

    /// Whether a tracker request for `path` on `host` arrived.
    pub fn tracker_saw(&self, host: &str, path: &str) -> bool {
        self.trackers.requests().iter().any(|r| r.host == host && r.path == path)
    }

    /// The endpoint's record of the visitor's current choice (`consentBanner.getConsent().id`), once it has arrived.
    pub async fn recorded(&self) -> Result<StoredRow> {
        let store = self.site.store();
        let current = || async {
            let consent = self.browser.js("return consentBanner.getConsent();", vec![]).await?;
            let Some(id) = consent["id"].as_str() else { return Ok(None) };
            Ok(store.get(id).await?)
        };
        wait_for(current, PROMPTLY, "the record of the visitor's choice").await
    }
}
