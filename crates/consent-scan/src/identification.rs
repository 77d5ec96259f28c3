//! Naming what a scan saw: the site's own config first (when the site has our banner, its services are what the
//! owner already declared), then the tracker database (our catalog, then the open data set), and for cookies the
//! catalog's cookie names.

use consent_core::tracker_db::TrackerDb;
use consent_core::{catalog, SiteConfig};
use serde::{Deserialize, Serialize};

/// Where a tracker's identity comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// A service of the scanned site's config.
    SiteConfig,
    /// A service of our built-in catalog.
    Catalog,
    /// An entity of the open data set (third-party-web).
    OpenData,
}

/// Who a request or cookie belongs to and what for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Identity {
    /// As a visitor would recognise it ("Google Analytics 4", "Hotjar").
    pub name: String,
    /// The category: the site config's own category id, or the database's (analytics, marketing, functional).
    pub category: String,
    /// The catalog id, which a config can name with `{"catalog": id}`.
    pub catalog_id: Option<String>,
    /// The id of the service in the scanned site's config that covers it, if one does.
    pub service_id: Option<String>,
    /// Where the name comes from: the site's config, our catalog or the open data set.
    pub source: Source,
}

/// Identifies requests and cookies for one scanned site.
pub struct Identifier<'a> {
    config: Option<&'a SiteConfig>,
    db: &'a TrackerDb,
}

impl<'a> Identifier<'a> {
    /// An identifier that knows the site's config (`None` when the site has no banner of ours) and `db`.
    pub fn new(config: Option<&'a SiteConfig>, db: &'a TrackerDb) -> Self {
        Identifier { config, db }
    }

    /// Who `url` belongs to, if anyone known.
    pub fn request(&self, url: &str) -> Option<Identity> {
        let known = self.db.lookup_url(url);
        if let Some(service) = self.config.and_then(|config| config.service_for_url(url)) {
            return Some(Identity {
                name: service.name.clone(),
                category: service.category.to_string(),
                catalog_id: known.and_then(|tracker| tracker.catalog_id.clone()),
                service_id: Some(service.id.to_string()),
                source: Source::SiteConfig,
            });
        }
        known.map(|tracker| Identity {
            name: tracker.name.clone(),
            category: tracker.category.to_string(),
            catalog_id: tracker.catalog_id.clone(),
            service_id: None,
            source: if tracker.catalog_id.is_some() { Source::Catalog } else { Source::OpenData },
        })
    }

    /// Who a cookie (or storage key) named `name` belongs to: a config service listing the name, else a catalog
    /// service listing it, else whoever runs the host that set it (`set_by`, a URL).
    pub fn item(&self, name: &str, set_by: Option<&str>) -> Option<Identity> {
        if let Some(service) =
            self.config.and_then(|config| config.services.iter().find(|s| s.items.iter().any(|i| i.matches_name(name))))
        {
            return Some(Identity {
                name: service.name.clone(),
                category: service.category.to_string(),
                catalog_id: None,
                service_id: Some(service.id.to_string()),
                source: Source::SiteConfig,
            });
        }
        let listed =
            catalog::entries().iter().find(|entry| entry.cookies.iter().flatten().any(|c| c.matches_name(name)));
        if let Some(entry) = listed {
            return Some(Identity {
                name: entry.name.clone().unwrap_or_default(),
                category: entry.category.clone().unwrap_or_default(),
                catalog_id: entry.id.clone(),
                service_id: None,
                source: Source::Catalog,
            });
        }
        set_by.and_then(|url| self.request(url))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_and_open_data_trackers_are_named_with_their_category() {
        let identify = Identifier::new(None, TrackerDb::builtin());
        let pixel = identify.request("https://connect.facebook.net/en_US/fbevents.js").unwrap();
        assert_eq!(
            (pixel.category.as_str(), pixel.catalog_id.as_deref(), pixel.source),
            ("marketing", Some("meta-pixel"), Source::Catalog)
        );
        let taboola = identify.request("https://cdn.taboola.com/libtrc/loader.js").unwrap();
        assert_eq!((taboola.catalog_id, taboola.source), (None, Source::OpenData));
        assert_eq!(identify.request("https://fonts.googleapis.com/css2?family=Inter"), None);
    }

    #[test]
    fn the_sites_own_config_names_its_services_first() {
        let config = SiteConfig::from_json(include_str!("../../../demo/consent.json")).unwrap();
        let identify = Identifier::new(Some(&config), TrackerDb::builtin());
        let ads = identify.request("http://ads.localhost:8081/pixel.gif?ev=PageView").unwrap();
        assert_eq!(
            (ads.service_id.as_deref(), ads.category.as_str(), ads.source),
            (Some("demo-ads"), "marketing", Source::SiteConfig)
        );
        assert_eq!(
            identify.item("_demo_analytics", None).and_then(|i| i.service_id).as_deref(),
            Some("demo-analytics")
        );
    }

    #[test]
    fn cookies_are_known_by_the_catalogs_names_or_by_the_host_that_set_them() {
        let identify = Identifier::new(None, TrackerDb::builtin());
        let ga = identify.item("_ga_ABC123", None).unwrap();
        assert_eq!(ga.catalog_id.as_deref(), Some("google-analytics"));
        let by_host = identify.item("t_gid", Some("https://cdn.taboola.com/sync")).unwrap();
        assert_eq!(by_host.source, Source::OpenData);
        assert_eq!(identify.item("cart", None), None);
    }
}
