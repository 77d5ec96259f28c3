//! The tracker database: which hosts track visitors, who runs them and what for, so that a tracker the site's config
//! does not list is still held (auto-blocking, see [`crate::auto_blocking`]) and a scan can name what a page loads.
//!
//! It is our catalog ([`crate::catalog`], with paths and cookie names) followed by the tracking entities of the open
//! data set third-party-web (`tracker_db.json` beside this file, written by `scripts/update-tracker-db` from the npm
//! package pinned in package.json; MIT, notice in `tracker_db.LICENSE`). Hosts the data set files under cdn, hosting,
//! utility or content are not in it: they are never held.
//!
//! The boot loader gets the same data as `dist/trackers.<hash>.json` (written by scripts/build-banner) and matches
//! with the same rule (boot/deferred/held-urls.js).

use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::catalog;
use crate::url_pattern::UrlPattern;

const OPEN_DATA_JSON: &str = include_str!("tracker_db.json");

/// What a known tracker is for, in the words a consent banner asks with. A site's config says which of its own
/// categories each is held under (see [`crate::auto_blocking::AutoBlocking::categories`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TrackerCategory {
    /// Visit statistics, heatmaps, tag managers.
    Analytics,
    /// Advertising, social networks' plugins and pixels, marketing automation, embedded video.
    Marketing,
    /// Chat and support widgets, maps: features a visitor uses that also track them.
    Functional,
}

impl TrackerCategory {
    /// Every category, in the order the banner lists them.
    pub const ALL: [TrackerCategory; 3] =
        [TrackerCategory::Analytics, TrackerCategory::Marketing, TrackerCategory::Functional];

    /// The name used in configs and in the database files.
    pub fn as_str(self) -> &'static str {
        match self {
            TrackerCategory::Analytics => "analytics",
            TrackerCategory::Marketing => "marketing",
            TrackerCategory::Functional => "functional",
        }
    }

    /// The category with this name.
    pub fn from_name(name: &str) -> Option<Self> {
        TrackerCategory::ALL.into_iter().find(|category| category.as_str() == name)
    }
}

impl fmt::Display for TrackerCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One tracker the database knows: a service of our catalog or an entity of the open data set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownTracker {
    /// Who it is, as a visitor would recognise it ("Google Analytics 4", "Hotjar").
    pub name: String,
    /// Which kind of tracker it is (analytics, marketing, functional), mapped to a site category by the config.
    pub category: TrackerCategory,
    /// The catalog id, for trackers of our catalog (which a config can name with `{"catalog": id}`).
    pub catalog_id: Option<String>,
    /// The URL patterns of its hosts, which requests are matched against.
    pub patterns: Vec<UrlPattern>,
}

/// The trackers the database knows, most specific match first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackerDb {
    trackers: Vec<KnownTracker>,
}

/// The open data set as `scripts/update-tracker-db` writes it.
#[derive(Deserialize)]
struct OpenData {
    source: String,
    entities: Vec<(String, TrackerCategory, Vec<String>)>,
}

impl TrackerDb {
    /// The database built into this crate: the catalog, then the open data set. Parsed once.
    pub fn builtin() -> &'static TrackerDb {
        static DB: OnceLock<TrackerDb> = OnceLock::new();
        DB.get_or_init(|| {
            let catalog = catalog::entries().iter().filter_map(|entry| {
                let category = TrackerCategory::from_name(entry.category.as_deref()?)?;
                let patterns = entry.hosts.iter().flatten().filter_map(|h| UrlPattern::try_from(h.clone()).ok());
                Some(KnownTracker {
                    name: entry.name.clone()?,
                    category,
                    catalog_id: entry.id.clone(),
                    patterns: patterns.collect(),
                })
            });
            let open = open_data().entities.iter().map(|(name, category, domains)| KnownTracker {
                name: name.clone(),
                category: *category,
                catalog_id: None,
                patterns: domains.iter().filter_map(|d| UrlPattern::try_from(d.clone()).ok()).collect(),
            });
            TrackerDb::new(catalog.chain(open).collect())
        })
    }

    /// A database of these trackers (earlier ones win a tie between equally specific patterns).
    pub fn new(trackers: Vec<KnownTracker>) -> Self {
        TrackerDb { trackers }
    }

    /// Where the open half of the data comes from, with its license: for reports and `--version`-like output.
    pub fn source() -> String {
        open_data().source.clone()
    }

    /// Every tracker, in order.
    pub fn trackers(&self) -> &[KnownTracker] {
        &self.trackers
    }

    /// The tracker whose most specific pattern covers `host` and `path` (the longest host, then the longest pattern;
    /// the earlier tracker on a tie), as [`crate::SiteConfig::service_for_url`] picks a service.
    pub fn lookup(&self, host: &str, path: &str) -> Option<&KnownTracker> {
        let mut best: Option<(&KnownTracker, (usize, usize))> = None;
        for tracker in &self.trackers {
            for pattern in tracker.patterns.iter().filter(|pattern| pattern.matches(host, path)) {
                let rank = (pattern.host().len(), pattern.to_string().len());
                if best.is_none_or(|(_, best_rank)| rank > best_rank) {
                    best = Some((tracker, rank));
                }
            }
        }
        best.map(|(tracker, _)| tracker)
    }

    /// [`TrackerDb::lookup`] for an absolute URL; `None` for relative and non-http URLs.
    pub fn lookup_url(&self, url: &str) -> Option<&KnownTracker> {
        crate::url_pattern::split_url(url).and_then(|(host, path)| self.lookup(host, path))
    }
}

fn open_data() -> &'static OpenData {
    static DATA: OnceLock<OpenData> = OnceLock::new();
    // The file is generated and committed with this crate, and checked by its tests: a parse failure is a build defect.
    DATA.get_or_init(|| serde_json::from_str(OPEN_DATA_JSON).expect("tracker_db.json is valid (tested)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name_of(url: &str) -> Option<&'static str> {
        TrackerDb::builtin().lookup_url(url).map(|tracker| tracker.name.as_str())
    }

    #[test]
    fn the_open_data_set_is_large_and_every_domain_is_a_pattern() {
        let data = open_data();
        assert!(data.entities.len() > 1_000, "{} entities", data.entities.len());
        assert!(data.source.starts_with("third-party-web ") && data.source.contains("MIT"), "{}", data.source);
        for (name, _, domains) in &data.entities {
            for domain in domains {
                assert!(UrlPattern::try_from(domain.clone()).is_ok(), "{name}: '{domain}' is not a host pattern");
            }
        }
    }

    #[test]
    fn catalog_services_are_named_as_in_the_catalog_and_beat_the_data_set() {
        let db = TrackerDb::builtin();
        let gtag = db.lookup_url("https://www.googletagmanager.com/gtag/js?id=G-1").unwrap();
        assert_eq!((gtag.name.as_str(), gtag.catalog_id.as_deref()), ("Google Analytics 4", Some("google-analytics")));
        assert_eq!(gtag.category, TrackerCategory::Analytics);
        assert_eq!(name_of("https://region1.google-analytics.com/g/collect"), Some("Google Analytics 4"));
    }

    #[test]
    fn trackers_known_only_from_the_open_data_set_are_found_with_their_category() {
        let db = TrackerDb::builtin();
        let tracker = db.lookup_url("https://cdn.taboola.com/libtrc/site/loader.js").expect("Taboola is known");
        assert_eq!((tracker.category, tracker.catalog_id.as_deref()), (TrackerCategory::Marketing, None));
        assert!(db
            .lookup_url("https://widget.intercom.io/widget/abc")
            .is_some_and(|t| t.category == TrackerCategory::Functional));
    }

    #[test]
    fn hosts_that_do_not_track_are_not_in_it() {
        for url in [
            "https://fonts.googleapis.com/css2?family=Inter",
            "https://cdn.jsdelivr.net/npm/x@1/x.js",
            "https://cdnjs.cloudflare.com/ajax/libs/x.js",
            "https://www.microsoft.com/en-us/download",
            "https://shop.example/analytics.js",
            "/relative/path.js",
        ] {
            assert_eq!(name_of(url), None, "{url}");
        }
    }
}
