//! What a request waits for before it may go: the config's service that covers its URL, or else the tracker the
//! database knows it as (auto-blocking), under the site's category for what it does. One rule for the endpoint's
//! scanner and the tests; the boot loader applies the same one in JavaScript (boot/deferred/held-urls.js).

use std::collections::BTreeSet;

use crate::auto_blocking::HeldTracker;
use crate::config::SiteConfig;
use crate::id::{CategoryId, ServiceId};
use crate::service::Service;
use crate::tracker_db::TrackerDb;

/// Why a URL is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hold<'a> {
    /// A service of the config covers it: it goes once its category and the service itself are granted.
    Service(&'a Service),
    /// No service covers it, but auto-blocking knows it as a tracker.
    Tracker(HeldTracker<'a>),
}

impl Hold<'_> {
    /// Whether the visitor's grants release it. A tracker held under no category of the site waits for all of them.
    pub fn released_by(
        &self,
        config: &SiteConfig,
        categories: &BTreeSet<CategoryId>,
        services: &BTreeSet<ServiceId>,
    ) -> bool {
        match self {
            Hold::Service(service) => categories.contains(&service.category) && services.contains(&service.id),
            Hold::Tracker(HeldTracker { category: Some(category), .. }) => categories.contains(*category),
            Hold::Tracker(HeldTracker { category: None, .. }) => {
                config.categories.iter().filter(|c| !c.required).all(|c| categories.contains(&c.id))
            }
        }
    }
}

impl SiteConfig {
    /// What a request to `url` from a page on `page_host` waits for; `None` if it may go at once (not http(s), no
    /// service and no known tracker, a required category, or auto-blocking lets it through).
    pub fn hold_for_url<'a>(&'a self, db: &'a TrackerDb, url: &str, page_host: &str) -> Option<Hold<'a>> {
        if let Some(service) = self.service_for_url(url) {
            let required = self.category(&service.category).is_some_and(|c| c.required);
            return (!required).then_some(Hold::Service(service));
        }
        self.auto_blocking.hold(db, url, page_host, &self.categories).map(Hold::Tracker)
    }
}

#[cfg(test)]
#[path = "hold_tests.rs"]
mod tests;
