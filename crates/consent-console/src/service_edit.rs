//! The edits the Services form makes to a draft config: a service's category, its removal, and a catalog entry
//! added; and the catalog search that offers entries. Each edit reads the draft as JSON and rewrites the top-level
//! `services` (or appends to it), so the rest of the text keeps its order and its words. A service that names a
//! catalog entry shows the entry's name and hosts where it leaves them out, as consent-core fills them in. Pure, so
//! it is tested natively; the form itself is `services_form.rs`.

use consent_core::config::service_wire::ServiceWire;
use consent_core::service_suggestion::category_for;
use consent_core::{catalog, SiteConfig};
use serde_json::{json, Value};

use crate::json_text::{with_appended, with_replaced};

/// One service as the form shows it, read leniently: a missing field shows empty (the check names the problem).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceRow {
    /// The name visitors see (the catalog entry's when the service leaves it out).
    pub name: String,
    /// The service's id (the catalog id when it leaves it out).
    pub id: String,
    /// The id of the category it waits for.
    pub category: String,
    /// The hosts it is blocked on (the catalog entry's when the service leaves them out).
    pub hosts: Vec<String>,
}

/// The services of the draft `text`; `None` when it is not a JSON object. A `services` that is missing or not an
/// array reads as none.
pub fn read(text: &str) -> Option<Vec<ServiceRow>> {
    let config: Value = serde_json::from_str(text).ok()?;
    let config = config.as_object()?;
    let services = config.get("services").and_then(Value::as_array).cloned().unwrap_or_default();
    Some(services.iter().map(row).collect())
}

fn row(service: &Value) -> ServiceRow {
    let text = |key: &str| service.get(key).and_then(Value::as_str).map(str::to_owned);
    let entry = text("catalog").and_then(|id| catalog::entry(&id));
    let id = text("id").or_else(|| text("catalog")).unwrap_or_default();
    let name = text("name").or_else(|| entry.and_then(|e| e.name.clone())).unwrap_or_else(|| id.clone());
    let hosts = match service.get("hosts").and_then(Value::as_array) {
        Some(hosts) => hosts.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        None => entry.and_then(|e| e.hosts.clone()).unwrap_or_default(),
    };
    ServiceRow { name, id, category: text("category").unwrap_or_default(), hosts }
}

/// The category ids of the draft `text`, in order, for the category select.
pub fn category_ids(text: &str) -> Vec<String> {
    let config: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    let categories = config.get("categories").and_then(Value::as_array).cloned().unwrap_or_default();
    categories.iter().filter_map(|c| c.get("id").and_then(Value::as_str)).map(str::to_owned).collect()
}

/// One change the form makes to the service at a place of `services`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceEdit {
    /// The service's `category` set to this id.
    Category(usize, String),
    /// The service taken out.
    Remove(usize),
}

/// The draft `text` with `edit` made; `None` when the draft is not a JSON object, has no `services` array or no
/// service at that place.
pub fn apply(text: &str, edit: &ServiceEdit) -> Option<String> {
    let config: Value = serde_json::from_str(text).ok()?;
    let mut services = config.as_object()?.get("services")?.as_array()?.clone();
    match edit {
        ServiceEdit::Category(at, category) => {
            *services.get_mut(*at)?.as_object_mut()?.entry("category").or_insert(Value::Null) =
                Value::String(category.clone());
        }
        ServiceEdit::Remove(at) => {
            if *at >= services.len() {
                return None;
            }
            services.remove(*at);
        }
    }
    with_replaced(text, "services", &serde_json::to_string(&services).ok()?)
}

/// The catalog entries whose name, id or provider contains `query` (ignoring case), leaving out those whose id is in
/// `taken` (the draft has them already). An empty query finds nothing, so the list starts short.
pub fn search<'a>(query: &str, taken: &[String]) -> Vec<&'a ServiceWire> {
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return Vec::new();
    }
    let matches = |field: &Option<String>| field.as_deref().is_some_and(|f| f.to_lowercase().contains(&query));
    catalog::entries()
        .iter()
        .filter(|e| matches(&e.name) || matches(&e.id) || matches(&e.provider))
        .filter(|e| !e.id.as_ref().is_some_and(|id| taken.contains(id)))
        .collect()
}

/// The draft `text` with the catalog entry `id` appended to its services, in the entry's own category when the
/// draft has it, else its first optional one (consent-core's rule); `None` when the draft is not a config or the
/// catalog has no such entry.
pub fn with_catalog_entry(text: &str, id: &str) -> Option<String> {
    let config = SiteConfig::from_json(text).ok()?;
    let entry = catalog::entry(id)?;
    let category = category_for(&config, [entry.category.as_deref()]);
    with_appended(text, "services", &json!({ "catalog": id, "category": category }).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO: &str = include_str!("../../../demo/consent.json");

    fn services_of(text: &str) -> Vec<Value> {
        let config: Value = serde_json::from_str(text).unwrap();
        config["services"].as_array().unwrap().clone()
    }

    #[test]
    fn a_catalog_service_shows_the_entrys_name_and_hosts() {
        let rows = read(r#"{"services": [{"catalog": "hotjar", "category": "analytics"}]}"#).unwrap();
        assert_eq!(rows[0].id, "hotjar");
        assert_eq!(rows[0].name, "Hotjar");
        assert!(rows[0].hosts.iter().any(|h| h.contains("hotjar")), "{:?}", rows[0].hosts);
    }

    #[test]
    fn a_category_edit_rewrites_only_that_service() {
        let text = r#"{"site": "x", "services": [{"id": "a", "category": "one"}, {"id": "b", "category": "one"}]}"#;
        let edited = apply(text, &ServiceEdit::Category(1, "two".into())).unwrap();
        let services = services_of(&edited);
        assert_eq!((services[0]["category"].as_str(), services[1]["category"].as_str()), (Some("one"), Some("two")));
    }

    #[test]
    fn a_removal_takes_the_service_out() {
        let text = r#"{"services": [{"id": "a"}, {"id": "b"}]}"#;
        let edited = apply(text, &ServiceEdit::Remove(0)).unwrap();
        assert_eq!(services_of(&edited), vec![json!({"id": "b"})]);
    }

    #[test]
    fn an_edit_past_the_end_is_refused() {
        assert_eq!(apply(r#"{"services": []}"#, &ServiceEdit::Remove(0)), None);
    }

    #[test]
    fn search_matches_name_id_or_provider_ignoring_case_and_leaves_out_taken_entries() {
        let found: Vec<_> = search("HOTJ", &[]).iter().filter_map(|e| e.id.clone()).collect();
        assert!(found.contains(&"hotjar".to_owned()), "{found:?}");
        assert!(search("hotj", &["hotjar".to_owned()]).iter().all(|e| e.id.as_deref() != Some("hotjar")));
        let provider = catalog::entries().iter().find_map(|e| e.provider.clone()).unwrap();
        assert!(!search(&provider.to_uppercase(), &[]).is_empty());
    }

    #[test]
    fn an_empty_search_finds_nothing() {
        assert!(search("  ", &[]).is_empty());
    }

    #[test]
    fn an_added_catalog_entry_goes_into_its_own_category_when_the_draft_has_it() {
        let edited = with_catalog_entry(DEMO, "hotjar").unwrap();
        let added = services_of(&edited).pop().unwrap();
        let own = catalog::entry("hotjar").unwrap().category.clone();
        assert!(category_ids(DEMO).contains(own.as_ref().unwrap()), "the demo has hotjar's own category");
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
        let edited = with_catalog_entry(&config, "hotjar").unwrap();
        let added = services_of(&edited).pop().unwrap();
        assert_eq!(added, json!({"catalog": "hotjar", "category": first_optional["id"]}));
    }
}
