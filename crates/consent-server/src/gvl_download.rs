//! The HTTP(S) client `consent gvl update` fetches IAB's files with: one GET at a time, redirects followed, a time
//! limit and a size limit, and every failure naming the URL. HTTPS is checked against the machine's root certificates
//! (Debian's `ca-certificates`), so the default source, `https://vendor-list.consensu.org/v3/`, works as is; plain
//! HTTP is accepted for a mirror on the site's own network and for tests.

use std::time::Duration;

use axum::body::Bytes;
use axum::http;
use http_body_util::{BodyExt, Empty, Limited};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

/// The largest file accepted: the whole list was about 1.5 MB in 2026, so 64 MiB leaves room for growth while a
/// misconfigured source cannot fill the disk or the memory.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;
/// How long one file may take, headers and body.
pub const FILE_TIMEOUT: Duration = Duration::from_secs(60);
/// Redirects followed before giving up.
const MAX_REDIRECTS: usize = 5;

/// Why a file could not be downloaded.
#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    /// The URL is not an absolute http(s) URL.
    #[error("{url} is not an http:// or https:// URL")]
    BadUrl {
        /// The URL.
        url: String,
    },
    /// The server answered with an error status.
    #[error("GET {url} answered {status}")]
    Status {
        /// The URL.
        url: String,
        /// The status.
        status: http::StatusCode,
    },
    /// No answer: DNS, TCP, TLS (an untrusted certificate is reported here) or the connection broke.
    #[error("GET {url} failed: {reason}")]
    Transport {
        /// The URL.
        url: String,
        /// The client's message with its causes.
        reason: String,
    },
    /// The answer took longer than [`FILE_TIMEOUT`].
    #[error("GET {url} took longer than {} s", FILE_TIMEOUT.as_secs())]
    Timeout {
        /// The URL.
        url: String,
    },
    /// The body is larger than [`MAX_FILE_BYTES`] or is not UTF-8 text.
    #[error("GET {url}: {reason}")]
    Body {
        /// The URL.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl DownloadError {
    /// Whether the server said the file does not exist (404 or 410).
    pub fn is_not_found(&self) -> bool {
        matches!(self, DownloadError::Status { status, .. }
            if *status == http::StatusCode::NOT_FOUND || *status == http::StatusCode::GONE)
    }
}

/// A client for http:// and https:// URLs; connections are reused between files.
#[derive(Clone)]
pub struct Downloader {
    client: Client<HttpsConnector<HttpConnector>, Empty<Bytes>>,
}

impl Downloader {
    /// A client trusting the machine's root certificates.
    pub fn new() -> anyhow::Result<Self> {
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_native_roots(rustls::crypto::aws_lc_rs::default_provider())
            .map_err(|e| anyhow::anyhow!("no root certificates to check HTTPS with (install ca-certificates): {e}"))?
            .https_or_http()
            .enable_http1()
            .build();
        Ok(Downloader { client: Client::builder(TokioExecutor::new()).build(connector) })
    }

    /// The body of `url` as text, following redirects.
    pub async fn get_text(&self, url: &str) -> Result<String, DownloadError> {
        tokio::time::timeout(FILE_TIMEOUT, self.get_following(url))
            .await
            .map_err(|_| DownloadError::Timeout { url: url.to_owned() })?
    }

    async fn get_following(&self, first: &str) -> Result<String, DownloadError> {
        let mut url = first.to_owned();
        for _ in 0..=MAX_REDIRECTS {
            let uri = parse(&url)?;
            let request = http::Request::get(uri.clone())
                .header(http::header::USER_AGENT, concat!("consent-banner/", env!("CARGO_PKG_VERSION")))
                .body(Empty::new())
                .map_err(|e| DownloadError::Transport { url: url.clone(), reason: e.to_string() })?;
            let response = self
                .client
                .request(request)
                .await
                .map_err(|e| DownloadError::Transport { url: url.clone(), reason: chain(&e) })?;
            let status = response.status();
            if status.is_redirection() {
                let location = response.headers().get(http::header::LOCATION).and_then(|l| l.to_str().ok());
                let Some(next) = location.and_then(|l| resolve(&uri, l)) else {
                    return Err(DownloadError::Status { url, status });
                };
                url = next;
                continue;
            }
            if !status.is_success() {
                return Err(DownloadError::Status { url, status });
            }
            let body = Limited::new(response.into_body(), MAX_FILE_BYTES)
                .collect()
                .await
                .map_err(|e| DownloadError::Body { url: url.clone(), reason: e.to_string() })?
                .to_bytes();
            return String::from_utf8(body.to_vec())
                .map_err(|_| DownloadError::Body { url, reason: "the body is not UTF-8 text".into() });
        }
        Err(DownloadError::Transport { url: first.to_owned(), reason: format!("more than {MAX_REDIRECTS} redirects") })
    }
}

fn parse(url: &str) -> Result<http::Uri, DownloadError> {
    url.parse::<http::Uri>()
        .ok()
        .filter(|uri| matches!(uri.scheme_str(), Some("http" | "https")) && uri.host().is_some())
        .ok_or_else(|| DownloadError::BadUrl { url: url.to_owned() })
}

/// A redirect's target, absolute or relative to the URL that answered.
fn resolve(base: &http::Uri, location: &str) -> Option<String> {
    if location.starts_with("http://") || location.starts_with("https://") {
        return Some(location.to_owned());
    }
    let origin = format!("{}://{}", base.scheme_str()?, base.authority()?);
    if location.starts_with('/') {
        return Some(format!("{origin}{location}"));
    }
    let path = base.path();
    let folder = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    Some(format!("{origin}{folder}{location}"))
}

/// An error and its causes in one line: hyper's own message ("client error (Connect)") says little without them.
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relative_redirect_is_resolved_against_the_url_that_answered() {
        let base: http::Uri = "https://vendor-list.consensu.org/v3/vendor-list.json".parse().unwrap();
        assert_eq!(resolve(&base, "/v3/other.json").unwrap(), "https://vendor-list.consensu.org/v3/other.json");
        assert_eq!(resolve(&base, "archive.json").unwrap(), "https://vendor-list.consensu.org/v3/archive.json");
        assert_eq!(resolve(&base, "http://mirror.test/a.json").unwrap(), "http://mirror.test/a.json");
    }

    #[test]
    fn only_http_and_https_urls_are_fetched() {
        assert!(matches!(parse("ftp://example.com/x"), Err(DownloadError::BadUrl { .. })));
        assert!(matches!(parse("vendor-list.json"), Err(DownloadError::BadUrl { .. })));
        assert!(parse("https://vendor-list.consensu.org/v3/vendor-list.json").is_ok());
    }
}
