//! One corpus page under one manager: two visits in fresh browsers, one that refuses and one that accepts and then
//! withdraws, counting what reaches the trackers in each phase.

use std::time::Duration;

use anyhow::{bail, Context, Result};
use consent_e2e::browser::Browser;
use consent_e2e::site::TestSite;
use consent_e2e::wait::{settle, wait_until, PROMPTLY};
use serde_json::json;
use tracker_recorder::{RecordedRequest, Recorder};

use crate::manager::Manager;
use crate::trackers::{cookies_set_by_trackers, is_other_third_party, is_tracker_request, missing_after_accept};

/// How long a manager gets to delete the trackers' cookies after the visitor withdrew.
const COOKIE_CLEANUP: Duration = Duration::from_secs(5);

/// Records the cookies every new document starts with, before any of its scripts runs: whether the trackers' cookies
/// were deleted before the next page view, even when a tracker the manager does not hold sets them again at once.
const COOKIES_AT_START: &str = "window.leakBenchCookiesAtStart = document.cookie;";

/// Whether withdrawal deleted the trackers' first-party cookies: gone on the same page within [`COOKIE_CLEANUP`], or
/// at the latest when the next page view starts (before any of its scripts can set them again).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cookies {
    /// The page's trackers set no first-party cookie, so there was nothing to delete.
    NoneSet,
    /// Every tracker cookie was deleted.
    Deleted,
    /// These were not.
    Left(Vec<String>),
}

/// The measurements for one page.
#[derive(Debug, Clone)]
pub struct PageResult {
    /// Tracker requests while the first layer waits for a choice.
    pub before: Vec<RecordedRequest>,
    /// Tracker requests after "Reject all", on that page and on the next visit.
    pub after_reject: Vec<RecordedRequest>,
    /// Tracker requests from the click that withdrew on: the running tracker reporting again, and the next page view
    /// (the visitor's next visit, or the manager's own reload if it reloads on withdrawal).
    pub after_withdrawal: Vec<RecordedRequest>,
    pub cookies: Cookies,
    /// What "Accept all" should have released but did not (empty: the snippets really loaded).
    pub missing_after_accept: Vec<String>,
    /// Requests to third parties that are not trackers, in any phase.
    pub other_third_party: Vec<RecordedRequest>,
}

/// Measures `page` under `manager` on `site`.
pub async fn measure(site: &TestSite, manager: Manager, page: &str, verbose: bool) -> Result<PageResult> {
    let mut other_third_party = Vec::new();
    let refusing = Session::start(site, manager, page, verbose).await?;
    let (before, after_reject) = refusing.refuse(&mut other_third_party).await?;
    drop(refusing);
    let accepting = Session::start(site, manager, page, verbose).await?;
    let (missing_after_accept, after_withdrawal, cookies) =
        accepting.accept_then_withdraw(&mut other_third_party).await?;
    Ok(PageResult { before, after_reject, after_withdrawal, cookies, missing_after_accept, other_third_party })
}

/// A fresh browser whose every host name but 127.0.0.1 reaches a fresh recorder, as in the e2e tests.
struct Session {
    trackers: Recorder,
    browser: Browser,
    manager: Manager,
    page: String,
    url: String,
    verbose: bool,
}

impl Session {
    async fn start(site: &TestSite, manager: Manager, page: &str, verbose: bool) -> Result<Self> {
        let trackers = Recorder::start("127.0.0.1:0")?;
        let browser = Browser::start(trackers.addr()).await?;
        let url = site.url(&format!("/{page}"));
        Ok(Self { trackers, browser, manager, page: page.to_owned(), url, verbose })
    }

    /// A visitor who refuses: the tracker requests before the choice, and after "Reject all" (on that page and on
    /// the next visit).
    async fn refuse(&self, others: &mut Vec<RecordedRequest>) -> Result<(Vec<RecordedRequest>, Vec<RecordedRequest>)> {
        let ui = self.manager.ui();
        self.browser.open(&self.url).await?;
        if let Err(error) = self.browser.wait_for(ui.banner).await {
            let console: Vec<String> = self.browser.console().await?.into_iter().map(|e| e.message).collect();
            bail!("the first layer never showed ({error}); the console said: {console:?}");
        }
        settle().await;
        let before = self.take("before consent", others);
        self.click(ui.reject_all).await?;
        settle().await;
        self.browser.open(&self.url).await?;
        settle().await;
        Ok((before, self.take("after reject all", others)))
    }

    /// A visitor who accepts everything, then withdraws everything from the preferences on the same page: what
    /// "Accept all" failed to load, the tracker requests from the withdrawal on, and the trackers' cookies.
    async fn accept_then_withdraw(
        &self,
        others: &mut Vec<RecordedRequest>,
    ) -> Result<(Vec<String>, Vec<RecordedRequest>, Cookies)> {
        let ui = self.manager.ui();
        self.browser.open(&self.url).await?;
        self.click(ui.accept_all).await?;
        let loaded = || async { Ok(missing_after_accept(&self.page, &self.trackers.requests()).is_empty()) };
        // A manager that never releases the page's snippets is reported in the table, not an error.
        let _ = wait_until(loaded, PROMPTLY, "the page's trackers to load after Accept all").await;
        settle().await;
        let missing = missing_after_accept(&self.page, &self.trackers.requests());
        let seen = self.tracker_cookies().await?;
        self.log(&format!("tracker cookies after accept all: {seen:?}"));
        // The page's trackers' cookies, whether they are there now or not (a manager may have deleted them when it
        // started, before an unheld tracker set them, or after), and any other the trackers set.
        let mut set_by_trackers: Vec<String> =
            cookies_set_by_trackers(&self.page).iter().map(|name| (*name).to_owned()).collect();
        set_by_trackers.extend(seen.into_iter().filter(|name| !set_by_trackers.contains(name)).collect::<Vec<_>>());

        self.browser.js(ui.open_preferences, vec![]).await.context("opening the preferences")?;
        self.browser.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": COOKIES_AT_START })).await?;
        // Marks this page view, to tell whether the manager reloads the page on withdrawal.
        self.browser.js("window.leakBenchSamePage = true;", vec![]).await?;
        self.take("allowed, before withdrawal", others);
        for selector in ui.withdraw {
            self.click(selector).await.with_context(|| format!("withdrawing: {selector}"))?;
        }
        let gone_at_once = self.cookies_go(&set_by_trackers).await;
        settle().await;
        // The page may be reloading: a failed read counts as "reloaded".
        let same_page = self.browser.js("return window.leakBenchSamePage === true;", vec![]).await;
        if same_page.is_ok_and(|v| v.as_bool() == Some(true)) {
            // The tracker that was allowed is still running: it reports an event, as SDKs do. Then the next visit.
            self.browser.js("if (window.corpusReport) window.corpusReport('after');", vec![]).await?;
            settle().await;
            self.browser.open(&self.url).await?;
            settle().await;
        } else {
            // The manager reloaded the page itself: that reload is the one next page view this phase counts.
            self.log("the manager reloaded the page on withdrawal");
        }
        let after_withdrawal = self.take("after withdrawal", others);

        let at_start = self.browser.js("return window.leakBenchCookiesAtStart || '';", vec![]).await?;
        let left_at_start: Vec<String> = cookie_names(at_start.as_str().unwrap_or_default(), self.manager)
            .into_iter()
            .filter(|name| set_by_trackers.contains(name))
            .collect();
        let cookies = if set_by_trackers.is_empty() {
            Cookies::NoneSet
        } else if gone_at_once || left_at_start.is_empty() {
            Cookies::Deleted
        } else {
            Cookies::Left(left_at_start.clone())
        };
        let now = self.tracker_cookies().await?;
        self.log(&format!(
            "tracker cookies: {cookies:?} (gone within {COOKIE_CLEANUP:?}: {gone_at_once}; at the start of the next \
             page view: {left_at_start:?}; at the end: {now:?})"
        ));
        Ok((missing, after_withdrawal, cookies))
    }

    /// The tracker requests since the last call (which forgets them), printed with `--verbose`; requests to other
    /// third parties go to `others`.
    fn take(&self, phase: &str, others: &mut Vec<RecordedRequest>) -> Vec<RecordedRequest> {
        let requests = self.trackers.requests();
        self.trackers.clear();
        others.extend(requests.iter().filter(|r| is_other_third_party(r)).cloned());
        let tracked: Vec<_> = requests.into_iter().filter(is_tracker_request).collect();
        for request in &tracked {
            self.log(&format!("{phase}: {request}"));
        }
        tracked
    }

    /// Clicks `selector` once it can be clicked: the managers' dialogs fade or slide in, and a click during the
    /// animation is refused as "not interactable".
    async fn click(&self, selector: &str) -> Result<()> {
        let clicked = || async move { Ok(self.browser.click(selector).await.is_ok()) };
        if wait_until(clicked, PROMPTLY, &format!("`{selector}` to be clickable")).await.is_err() {
            // Once more, for the browser's own reason why not.
            self.browser.click(selector).await?;
        }
        Ok(())
    }

    /// Whether the trackers' cookies go within [`COOKIE_CLEANUP`] (the page may be reloading meanwhile: a failed
    /// read is retried).
    async fn cookies_go(&self, set_by_trackers: &[String]) -> bool {
        let gone = || async {
            let now = self.tracker_cookies().await.unwrap_or_else(|_| set_by_trackers.to_vec());
            Ok(!now.iter().any(|name| set_by_trackers.contains(name)))
        };
        wait_until(gone, COOKIE_CLEANUP, "the trackers' cookies to go").await.is_ok()
    }

    /// The names of the cookies the page sees, the manager's own left out.
    async fn tracker_cookies(&self) -> Result<Vec<String>> {
        let cookies = self.browser.js("return document.cookie;", vec![]).await?;
        Ok(cookie_names(cookies.as_str().unwrap_or_default(), self.manager))
    }

    fn log(&self, line: &str) {
        if self.verbose {
            eprintln!("    {line}");
        }
    }
}

/// The cookie names in a `document.cookie` string, sorted, the manager's own left out.
fn cookie_names(cookies: &str, manager: Manager) -> Vec<String> {
    let mut names: Vec<String> = cookies
        .split("; ")
        .filter_map(|c| c.split('=').next())
        .filter(|name| !name.is_empty() && !manager.own_cookies().contains(name))
        .map(str::to_owned)
        .collect();
    names.sort();
    names.dedup();
    names
}
