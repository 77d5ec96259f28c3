//! The suggested config: every tracker the scan found that the site's config does not cover, as a service `consent
//! config check` accepts — a catalog reference when our catalog knows it, else a service with the hosts it was met on
//! and the cookies and storage keys it left. Merged into the site's own config when it has one, else a complete
//! minimal config.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use crate::observation::{CookieSeen, Pass, StorageArea};
use crate::report::{Report, TrackerFinding};

/// The suggested config for `report`'s site. `existing` is the site's config (its JSON as served), `site_host` names
/// a new config, `now` (seconds since 1970) turns cookie expiry dates into durations.
pub fn suggested_config(report: &Report, existing: Option<&Value>, site_host: &str, now: f64) -> Value {
    let mut config = match existing {
        Some(Value::Object(config)) => config.clone(),
        _ => minimal_config(site_host),
    };
    let mut categories: Vec<Value> = config.get("categories").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut services: Vec<Value> = config.get("services").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut ids: BTreeSet<String> = services.iter().filter_map(service_id).collect();
    let mut added = 0;
    for tracker in report.trackers.iter().filter(|t| t.identity.service_id.is_none()) {
        let category = tracker.identity.category.clone();
        if !categories.iter().any(|c| c["id"] == category.as_str()) {
            categories.push(category_for(&category));
        }
        let service = match &tracker.identity.catalog_id {
            Some(catalog_id) if ids.contains(catalog_id) => continue,
            Some(catalog_id) => {
                ids.insert(catalog_id.clone());
                json!({ "catalog": catalog_id, "category": category })
            }
            None => {
                let id = unique_id(&tracker.identity.name, &ids);
                ids.insert(id.clone());
                service_for(tracker, &id, now)
            }
        };
        services.push(service);
        added += 1;
    }
    if existing.is_some() && added > 0 {
        // Visitors who chose under the old list are asked again: the new services were never agreed to.
        let revision = config.get("revision").and_then(Value::as_u64).unwrap_or(0);
        config.insert("revision".into(), json!(revision + 1));
    }
    config.insert("categories".into(), Value::Array(categories));
    config.insert("services".into(), Value::Array(services));
    Value::Object(config)
}

/// The id a config entry declares or refers to.
fn service_id(service: &Value) -> Option<String> {
    service.get("id").or_else(|| service.get("catalog")).and_then(Value::as_str).map(str::to_owned)
}

fn minimal_config(site_host: &str) -> Map<String, Value> {
    let site: String = site_host
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.'))
        .take(64)
        .collect();
    let mut config = Map::new();
    config.insert("site".into(), json!(if site.is_empty() { "my-site".to_owned() } else { site }));
    config.insert("revision".into(), json!(1));
    config.insert(
        "categories".into(),
        json!([{ "id": "necessary", "title": "Strictly necessary", "required": true,
                 "description": "Needed for the site to work; always on." }]),
    );
    config.insert("services".into(), json!([]));
    config
}

fn category_for(id: &str) -> Value {
    let (title, description) = match id {
        "analytics" => ("Analytics", "Visit statistics and heatmaps."),
        "marketing" => ("Marketing", "Ads, conversion pixels, social media and embedded videos."),
        "functional" => ("Functional", "Chat, support widgets and maps."),
        other => (other, ""),
    };
    json!({ "id": id, "title": title, "description": description })
}

/// A service id from a name: lowercase letters, digits and dashes, starting with a letter, not yet taken.
fn unique_id(name: &str, taken: &BTreeSet<String>) -> String {
    let mut slug = String::new();
    for c in name.to_ascii_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug = slug.trim_end_matches('-').chars().take(40).collect::<String>();
    if !slug.starts_with(|c: char| c.is_ascii_lowercase()) {
        slug.insert_str(0, "tracker-");
    }
    let mut id = slug.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{slug}-{n}");
        n += 1;
    }
    id
}

fn service_for(tracker: &TrackerFinding, id: &str, now: f64) -> Value {
    let types: BTreeSet<&str> = tracker.requests.iter().map(|r| r.resource_type.as_str()).collect();
    let kind = if types.contains("Document") {
        "embed"
    } else if types.contains("Script") {
        "sdk"
    } else if !tracker.cookies.is_empty() {
        "cookie"
    } else {
        "pixel"
    };
    let mut items: Vec<Value> = Vec::new();
    let mut names = BTreeSet::new();
    // The longest-lived sighting of each cookie says how long it is kept.
    let mut cookies: Vec<&CookieSeen> = tracker.cookies.iter().map(|row| &row.cookie).collect();
    cookies.sort_by(|a, b| b.expires.unwrap_or(0.0).total_cmp(&a.expires.unwrap_or(0.0)));
    for cookie in cookies {
        if names.insert(cookie.name.clone()) {
            let mut item = json!({ "name": cookie.name, "purpose": format!("Set by {}", tracker.identity.name),
                                   "duration": lifetime(cookie.expires, now) });
            if cookie.third_party {
                item["domain"] = json!(cookie.domain);
            }
            items.push(item);
        }
    }
    for key in &tracker.storage {
        if names.insert(key.key.clone()) {
            let (kind, duration) = match key.area {
                StorageArea::Local => ("local_storage", "13mo"),
                StorageArea::Session => ("session_storage", "session"),
            };
            items.push(json!({ "name": key.key, "kind": kind, "purpose": format!("Kept by {}", tracker.identity.name),
                               "duration": duration }));
        }
    }
    let leaked = if tracker.loaded.contains(&Pass::BeforeChoice) { " It loaded before consent." } else { "" };
    let hosts: Vec<&String> = tracker.hosts.iter().collect();
    json!({
        "id": id,
        "name": tracker.identity.name,
        "provider": tracker.identity.name,
        "category": tracker.identity.category,
        "kind": kind,
        "description": format!("Found by consent scan on this site ({}).{leaked}", hosts.iter().map(|h| h.as_str()).collect::<Vec<_>>().join(", ")),
        "hosts": hosts,
        "cookies": items,
    })
}

/// How long a cookie expiring at `expires` is kept from `now`, in the config's notation (`session`, `30min`, `24h`,
/// `90d`, `13mo`, `2y`), rounded up.
pub fn lifetime(expires: Option<f64>, now: f64) -> String {
    let Some(expires) = expires else { return "session".into() };
    let seconds = (expires - now).max(60.0);
    let up = |unit: f64| (seconds / unit).ceil() as u64;
    const DAY: f64 = 86_400.0;
    if seconds < 3_600.0 {
        format!("{}min", up(60.0))
    } else if seconds < 2.0 * DAY {
        format!("{}h", up(3_600.0))
    } else if seconds < 60.0 * DAY {
        format!("{}d", up(DAY))
    } else if seconds < 730.0 * DAY {
        format!("{}mo", up(30.0 * DAY))
    } else {
        format!("{}y", up(365.0 * DAY))
    }
}
