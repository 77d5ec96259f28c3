//! The service to add to a config for a tracker auto-blocking met on the site (the console's "Found on your site",
//! one click each): the catalog's entry when the catalog knows a host of it, so that its cookies and policy come
//! along, else a service of its own with the hosts it was met on. Either way it goes into the category it waited for
//! when the config has that category, so adding it changes nothing the visitor already chose.

use crate::catalog;
use crate::config::service_wire::ServiceWire;
use crate::id::ServiceId;
use crate::SiteConfig;

/// The category every-category trackers are filed under in a found-tracker list (`*`).
const EVERY_CATEGORY: &str = "*";

/// The service for a tracker `name` met on `hosts` while waiting for `category` (`*`: every category), for `config`.
pub fn for_found_tracker(config: &SiteConfig, name: &str, category: &str, hosts: &[String]) -> ServiceWire {
    let catalog = catalog::entry_for_hosts(hosts);
    let category = category_for(
        config,
        [Some(category).filter(|c| *c != EVERY_CATEGORY), catalog.and_then(|e| e.category.as_deref())],
    );
    match catalog.and_then(|entry| entry.id.clone()) {
        Some(id) if !config.services.iter().any(|s| s.id.as_str() == id) => {
            ServiceWire { catalog: Some(id), category, ..ServiceWire::default() }
        }
        _ => ServiceWire {
            id: Some(unused_id(config, name)),
            category,
            name: Some(name.to_owned()),
            hosts: Some(hosts.to_vec()),
            ..ServiceWire::default()
        },
    }
}

/// The category a service added to `config` goes into: the first of `wanted` the config has, else its first optional
/// category, else its first; so an added service waits for a choice the visitor can make. `None` only when the config
/// has no categories.
pub fn category_for<'a>(config: &SiteConfig, wanted: impl IntoIterator<Item = Option<&'a str>>) -> Option<String> {
    let known = |id: &str| config.categories.iter().any(|c| c.id.as_str() == id);
    wanted
        .into_iter()
        .flatten()
        .find(|id| known(id))
        .or_else(|| config.categories.iter().find(|c| !c.required).map(|c| c.id.as_str()))
        .or_else(|| config.categories.first().map(|c| c.id.as_str()))
        .map(str::to_owned)
}

/// A service id made from `name` (`Hotjar Ltd.` → `hotjar-ltd`) that the config does not use yet.
fn unused_id(config: &SiteConfig, name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug = slug.trim_end_matches('-').to_owned();
    if !slug.starts_with(|c: char| c.is_ascii_lowercase()) {
        slug.insert_str(0, "tracker-");
    }
    slug.truncate(ServiceId::MAX_LEN - 4);
    let slug = slug.trim_end_matches('-').to_owned();
    let taken = |id: &str| config.services.iter().any(|s| s.id.as_str() == id);
    (1..).map(|n| if n == 1 { slug.clone() } else { format!("{slug}-{n}") }).find(|id| !taken(id)).unwrap_or(slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> SiteConfig {
        SiteConfig::from_json(include_str!("../../../demo/consent.json")).unwrap()
    }

    fn hosts(list: &[&str]) -> Vec<String> {
        list.iter().map(|h| (*h).to_owned()).collect()
    }

    #[test]
    fn a_tracker_the_catalog_knows_becomes_its_catalog_entry_in_the_category_it_waited_for() {
        let service = for_found_tracker(&demo(), "Hotjar", "analytics", &hosts(&["static.hotjar.com"]));
        assert_eq!(service.catalog.as_deref(), Some("hotjar"));
        assert_eq!(service.category.as_deref(), Some("analytics"));
        assert_eq!((service.id, service.hosts), (None, None), "the rest comes from the catalog");
    }

    #[test]
    fn an_unknown_tracker_becomes_a_service_of_its_own_with_its_hosts() {
        let service = for_found_tracker(&demo(), "Acme Beacon, Inc.", "marketing", &hosts(&["t.acme.example"]));
        assert_eq!(service.catalog, None);
        assert_eq!(service.id.as_deref(), Some("acme-beacon-inc"));
        assert_eq!(service.name.as_deref(), Some("Acme Beacon, Inc."));
        assert_eq!(service.hosts, Some(hosts(&["t.acme.example"])));
        assert_eq!(service.category.as_deref(), Some("marketing"));
    }

    #[test]
    fn an_every_category_or_unknown_category_tracker_goes_to_the_first_optional_category() {
        for category in ["*", "no-such-category"] {
            let service = for_found_tracker(&demo(), "Widget", category, &hosts(&["w.example"]));
            assert_eq!(service.category.as_deref(), Some("analytics"), "{category}");
        }
    }

    #[test]
    fn the_id_is_a_valid_service_id_not_taken_in_the_config() {
        let config = demo();
        let taken = config.services[0].id.as_str().to_owned();
        let service = for_found_tracker(&config, &taken, "analytics", &hosts(&["x.example"]));
        assert_eq!(service.id, Some(format!("{taken}-2")));
        for name in ["42 Analytics", "", "Ünïcode Ltd", &"x".repeat(200)] {
            let id = for_found_tracker(&config, name, "analytics", &hosts(&["x.example"])).id.unwrap();
            assert!(ServiceId::try_from(id.clone()).is_ok(), "{name:?} → {id}");
        }
    }
}
