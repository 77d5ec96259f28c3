//! The search of the Services form: the built-in catalog (by name, id or provider) and consent-core's tracker
//! database (the entities of the open data set third-party-web, by name or host), and the service each result adds
//! to the draft in one click. A catalog entry is added by reference, so its cookies and policy come along; a tracker
//! is added as consent-core's `service_suggestion` makes one for a tracker found on a site (its catalog entry when
//! the catalog knows one of its hosts, else a service of its own with its hosts), in the category it suggests.
//! Pure, so it is tested natively.

use consent_core::service_suggestion::{category_for, for_found_tracker};
use consent_core::tracker_db::TrackerDb;
use consent_core::{catalog, SiteConfig};
use serde_json::json;

use crate::json_text::with_appended;
use crate::service_edit::ServiceRow;

/// At most this many tracker-database results are listed: the database has over a thousand entries, and a short
/// query (`go`) would otherwise list hundreds.
pub const TRACKER_LIMIT: usize = 8;

/// Where a result comes from, and what adding it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A catalog entry, by its id.
    Catalog(String),
    /// A tracker-database entity: what it is for (`analytics`, `marketing`, `functional`) and its hosts.
    TrackerDb {
        /// Its category in the database's words, which the draft's own category of that id takes.
        category: &'static str,
        /// Its host patterns.
        hosts: Vec<String>,
    },
}

/// One result of a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Who it is, as a visitor would recognise it.
    pub name: String,
    /// A line about it: the catalog entry's provider, or the tracker's category and hosts.
    pub detail: String,
    /// Where it comes from.
    pub source: Source,
}

/// What a search finds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Results {
    /// The catalog's matches, then the tracker database's (at most [`TRACKER_LIMIT`]).
    pub found: Vec<Found>,
    /// How many more tracker-database entries match than are listed.
    pub more: usize,
}

/// The catalog entries whose name, id or provider contains `query` (ignoring case), then the tracker-database
/// entities whose name or a host contains it; leaving out what the draft's `services` have already (a catalog id, a
/// tracker's name) and the trackers the catalog names. An empty query finds nothing, so the list starts short.
pub fn search(query: &str, services: &[ServiceRow]) -> Results {
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return Results::default();
    }
    let matches = |text: &str| text.to_lowercase().contains(&query);
    let has_id = |id: &str| services.iter().any(|s| s.id == id || s.catalog.as_deref() == Some(id));
    let has_name = |name: &str| services.iter().any(|s| s.name.eq_ignore_ascii_case(name));
    let mut found: Vec<Found> = catalog::entries()
        .iter()
        .filter(|e| [&e.name, &e.id, &e.provider].into_iter().flatten().any(|field| matches(field)))
        .filter_map(|e| {
            let id = e.id.clone()?;
            (!has_id(&id)).then(|| Found {
                name: e.name.clone().unwrap_or_else(|| id.clone()),
                detail: e.provider.clone().unwrap_or_default(),
                source: Source::Catalog(id),
            })
        })
        .collect();
    // The catalog's own entries head the database, and the open data set names some of them again: both were found
    // above, by reference.
    let in_catalog =
        |name: &str| catalog::entries().iter().any(|e| e.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(name)));
    let mut trackers = TrackerDb::builtin().trackers().iter().filter(|t| t.catalog_id.is_none()).filter(|t| {
        (matches(&t.name) || t.patterns.iter().any(|p| matches(&p.to_string())))
            && !has_name(&t.name)
            && !in_catalog(&t.name)
    });
    for tracker in trackers.by_ref().take(TRACKER_LIMIT) {
        let hosts: Vec<String> = tracker.patterns.iter().map(ToString::to_string).collect();
        found.push(Found {
            name: tracker.name.clone(),
            detail: format!("{}: {}", tracker.category, hosts.join(", ")),
            source: Source::TrackerDb { category: tracker.category.as_str(), hosts },
        });
    }
    Results { found, more: trackers.count() }
}

/// The draft `text` with `found` appended to its services: a catalog entry in its own category when the draft has it,
/// else its first optional one; a tracker as consent-core suggests it. `None` when the draft is not a config (its
/// categories are needed to pick one) or the catalog has no such entry.
pub fn with_found(text: &str, found: &Found) -> Option<String> {
    let config = SiteConfig::from_json(text).ok()?;
    let service = match &found.source {
        Source::Catalog(id) => {
            let entry = catalog::entry(id)?;
            json!({ "catalog": id, "category": category_for(&config, [entry.category.as_deref()]) })
        }
        Source::TrackerDb { category, hosts } => {
            serde_json::to_value(for_found_tracker(&config, &found.name, category, hosts)).ok()?
        }
    };
    with_appended(text, "services", &service.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service_edit::read;
    use serde_json::Value;

    const DEMO: &str = include_str!("../../../demo/consent.json");

    fn services_of(text: &str) -> Vec<Value> {
        let config: Value = serde_json::from_str(text).unwrap();
        config["services"].as_array().unwrap().clone()
    }

    fn names(results: &Results) -> Vec<&str> {
        results.found.iter().map(|f| f.name.as_str()).collect()
    }

    fn catalog_result(id: &str) -> Found {
        let entry = catalog::entry(id).unwrap();
        Found { name: entry.name.clone().unwrap(), detail: String::new(), source: Source::Catalog(id.into()) }
    }

    #[test]
    fn search_matches_name_id_or_provider_ignoring_case_and_leaves_out_taken_entries() {
        assert!(names(&search("HOTJ", &[])).contains(&"Hotjar"));
        let taken = read(r#"{"services": [{"catalog": "hotjar"}]}"#).unwrap();
        assert!(!names(&search("hotj", &taken)).contains(&"Hotjar"));
        let provider = catalog::entries().iter().find_map(|e| e.provider.clone()).unwrap();
        assert!(!search(&provider.to_uppercase(), &[]).found.is_empty());
    }

    #[test]
    fn an_empty_search_finds_nothing() {
        assert_eq!(search("  ", &[]), Results::default());
    }

    #[test]
    fn the_tracker_database_is_searched_by_name_or_host_after_the_catalog() {
        let by_name = search("taboola", &[]);
        let taboola = by_name.found.iter().find(|f| f.name == "Taboola").expect("Taboola is in the database");
        let Source::TrackerDb { category, hosts } = &taboola.source else { panic!("{taboola:?}") };
        assert_eq!(*category, "marketing");
        assert!(hosts.iter().any(|h| h.contains("taboola.com")), "{hosts:?}");
        assert!(search("taboola.com", &[]).found.iter().any(|f| f.name == "Taboola"), "found by host");
        let taken = read(r#"{"services": [{"id": "taboola", "name": "Taboola"}]}"#).unwrap();
        assert!(!names(&search("taboola", &taken)).contains(&"Taboola"));
    }

    #[test]
    fn a_tracker_the_catalog_names_is_found_once_as_the_catalog_entry() {
        let hotjar = search("hotjar", &[]);
        let found: Vec<_> = hotjar.found.iter().filter(|f| f.name.eq_ignore_ascii_case("hotjar")).collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].source, Source::Catalog("hotjar".into()));
    }

    #[test]
    fn a_short_query_lists_a_few_trackers_and_counts_the_rest() {
        let results = search("a", &[]);
        let trackers = results.found.iter().filter(|f| matches!(f.source, Source::TrackerDb { .. })).count();
        assert_eq!(trackers, TRACKER_LIMIT);
        assert!(results.more > 100, "{}", results.more);
    }

    #[test]
    fn an_added_catalog_entry_goes_into_its_own_category_when_the_draft_has_it() {
        let edited = with_found(DEMO, &catalog_result("hotjar")).unwrap();
        let added = services_of(&edited).pop().unwrap();
        let own = catalog::entry("hotjar").unwrap().category.clone();
        assert_eq!(added, json!({"catalog": "hotjar", "category": own}));
    }

    #[test]
    fn an_added_catalog_entry_goes_into_the_first_optional_category_when_its_own_is_missing() {
        // The demo with its analytics category (Hotjar's own) and the services filed under it taken out.
        let mut demo: Value = serde_json::from_str(DEMO).unwrap();
        demo["categories"].as_array_mut().unwrap().retain(|c| c["id"] != "analytics");
        demo["services"].as_array_mut().unwrap().retain(|s| s["category"] != "analytics");
        let config = serde_json::to_string(&demo).unwrap();
        let first_optional = demo["categories"].as_array().unwrap().iter().find(|c| c["required"] != true).unwrap();
        let added = services_of(&with_found(&config, &catalog_result("hotjar")).unwrap()).pop().unwrap();
        assert_eq!(added, json!({"catalog": "hotjar", "category": first_optional["id"]}));
    }

    #[test]
    fn an_added_tracker_is_a_service_of_its_own_with_its_hosts_that_passes_the_check() {
        let taboola = search("taboola", &[]).found.into_iter().find(|f| f.name == "Taboola").unwrap();
        let edited = with_found(DEMO, &taboola).unwrap();
        let added = services_of(&edited).pop().unwrap();
        assert_eq!((added["id"].as_str(), added["name"].as_str()), (Some("taboola"), Some("Taboola")));
        assert_eq!(added["category"], "marketing");
        assert!(added["hosts"].as_array().is_some_and(|h| !h.is_empty()));
        assert_eq!(crate::draft::check(&edited, "demo-shop"), []);
    }
}
