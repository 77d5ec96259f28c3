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
    ChromiumMissing {
        /// What is missing: `chromium` or `chromedriver`.
        program: &'static str,
        /// The program names searched for, comma-separated.
        looked_for: String,
    },
    /// The URL to scan is not one a browser can open.
    #[error("URL '{url}': {reason}; give an absolute http(s) URL such as https://shop.example/")]
    BadUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// `--pages` is out of range.
    #[error("--pages {0}: must be between 1 and {max}", max = crate::MAX_PAGES)]
    BadPages(usize),
    /// The site did not answer.
    #[error("cannot reach {url}: {reason}; check the address and that the site is up")]
    Unreachable {
        /// The page that did not load.
        url: String,
        /// The browser's error.
        reason: String,
    },
    /// The site has our banner but its button did not appear or could not be clicked.
    #[error("the banner's \"{button}\" button did not appear on {url} within {seconds} s; open the page in a browser and check that the banner shows")]
    BannerNotAnswered {
        /// The button's name as the visitor reads it ("Reject all").
        button: &'static str,
        /// The page the banner was on.
        url: String,
        /// How long the scan waited for it.
        seconds: u64,
    },
    /// Chromium or chromedriver failed while scanning.
    #[error("the browser failed while {doing}: {reason}")]
    Browser {
        /// What the scan was doing, as "while …" continues it ("reading the cookies").
        doing: String,
        /// The browser's or driver's error.
        reason: String,
    },
    /// A report file could not be written.
    #[error("cannot write {path}: {source}")]
    Output {
        /// The file that could not be written.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
}

impl ScanError {
    /// A browser failure while doing `doing`.
    pub fn browser(doing: impl Into<String>, reason: impl std::fmt::Display) -> Self {
        ScanError::Browser { doing: doing.into(), reason: reason.to_string() }
    }
}
