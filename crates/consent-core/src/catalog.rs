//! The built-in catalog of common services, with their real hosts and cookies, so that a site can write
//! `{"catalog": "google-analytics"}` instead of researching every cookie name. The data is `catalog.json` beside
//! this file; its entries have the same shape as a service in a config, their `category` being a suggestion.

use std::sync::OnceLock;

use crate::config::service_wire::ServiceWire;
use crate::service::TrackerItem;

const CATALOG_JSON: &str = include_str!("catalog.json");

/// Every catalog entry, parsed once.
pub fn entries() -> &'static [ServiceWire] {
    static ENTRIES: OnceLock<Vec<ServiceWire>> = OnceLock::new();
    // The catalog is part of this crate and checked by its tests, so a parse failure is a build defect.
    ENTRIES.get_or_init(|| serde_json::from_str(CATALOG_JSON).expect("catalog.json is valid (tested)"))
}

/// The catalog entry with this id.
pub fn entry(id: &str) -> Option<&'static ServiceWire> {
    entries().iter().find(|entry| entry.id.as_deref() == Some(id))
}

/// The cookies and storage keys of the catalog services that serve any of `hosts` (a host matches a pattern's host or
/// a subdomain of it): what a tracker that auto-blocking met on those hosts leaves in the browser, to delete when its
/// category is withdrawn although the config does not list it.
pub fn items_for_hosts(hosts: &[String]) -> Vec<TrackerItem> {
    entries()
        .iter()
        .filter(|entry| serves_any(entry, hosts))
        .flat_map(|entry| entry.cookies.iter().flatten().cloned())
        .collect()
}

/// The first catalog entry that serves any of `hosts` (as [`items_for_hosts`] matches them): the service a tracker
/// met on those hosts most likely is.
pub fn entry_for_hosts(hosts: &[String]) -> Option<&'static ServiceWire> {
    entries().iter().find(|entry| serves_any(entry, hosts))
}

/// Whether one of `entry`'s host patterns is one of `hosts` or a parent domain of one.
fn serves_any(entry: &ServiceWire, hosts: &[String]) -> bool {
    entry.hosts.iter().flatten().any(|pattern| {
        let pattern_host = pattern.split('/').next().unwrap_or_default().trim_start_matches("*.").to_ascii_lowercase();
        hosts.iter().any(|host| {
            let host = host.to_ascii_lowercase();
            host == pattern_host || host.ends_with(&format!(".{pattern_host}"))
        })
    })
}

/// The ids of every catalog entry, for error messages and documentation.
pub fn ids() -> Vec<&'static str> {
    entries().iter().filter_map(|entry| entry.id.as_deref()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::services::check_services;
    use crate::{Category, CategoryId, FieldError};

    fn category(id: &str) -> Category {
        Category {
            id: CategoryId::try_from(id).unwrap(),
            title: id.into(),
            description: String::new(),
            required: false,
            sale_or_sharing: false,
            policy_section: None,
        }
    }

    #[test]
    fn every_entry_is_a_valid_service_in_its_suggested_category() {
        let categories: Vec<_> = ["analytics", "marketing", "functional"].map(category).into();
        let mut problems: Vec<FieldError> = Vec::new();
        let services = check_services(entries().to_vec(), &categories, &mut problems);
        assert_eq!(problems, Vec::<FieldError>::new());
        assert!(services.len() >= 15, "the catalog promises at least 15 services");
        for service in &services {
            assert!(!service.hosts.is_empty(), "{} has no hosts to block", service.id);
            assert!(service.privacy_policy_url.is_some(), "{} has no privacy policy", service.id);
        }
    }

    #[test]
    fn a_tracker_met_on_a_catalog_services_host_leaves_that_services_cookies() {
        let names = |hosts: &[&str]| -> Vec<String> {
            let hosts: Vec<String> = hosts.iter().map(|h| (*h).to_owned()).collect();
            items_for_hosts(&hosts).into_iter().map(|item| item.name).collect()
        };
        assert!(
            names(&["static.hotjar.com"]).iter().any(|n| n.starts_with("_hjSessionUser")),
            "{:?}",
            names(&["static.hotjar.com"])
        );
        assert!(names(&["connect.facebook.net"]).contains(&"_fbp".to_owned()));
        assert_eq!(names(&["cdn.taboola.com", "shop.example"]), Vec::<String>::new(), "not a catalog service");
    }

    #[test]
    fn the_big_names_are_there() {
        for id in [
            "google-analytics",
            "google-tag-manager",
            "google-ads",
            "meta-pixel",
            "microsoft-clarity",
            "hotjar",
            "linkedin-insight",
            "tiktok-pixel",
            "x-pixel",
            "pinterest-tag",
            "youtube",
            "vimeo",
            "google-maps",
            "hubspot",
            "matomo",
        ] {
            assert!(entry(id).is_some(), "{id} is missing from the catalog");
        }
    }
}
