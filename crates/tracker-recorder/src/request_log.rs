//! The record of every request the fake trackers received.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::SystemTime;

/// One request as a tracker host saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The `Host` header without its port, e.g. `analytics.localhost`; empty when the request had none.
    pub host: String,
    /// The HTTP method, e.g. `GET`.
    pub method: String,
    /// The path, e.g. `/collect`.
    pub path: String,
    /// The raw query string without the `?`; empty when there was none.
    pub query: String,
    /// The `Sec-Fetch-Site` header: `cross-site`, `same-site` or `same-origin` for what a page requested; `none` or
    /// absent for the browser's own requests (update checks, sign-in probes), which no web page made.
    pub fetch_site: String,
    /// The `Origin` header; empty when there was none. A page's WebSocket handshake carries no `Sec-Fetch-Site`, but
    /// always its origin.
    pub origin: String,
    /// When the request arrived.
    pub at: SystemTime,
}

impl RecordedRequest {
    /// The request as it arrives, stamped now: what every recording server (the fake trackers, the test sites) keeps.
    pub fn arriving<B>(request: &axum::http::Request<B>) -> RecordedRequest {
        let header = |name: &str| {
            request.headers().get(name).and_then(|value| value.to_str().ok()).unwrap_or_default().to_owned()
        };
        RecordedRequest {
            host: strip_port(&header("host")).to_owned(),
            method: request.method().to_string(),
            path: request.uri().path().to_owned(),
            query: request.uri().query().unwrap_or_default().to_owned(),
            fetch_site: header("sec-fetch-site"),
            origin: header("origin"),
            at: SystemTime::now(),
        }
    }

    /// Whether a web page (a document, its scripts or frames) made this request, rather than the browser itself
    /// (update checks, sign-in probes, search prefetches), told apart by the `Sec-Fetch-Site` browsers send, or, for
    /// a WebSocket handshake, which has none, by the page's origin in `Origin`.
    pub fn from_a_page(&self) -> bool {
        matches!(self.fetch_site.as_str(), "cross-site" | "same-site" | "same-origin")
            || (self.fetch_site.is_empty() && self.origin.starts_with("http"))
    }
}

impl fmt::Display for RecordedRequest {
    /// `analytics.localhost GET /collect?page=%2F`, the form the binary prints.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} {}", self.host, self.method, self.path)?;
        if !self.query.is_empty() {
            write!(f, "?{}", self.query)?;
        }
        Ok(())
    }
}

type Observer = dyn Fn(&RecordedRequest) + Send + Sync;

/// A shared, append-only list of recorded requests, with an optional observer told about each one as it arrives.
///
/// Cloning gives another handle on the same list.
#[derive(Clone, Default)]
pub struct RequestLog {
    requests: Arc<Mutex<Vec<RecordedRequest>>>,
    observer: Option<Arc<Observer>>,
}

impl RequestLog {
    /// An empty log without an observer.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty log that calls `observer` with every request as it is recorded.
    pub fn with_observer(observer: impl Fn(&RecordedRequest) + Send + Sync + 'static) -> Self {
        Self { requests: Arc::default(), observer: Some(Arc::new(observer)) }
    }

    /// Appends `request` and tells the observer.
    pub fn push(&self, request: RecordedRequest) {
        if let Some(observer) = &self.observer {
            observer(&request);
        }
        self.lock().push(request);
    }

    /// Every request recorded so far, oldest first.
    pub fn snapshot(&self) -> Vec<RecordedRequest> {
        self.lock().clone()
    }

    /// Forgets every request recorded so far.
    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> MutexGuard<'_, Vec<RecordedRequest>> {
        // A panic while holding the lock cannot leave a Vec half-pushed, so a poisoned list is still a good list.
        self.requests.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl fmt::Debug for RequestLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestLog").field("requests", &*self.lock()).finish_non_exhaustive()
    }
}

/// `host` without its `:port`, if it has one.
fn strip_port(host: &str) -> &str {
    match host.rsplit_once(':') {
        Some((name, port)) if !name.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(path: &str, query: &str) -> RecordedRequest {
        RecordedRequest {
            host: "pixel.localhost".into(),
            method: "GET".into(),
            path: path.into(),
            query: query.into(),
            fetch_site: "cross-site".into(),
            origin: String::new(),
            at: SystemTime::now(),
        }
    }

    #[test]
    fn a_page_is_told_apart_from_the_browser_by_fetch_site_or_a_handshake_origin() {
        let with = |fetch_site: &str, origin: &str| RecordedRequest {
            fetch_site: fetch_site.into(),
            origin: origin.into(),
            ..request("/", "")
        };
        assert!(with("cross-site", "").from_a_page());
        assert!(with("same-origin", "").from_a_page());
        // A WebSocket handshake: no Sec-Fetch-Site, the page's origin.
        assert!(with("", "http://127.0.0.1:8080").from_a_page());
        // The browser's own (update checks, sign-in probes): no Sec-Fetch-Site, or "none".
        assert!(!with("", "").from_a_page());
        assert!(!with("none", "").from_a_page());
        assert!(!with("none", "http://127.0.0.1:8080").from_a_page());
    }

    #[test]
    fn displays_host_method_path_and_query() {
        assert_eq!(request("/pixel.gif", "ev=PageView").to_string(), "pixel.localhost GET /pixel.gif?ev=PageView");
        assert_eq!(request("/pixel.gif", "").to_string(), "pixel.localhost GET /pixel.gif");
    }

    #[test]
    fn clones_share_one_list_and_clear_empties_it() {
        let log = RequestLog::new();
        log.clone().push(request("/a", ""));
        assert_eq!(log.snapshot().len(), 1);
        log.clear();
        assert!(log.snapshot().is_empty());
    }

    #[test]
    fn observer_sees_every_request() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&seen);
        let log = RequestLog::with_observer(move |r| sink.lock().unwrap().push(r.path.clone()));
        log.push(request("/a", ""));
        log.push(request("/b", ""));
        assert_eq!(*seen.lock().unwrap(), ["/a", "/b"]);
    }

    #[test]
    fn strips_only_a_numeric_port() {
        assert_eq!(strip_port("analytics.localhost:8081"), "analytics.localhost");
        assert_eq!(strip_port("pixel.localhost"), "pixel.localhost");
        assert_eq!(strip_port("[::1]:80"), "[::1]");
        assert_eq!(strip_port(""), "");
    }
}
