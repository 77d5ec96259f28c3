//! Auto-blocking: a tracker the config does not list, but the tracker database knows ([`crate::tracker_db`]), is held
//! under the site's category for what it does, exactly like a configured service. On unless the config turns it off.
//!
//! ```json
//! "auto_blocking": {
//!   "allow": ["widgets.example.net"],
//!   "hosts": {"stats.example.net": "analytics"},
//!   "categories": {"functional": "preferences"}
//! }
//! ```
//! - `allow`: host patterns that are never held (a widget the site vouches for);
//! - `hosts`: host patterns held under a category of the site's, whether the database knows them or not (it moves a
//!   known tracker to another category);
//! - `categories`: which of the site's categories each database category (`analytics`, `marketing`, `functional`) is
//!   held under. Left out, a database category goes to the site's category of the same id; if the site has none,
//!   its trackers are released only when the visitor grants every category (`null` in the served config).
//!
//! `"auto_blocking": false` (or `{"enabled": false}`) turns it off: only the config's services are held. The site's
//! own host is never held, nor are hosts the database files as CDNs, hosting or utilities.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::config::Category;
use crate::field_error::FieldError;
use crate::id::CategoryId;
use crate::tracker_db::{KnownTracker, TrackerCategory, TrackerDb};
use crate::url_pattern::{split_url, UrlPattern};

/// A checked `auto_blocking` section, defaults resolved; served to the boot loader in this form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AutoBlocking {
    /// Whether auto-blocking runs at all; `false` when the config turns it off.
    pub enabled: bool,
    /// Host patterns never held, even when the database knows them (a widget the site vouches for).
    pub allow: Vec<UrlPattern>,
    /// Host patterns the site holds under one of its categories, known to the database or not.
    pub hosts: BTreeMap<UrlPattern, CategoryId>,
    /// The site category each database category is held under; `None`: until every category is granted.
    pub categories: BTreeMap<TrackerCategory, Option<CategoryId>>,
}

/// The object form of `auto_blocking`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct AutoBlockingSettings {
    /// `false` turns auto-blocking off.
    #[serde(default)]
    enabled: Option<bool>,
    /// Host patterns never held (a widget the site vouches for).
    #[serde(default)]
    allow: Vec<String>,
    /// Host patterns held under a category of the site's, known to the tracker database or not.
    #[serde(default)]
    hosts: BTreeMap<String, String>,
    /// Which of the site's categories each database category (`analytics`, `marketing`, `functional`) is held under;
    /// `null`: only when the visitor grants every category.
    #[serde(default)]
    categories: BTreeMap<String, Option<String>>,
}

/// What holds a URL that no configured service covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeldTracker<'a> {
    /// The database's entry, when the database knows the host (a host moved by `hosts` alone has none).
    pub tracker: Option<&'a KnownTracker>,
    /// The site's category it waits for; `None`: every category.
    pub category: Option<&'a CategoryId>,
}

impl AutoBlocking {
    /// Auto-blocking with nothing overridden: each database category held under the site's category of that id.
    pub fn defaults(categories: &[Category]) -> Self {
        check(None, categories, &mut Vec::new())
    }

    /// Only the switch of a section (on unless `false` or `"enabled": false`), for the banner: see
    /// [`crate::SiteConfig`]'s checks.
    pub fn unchecked(wire: Option<&serde_json::Value>) -> Self {
        let off = wire
            .is_some_and(|w| w.as_bool() == Some(false) || w.get("enabled") == Some(&serde_json::Value::Bool(false)));
        AutoBlocking { enabled: !off, allow: Vec::new(), hosts: BTreeMap::new(), categories: BTreeMap::new() }
    }

    /// What holds a request to `url` made by a page on `page_host`, when no configured service covers it: `None` if
    /// it may go (auto-blocking off, the page's own host, an allowed host, a host the database does not know).
    /// A tracker held under a required category is not held.
    pub fn hold<'a>(
        &'a self,
        db: &'a TrackerDb,
        url: &str,
        page_host: &str,
        categories: &[Category],
    ) -> Option<HeldTracker<'a>> {
        let (host, path) = split_url(url)?;
        if !self.enabled || host.eq_ignore_ascii_case(page_host) {
            return None;
        }
        if self.allow.iter().any(|pattern| pattern.matches(host, path)) {
            return None;
        }
        let tracker = db.lookup(host, path);
        let moved = self
            .hosts
            .iter()
            .filter(|(pattern, _)| pattern.matches(host, path))
            .max_by_key(|(pattern, _)| (pattern.host().len(), pattern.to_string().len()));
        let held = match (moved, tracker) {
            (Some((_, category)), _) => HeldTracker { tracker, category: Some(category) },
            (None, Some(known)) => {
                HeldTracker { tracker, category: self.categories.get(&known.category).and_then(Option::as_ref) }
            }
            (None, None) => return None,
        };
        let required = |id: &CategoryId| categories.iter().any(|c| &c.id == id && c.required);
        (!held.category.is_some_and(required)).then_some(held)
    }
}

/// Checks the section (`true`, `false` or an object; absent: on, with the defaults) against the site's categories;
/// every problem is named by its path under `auto_blocking`.
pub fn check(
    wire: Option<&serde_json::Value>,
    categories: &[Category],
    problems: &mut Vec<FieldError>,
) -> AutoBlocking {
    let settings = match wire {
        None => AutoBlockingSettings::default(),
        Some(serde_json::Value::Bool(enabled)) => {
            AutoBlockingSettings { enabled: Some(*enabled), ..Default::default() }
        }
        Some(object @ serde_json::Value::Object(_)) => serde_json::from_value(object.clone()).unwrap_or_else(|e| {
            problems.push(FieldError::new("auto_blocking", e.to_string()));
            AutoBlockingSettings::default()
        }),
        Some(_) => {
            problems.push(FieldError::new(
                "auto_blocking",
                "must be false (off), true or an object with allow, hosts and categories",
            ));
            AutoBlockingSettings::default()
        }
    };
    let category_id = |id: &str, path: String, problems: &mut Vec<FieldError>| -> Option<CategoryId> {
        match categories.iter().find(|c| c.id.as_str() == id) {
            Some(category) => Some(category.id.clone()),
            None => {
                let known: Vec<&str> = categories.iter().map(|c| c.id.as_str()).collect();
                problems.push(FieldError::new(
                    path,
                    format!("'{id}' is not a category of this config ({})", known.join(", ")),
                ));
                None
            }
        }
    };
    let pattern = |text: &str, path: String, problems: &mut Vec<FieldError>| {
        UrlPattern::try_from(text.to_owned()).map_err(|e| problems.push(FieldError::new(path, e.to_string()))).ok()
    };
    let allow = settings
        .allow
        .iter()
        .enumerate()
        .filter_map(|(index, host)| pattern(host, format!("auto_blocking.allow[{index}]"), problems))
        .collect();
    let mut hosts = BTreeMap::new();
    for (host, category) in &settings.hosts {
        let path = format!("auto_blocking.hosts.{host}");
        if let (Some(host), Some(category)) =
            (pattern(host, path.clone(), problems), category_id(category, path, problems))
        {
            hosts.insert(host, category);
        }
    }
    let mut mapped = BTreeMap::new();
    for (name, category) in &settings.categories {
        let path = format!("auto_blocking.categories.{name}");
        let Some(tracker_category) = TrackerCategory::from_name(name) else {
            let known: Vec<&str> = TrackerCategory::ALL.iter().map(|c| c.as_str()).collect();
            problems.push(FieldError::new(path, format!("is not a tracker category (use {})", known.join(", "))));
            continue;
        };
        mapped.insert(tracker_category, category.as_deref().and_then(|id| category_id(id, path, problems)));
    }
    let categories = TrackerCategory::ALL
        .into_iter()
        .map(|tracker_category| {
            let same_id =
                || categories.iter().find(|c| c.id.as_str() == tracker_category.as_str()).map(|c| c.id.clone());
            let target = mapped.get(&tracker_category).cloned().unwrap_or_else(same_id);
            (tracker_category, target)
        })
        .collect();
    AutoBlocking { enabled: settings.enabled.unwrap_or(true), allow, hosts, categories }
}
