//! A fresh headless Chromium for one test: its own chromedriver, its own empty profile, tracker hosts mapped to a
//! recorder.

use std::net::SocketAddr;

use anyhow::{Context, Result};
use fantoccini::elements::{Element, ElementRef};
use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

use crate::chromedriver::ChromeDriver;
use crate::console::{self, LogEntry};
use crate::wait::{wait_until, PROMPTLY};

/// The key WebDriver marks an element reference with in script results.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// `deepQuery(selector)`: every match in the document, then in each open shadow root, depth first.
const DEEP_QUERY: &str = "function deepQuery(selector) {
    var found = [];
    (function walk(root) {
        found.push.apply(found, root.querySelectorAll(selector));
        root.querySelectorAll('*').forEach(function (el) { if (el.shadowRoot) walk(el.shadowRoot); });
    })(document);
    return found;
}";

/// The helpers [`Browser::in_banner`] puts in scope.
const IN_BANNER: &str = "var banner = document.querySelector('consent-banner');
var root = banner && banner.shadowRoot || document;
function active() {
    var a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    return a;
}";

/// Debian's Chromium.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// A browser session. Dropping it closes Chromium (through the chromedriver it owns) and deletes its profile.
pub struct Browser {
    pub client: Client,
    // Field order matters: the client is dropped first, then chromedriver (which ends the session), then the profile.
    _driver: ChromeDriver,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts Chromium with every host name (tracker hosts, real or `*.localhost`) sent to `trackers`, a recorder's
    /// address, over HTTP or HTTPS; only `127.0.0.1`, where the test site runs, is reached directly.
    pub async fn start(trackers: SocketAddr) -> Result<Self> {
        Self::start_with_args(trackers, &[]).await
    }

    /// Like [`Browser::start`] with extra Chromium arguments (`--force-prefers-reduced-motion`, a window size …).
    pub async fn start_with_args(trackers: SocketAddr, extra: &[&str]) -> Result<Self> {
        let mut driver = ChromeDriver::start().await?;
        let profile = tempfile::Builder::new().prefix("chromium-profile").tempdir().context("making a profile dir")?;
        let mut args = vec![
            "--headless=new".to_owned(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--window-size=1280,900".into(),
            format!("--user-data-dir={}", profile.path().display()),
            format!("--host-resolver-rules=MAP * {trackers}, EXCLUDE 127.0.0.1"),
            // The recorder's certificate is self-signed; nothing else is reachable from the test browser.
            "--ignore-certificate-errors".into(),
        ];
        args.extend(extra.iter().map(|a| (*a).to_owned()));
        let capabilities: Capabilities = serde_json::from_value(json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": CHROMIUM, "args": args },
            "goog:loggingPrefs": console::logging_capability(),
        }))?;
        let client = ClientBuilder::rustls()
            .context("TLS set-up for the WebDriver client")?
            .capabilities(capabilities)
            .connect(&driver.url())
            .await
            .context("starting a Chromium session")?;
        if let Some(session) = client.session_id().await? {
            driver.track_session(session);
        }
        Ok(Self { client, _driver: driver, _profile: profile })
    }

    /// Loads `url` and waits for its `load` event.
    pub async fn open(&self, url: &str) -> Result<()> {
        self.client.goto(url).await.with_context(|| format!("opening {url}"))
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page and returns its result.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.client.execute(script, args).await.with_context(|| format!("running in the page: {script}"))
    }

    /// Runs `script` like [`Browser::js`] with two helpers in scope for reading the banner, which lives in a shadow
    /// root that `document.querySelector` does not enter: `root`, the banner's shadow root (the document when there is
    /// no banner), and `active()`, the focused element itself (while focus is inside a shadow root, the document's
    /// `activeElement` is the root's host).
    pub async fn in_banner(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        let wrapped = format!("{IN_BANNER}\nreturn (function () {{\n{script}\n}}).apply(null, arguments);");
        self.client.execute(&wrapped, args).await.with_context(|| format!("running in the page: {script}"))
    }

    /// Every element matching `selector` in the document and inside every open shadow root in it (the banner's is
    /// one): WebDriver's own search stops at shadow boundaries, but it acts on an element a script hands it.
    pub async fn find_all(&self, selector: &str) -> Result<Vec<Element>> {
        let found = self.js(&format!("{DEEP_QUERY}\nreturn deepQuery(arguments[0]);"), vec![selector.into()]).await?;
        let found = found.as_array().cloned().unwrap_or_default();
        found
            .iter()
            .map(|reference| {
                let id = reference[ELEMENT_KEY].as_str().with_context(|| format!("{reference} is not an element"))?;
                Ok(Element::from_element_id(self.client.clone(), ElementRef::from(id.to_owned())))
            })
            .collect()
    }

    /// How many elements match `selector` right now, in the document and in open shadow roots.
    pub async fn count(&self, selector: &str) -> Result<usize> {
        let count =
            self.js(&format!("{DEEP_QUERY}\nreturn deepQuery(arguments[0]).length;"), vec![selector.into()]).await?;
        count.as_u64().map(|n| n as usize).context("the count is a number")
    }

    /// Waits until an element matching `selector` is in the page.
    pub async fn wait_for(&self, selector: &str) -> Result<()> {
        wait_until(|| async move { Ok(self.count(selector).await? > 0) }, PROMPTLY, &format!("`{selector}` to appear"))
            .await
    }

    /// Waits until no element matches `selector`.
    pub async fn wait_gone(&self, selector: &str) -> Result<()> {
        wait_until(|| async move { Ok(self.count(selector).await? == 0) }, PROMPTLY, &format!("`{selector}` to go"))
            .await
    }

    /// Waits for `selector` and clicks the first match, as a visitor would (the element must be visible and not
    /// covered by another). An element replaced between being found and clicked is found again, as a visitor's click
    /// lands on what is there: the banner replaces the first layer the boot loader painted with an identical one.
    pub async fn click(&self, selector: &str) -> Result<()> {
        for _ in 0..3 {
            self.wait_for(selector).await?;
            let found = self.find_all(selector).await?.into_iter().next();
            let element = found.with_context(|| format!("{selector} went before it could be clicked"))?;
            match element.click().await {
                Err(e) if e.is_stale_element_reference() => continue,
                other => return other.with_context(|| format!("clicking {selector}")),
            }
        }
        anyhow::bail!("{selector} was replaced three times before it could be clicked")
    }

    /// The console entries logged since the last call.
    pub async fn console(&self) -> Result<Vec<LogEntry>> {
        console::take_entries(&self.client).await
    }

    /// Runs a Chrome DevTools Protocol command (through chromedriver's `goog/cdp/execute`), e.g.
    /// `Page.addScriptToEvaluateOnNewDocument` to move the page's clock, or `Network.emulateNetworkConditions`.
    pub async fn cdp(&self, command: &str, params: Value) -> Result<Value> {
        self.client
            .issue_cmd(crate::console::Cdp { command: command.to_owned(), params })
            .await
            .with_context(|| format!("the CDP command {command}"))
    }

    /// A PNG of the viewport, for a person to look at when a test fails or a design is reviewed.
    pub async fn screenshot(&self) -> Result<Vec<u8>> {
        Ok(self.client.screenshot().await?)
    }
}
