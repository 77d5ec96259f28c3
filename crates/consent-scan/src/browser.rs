//! A fresh headless Chromium driven through chromedriver: its own profile, the DevTools Protocol's network events
//! from chromedriver's performance log, every cookie from `Network.getAllCookies`.

use std::net::{Ipv4Addr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use tokio::process::{Child, Command};

use crate::error::ScanError;
use crate::network_log::NetworkLog;

/// Chromium's names on the common distributions, tried in order.
const CHROMIUM_NAMES: &[&str] = &["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
const CHROMEDRIVER_NAMES: &[&str] = &["chromedriver"];
/// How long chromedriver may take to start Chromium.
const STARTUP: Duration = Duration::from_secs(30);

/// The flags every scan runs Chromium with: headless, no background traffic of its own that could be mistaken for the
/// site's, and a profile of its own.
const FLAGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
];

/// A cookie as the browser keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct BrowserCookie {
    /// The cookie's name.
    pub name: String,
    /// The domain it is set on (`.facebook.com`, or the host for a host-only cookie).
    pub domain: String,
    /// Seconds since 1970; `None` for a session cookie.
    pub expires: Option<f64>,
}

/// One Chromium with a fresh profile. Call [`Chromium::close`] when done; dropping it kills chromedriver, which
/// leaves Chromium to exit when its pipe closes.
pub struct Chromium {
    client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

impl Chromium {
    /// Starts chromedriver and a Chromium with a new profile, `extra_args` added to the scan's flags.
    pub async fn start(extra_args: &[String]) -> Result<Self, ScanError> {
        let chromium = find_program("chromium", CHROMIUM_NAMES)?;
        let chromedriver = find_program("chromedriver", CHROMEDRIVER_NAMES)?;
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|listener| listener.local_addr())
            .map_err(|e| ScanError::browser("finding a free port for chromedriver", e))?
            .port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| ScanError::browser(format!("starting {}", chromedriver.display()), e))?;
        let profile = tempfile::Builder::new()
            .prefix("consent-scan-profile")
            .tempdir()
            .map_err(|e| ScanError::browser("making a browser profile directory", e))?;
        let mut args: Vec<String> = FLAGS.iter().map(|flag| (*flag).to_owned()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.extend(extra_args.iter().cloned());
        let capabilities: Capabilities = serde_json::from_value(json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": args,
                "perfLoggingPrefs": { "enableNetwork": true, "enablePage": false },
            },
            "goog:loggingPrefs": { "performance": "ALL" },
        }))
        .map_err(|e| ScanError::browser("writing the browser's capabilities", e))?;
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            let mut builder = ClientBuilder::new(HttpConnector::new());
            match builder.capabilities(capabilities.clone()).connect(&url).await {
                Ok(client) => break client,
                // chromedriver takes a moment to listen.
                Err(_) if started.elapsed() < STARTUP => tokio::time::sleep(Duration::from_millis(100)).await,
                Err(e) => return Err(ScanError::browser("starting Chromium through chromedriver", e)),
            }
        };
        Ok(Chromium { client, driver, _profile: profile })
    }

    /// Ends the session (Chromium exits) and chromedriver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill().await;
    }

    /// Loads `url` and waits for its `load` event; an error page is [`ScanError::Unreachable`].
    pub async fn open(&self, url: &str) -> Result<(), ScanError> {
        let unreachable = |reason: String| ScanError::Unreachable { url: url.to_owned(), reason };
        self.client.goto(url).await.map_err(|e| unreachable(network_error(&e.to_string())))?;
        // A refused or unsafe port can leave WebDriver's current URL at the address asked for while the tab shows
        // Chromium's error page, whose own location says so.
        let location = self.js("return location.href;", vec![]).await?;
        if location.as_str().is_none_or(|href| href.starts_with("chrome-error:")) {
            return Err(unreachable("the browser showed its error page".into()));
        }
        Ok(())
    }

    /// Runs `script` (a function body) in the page.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Result<Value, ScanError> {
        self.client.execute(script, args).await.map_err(|e| ScanError::browser("running a script in the page", e))
    }

    /// Runs `script`, which calls its last argument with the result, and waits for it.
    pub async fn js_async(&self, script: &str, args: Vec<Value>) -> Result<Value, ScanError> {
        self.client.execute_async(script, args).await.map_err(|e| ScanError::browser("running a script in the page", e))
    }

    /// The network events since the last call.
    pub async fn network(&self) -> Result<NetworkLog, ScanError> {
        let value = self
            .client
            .issue_cmd(PerformanceLog)
            .await
            .map_err(|e| ScanError::browser("reading chromedriver's performance log", e))?;
        Ok(NetworkLog::from_entries(value.as_array().map(Vec::as_slice).unwrap_or_default()))
    }

    /// Every cookie in the browser, of every site.
    pub async fn cookies(&self) -> Result<Vec<BrowserCookie>, ScanError> {
        let command = Cdp { command: "Network.getAllCookies".into(), params: json!({}) };
        let value = self.client.issue_cmd(command).await.map_err(|e| ScanError::browser("reading the cookies", e))?;
        let cookies = value["cookies"].as_array().map(Vec::as_slice).unwrap_or_default();
        Ok(cookies
            .iter()
            .filter_map(|cookie| {
                let session = cookie["session"].as_bool().unwrap_or(false);
                Some(BrowserCookie {
                    name: cookie["name"].as_str()?.to_owned(),
                    domain: cookie["domain"].as_str().unwrap_or_default().to_owned(),
                    expires: cookie["expires"].as_f64().filter(|e| !session && *e > 0.0),
                })
            })
            .collect())
    }
}

/// The network error code in a WebDriver error (`net::ERR_NAME_NOT_RESOLVED`), else the whole message.
fn network_error(message: &str) -> String {
    message
        .split_whitespace()
        .find(|word| word.starts_with("net::ERR_"))
        .map_or_else(|| message.trim().to_owned(), str::to_owned)
}

/// The first of `names` found on `PATH`.
fn find_program(program: &'static str, names: &[&str]) -> Result<PathBuf, ScanError> {
    find_program_in(&std::env::var_os("PATH").unwrap_or_default(), program, names)
}

/// The first of `names` found in the directories of `path` (a `PATH` value).
fn find_program_in(path: &std::ffi::OsStr, program: &'static str, names: &[&str]) -> Result<PathBuf, ScanError> {
    std::env::split_paths(path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| is_executable(candidate))
        .ok_or_else(|| ScanError::ChromiumMissing { program, looked_for: names.join(", ") })
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata().is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
}

/// `POST /session/{id}/se/log {"type":"performance"}`: the DevTools events logged since the last call (chromedriver
/// still serves this Selenium command when the session asked for `goog:loggingPrefs`).
#[derive(Debug)]
struct PerformanceLog;

impl WebDriverCompatibleCommand for PerformanceLog {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/se/log", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "type": "performance" }).to_string()))
    }
}

/// `POST /session/{id}/goog/cdp/execute`: one DevTools Protocol command.
#[derive(Debug)]
struct Cdp {
    command: String,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "cmd": self.command, "params": self.params }).to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_navigation_is_told_by_its_network_error() {
        let message =
            "webdriver returned error: unknown error: net::ERR_NAME_NOT_RESOLVED\n  (Session info: chrome=156)";
        assert_eq!(network_error(message), "net::ERR_NAME_NOT_RESOLVED");
        assert_eq!(network_error(" timeout "), "timeout");
    }

    #[test]
    fn a_missing_browser_names_the_packages_to_install() {
        let empty = tempfile::tempdir().unwrap();
        let error = find_program_in(empty.path().as_os_str(), "chromium", CHROMIUM_NAMES).unwrap_err().to_string();
        assert!(error.starts_with("cannot find chromium (looked for chromium, chromium-browser"), "{error}");
        assert!(error.contains("apt-get install chromium chromium-driver"), "{error}");
    }
}
