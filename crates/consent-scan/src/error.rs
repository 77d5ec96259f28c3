//! Why a scan failed, in words a site owner can act on.

use std::path::PathBuf;

/// A failed scan.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// The browser or its driver is not installed.
    #[error(
        "cannot find {program} (looked for {looked_for} on PATH): the scan drives headless Chromium through \
         chromedriver; on Debian or Ubuntu install both with `apt-get install chromium chromium-driver`"
    )]
    ChromiumMissing { program: &'static str, looked_for: String },
    /// The URL to scan is not one a browser can open.
    #[error("URL '{url}': {reason}; give an absolute http(s) URL such as https://shop.example/")]
    BadUrl { url: String, reason: String },
    /// `--pages` is out of range.
    #[error("--pages {0}: must be between 1 and {max}", max = crate::MAX_PAGES)]
    BadPages(usize),
    /// The site did not answer.
    #[error("cannot reach {url}: {reason}; check the address and that the site is up")]
    Unreachable { url: String, reason: String },
    /// The site has our banner but its button did not appear or could not be clicked.
    #[error("the banner's \"{button}\" button did not appear on {url} within {seconds} s; open the page in a browser and check that the banner shows")]
    BannerNotAnswered { button: &'static str, url: String, seconds: u64 },
    /// Chromium or chromedriver failed while scanning.
    #[error("the browser failed while {doing}: {reason}")]
    Browser { doing: String, reason: String },
    /// A report file could not be written.
    #[error("cannot write {path}: {source}")]
    Output { path: PathBuf, source: std::io::Error },
}

impl ScanError {
    /// A browser failure while doing `doing`.
    pub fn browser(doing: impl Into<String>, reason: impl std::fmt::Display) -> Self {
        ScanError::Browser { doing: doing.into(), reason: reason.to_string() }
    }
}
