//! The sentences the HTML and Markdown reports share.

use crate::identification::{Identity, Source};
use crate::observation::CookieSeen;
use crate::report::{PassSummary, Report};

/// The titles of the columns of the passes table, which [`pass_cells`] fills.
pub const PASS_COLUMNS: [&str; 8] = [
    "Pass",
    "Pages",
    "Trackers",
    "Tracker requests",
    "Third-party requests",
    "Tracker cookies",
    "Cookies",
    "Storage keys",
];

/// One line of the passes table: the pass's title and its counts, under [`PASS_COLUMNS`].
pub fn pass_cells(summary: &PassSummary) -> [String; 8] {
    [
        summary.pass.title().to_owned(),
        summary.pages.to_string(),
        summary.trackers.to_string(),
        summary.tracker_requests.to_string(),
        summary.third_party_requests.to_string(),
        summary.tracker_cookies.to_string(),
        summary.cookies.to_string(),
        summary.storage_keys.to_string(),
    ]
}

/// Whose cookie it is, in words.
pub fn cookie_party(cookie: &CookieSeen) -> &'static str {
    if cookie.third_party {
        "third-party cookie"
    } else {
        "first-party cookie"
    }
}

/// What the site's banner (or its absence) means for the passes.
pub fn banner_note(report: &Report) -> String {
    if report.banner {
        let config = report.config_url.as_deref().unwrap_or("/consent.json");
        format!(
            "The site has our consent banner (config {config}). Each pass used a fresh browser profile: a first \
             visit, then a visit after clicking \"Reject all\", then one after \"Accept all\". Anything that loads \
             before \"Accept all\" is a leak."
        )
    } else {
        "The site has no consent banner of ours, so the scan visited it once, as a first-time visitor, and could not \
         answer a banner. A consent manager would have to hold every tracker below until the visitor agrees: \
         suggested-config.json lists them."
            .to_owned()
    }
}

/// Where a tracker's identity comes from, in words.
pub fn known_from(identity: &Identity, banner: bool) -> String {
    let catalog = identity.catalog_id.as_deref().map(|id| format!(" (catalog entry '{id}')")).unwrap_or_default();
    match identity.source {
        Source::SiteConfig => {
            format!("your config's service '{}'{catalog}", identity.service_id.as_deref().unwrap_or_default())
        }
        Source::Catalog => format!("our catalog{catalog}{}", missing(banner)),
        Source::OpenData => format!("the open tracker data set (third-party-web){}", missing(banner)),
    }
}

fn missing(banner: bool) -> &'static str {
    if banner {
        "; not in your config"
    } else {
        ""
    }
}
