//! The browser's console, read through chromedriver's log endpoint, and its DevTools Protocol.
//!
//! The W3C WebDriver protocol has no log command, but chromedriver (156 included) still serves the Selenium one,
//! `POST /session/{id}/se/log` with `{"type":"browser"}`, when the session asked for `goog:loggingPrefs`
//! `{"browser":"ALL"}`. Each call returns the entries logged since the previous call.

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::Client;
use serde_json::{json, Value};

use anyhow::{Context, Result};

/// One console entry as chromedriver reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    /// `SEVERE` for `console.error` and failed loads, `WARNING`, `INFO`, `DEBUG`.
    pub level: String,
    /// `console-api` for messages a script logged, `network` for failed loads, `javascript` for uncaught errors.
    pub source: String,
    /// The text, prefixed by chromedriver with the script URL and position and with string arguments JSON-quoted.
    pub message: String,
}

impl LogEntry {
    /// Whether a script reported this with `console.error`.
    pub fn is_console_error(&self) -> bool {
        self.level == "SEVERE" && self.source == "console-api"
    }
}

/// The capability that makes chromedriver collect the console.
pub fn logging_capability() -> Value {
    json!({ "browser": "ALL" })
}

/// Takes the entries logged since the last call.
pub async fn take_entries(client: &Client) -> Result<Vec<LogEntry>> {
    let value = client.issue_cmd(BrowserLog).await.context("chromedriver did not return the browser log")?;
    let entries = value.as_array().context("the browser log is not a list")?;
    Ok(entries
        .iter()
        .map(|entry| {
            let text = |key: &str| entry.get(key).and_then(Value::as_str).unwrap_or_default().to_owned();
            LogEntry { level: text("level"), source: text("source"), message: text("message") }
        })
        .collect())
}

/// `POST /session/{id}/se/log {"type":"browser"}`.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/se/log", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "type": "browser" }).to_string()))
    }
}

/// `POST /session/{id}/goog/cdp/execute {"cmd": …, "params": …}`: a Chrome DevTools Protocol command.
#[derive(Debug)]
pub struct Cdp {
    pub command: String,
    pub params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "cmd": self.command, "params": self.params }).to_string()))
    }
}
