//! `consent scan`: drives a real headless Chromium through a site in three passes — a first visit, a visit after the
//! banner's "Reject all", one after "Accept all", each in a fresh profile — records every request to another site
//! (with what initiated it), every cookie and every storage key, names each with the tracker database, and writes a
//! report (HTML, Markdown, JSON) and a suggested config.
//!
//! Identification, the report and the suggested config are plain functions of what was observed
//! ([`observation`], [`identification`], [`report`], [`suggestion`]), tested without a browser; [`browser`] and
//! [`crawl`] are the thin part that drives Chromium.

// A library others build on: every public item says what it is for.
#![warn(missing_docs)]

pub mod browser;
pub mod crawl;
pub mod error;
pub mod html_report;
pub mod identification;
pub mod markdown_report;
pub mod network_log;
pub mod observation;
pub mod output;
pub mod report;
mod report_text;
pub mod suggestion;

#[cfg(test)]
mod report_tests;

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use consent_core::tracker_db::TrackerDb;
use consent_core::SiteConfig;
use serde_json::Value;
use url::Url;

pub use crate::error::ScanError;
pub use crate::observation::Pass;
pub use crate::report::Report;

/// The most pages one scan visits (per pass).
pub const MAX_PAGES: usize = 500;

/// What to scan and how.
#[derive(Debug, Clone)]
pub struct ScanOptions {
    /// The page to start from.
    pub url: String,
    /// How many pages to visit, following same-origin links from `url`.
    pub pages: usize,
    /// Where the reports go.
    pub out: PathBuf,
    /// Extra Chromium arguments, e.g. `--host-resolver-rules=MAP * 127.0.0.1:8443` to send tracker hosts to a local
    /// server in a test, or `--proxy-server=…`.
    pub chromium_args: Vec<String>,
    /// How long to wait after each page's `load` event for requests that come late (timers, lazy embeds).
    pub settle: Duration,
}

/// What a finished scan found and wrote.
#[derive(Debug, Clone)]
pub struct ScanOutcome {
    /// Everything the scan found, as the reports render it.
    pub report: Report,
    /// A site config whose services cover the trackers found, as JSON to start from.
    pub suggested_config: Value,
    /// The files written, in `out`.
    pub files: Vec<PathBuf>,
}

/// Runs the scan and writes its reports into `options.out`.
pub async fn scan(options: &ScanOptions) -> Result<ScanOutcome, ScanError> {
    if options.pages == 0 || options.pages > MAX_PAGES {
        return Err(ScanError::BadPages(options.pages));
    }
    let start = start_url(&options.url)?;
    let settings = crawl::PassSettings {
        start: start.clone(),
        max_pages: options.pages,
        chromium_args: options.chromium_args.clone(),
        settle: options.settle,
    };
    let (first, discovery) = crawl::first_pass(&settings).await?;
    let mut passes = vec![first];
    if discovery.config_url.is_some() {
        for pass in [Pass::AfterRejectAll, Pass::AfterAcceptAll] {
            passes.push(crawl::answered_pass(&settings, pass, &discovery.pages).await?);
        }
    } else {
        eprintln!("no consent banner of ours on {start}: the \"Reject all\" and \"Accept all\" passes are skipped");
    }
    // A config the endpoint serves is valid (it is checked when the endpoint starts); one that is not is ignored
    // for identification, and the suggestions are still merged into its text.
    let config = discovery.config.as_ref().and_then(|value| SiteConfig::from_json(&value.to_string()).ok());
    let identifier = identification::Identifier::new(config.as_ref(), TrackerDb::builtin());
    let scanned_at = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64()).unwrap_or_default();
    let context = report::ReportContext {
        site: start.as_str(),
        banner: discovery.config_url.is_some(),
        config_url: discovery.config_url.clone(),
        database: TrackerDb::source(),
        scanned_at,
        identifier: &identifier,
    };
    let report = Report::build(&context, &passes);
    let site_host = start.host_str().unwrap_or_default();
    let suggested_config = suggestion::suggested_config(&report, discovery.config.as_ref(), site_host, scanned_at);
    let files = output::write(&options.out, &report, &suggested_config)?;
    Ok(ScanOutcome { report, suggested_config, files })
}

fn start_url(text: &str) -> Result<Url, ScanError> {
    let bad = |reason: &str| ScanError::BadUrl { url: text.to_owned(), reason: reason.to_owned() };
    let url = Url::parse(text).map_err(|e| bad(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("only http and https pages can be scanned"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("it has no host"));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(url: &str, pages: usize) -> ScanOptions {
        ScanOptions {
            url: url.into(),
            pages,
            out: PathBuf::from("unused"),
            chromium_args: Vec::new(),
            settle: Duration::ZERO,
        }
    }

    #[tokio::test]
    async fn bad_input_is_refused_before_a_browser_starts() {
        let error = |url, pages| async move { scan(&options(url, pages)).await.unwrap_err().to_string() };
        assert_eq!(error("https://shop.example/", 0).await, "--pages 0: must be between 1 and 500");
        assert_eq!(
            error("ftp://shop.example/", 5).await,
            "URL 'ftp://shop.example/': only http and https pages can be scanned; give an absolute http(s) URL such \
             as https://shop.example/"
        );
        assert!(error("shop.example", 5).await.starts_with("URL 'shop.example': relative URL without a base"));
    }
}
