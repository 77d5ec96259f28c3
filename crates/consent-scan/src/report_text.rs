//! The sentences the HTML and Markdown reports share.

use crate::identification::{Identity, Source};
use crate::report::Report;

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
