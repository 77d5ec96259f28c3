//! Services: the trackers and embeds a site uses, each in one consent category, with the URL patterns of the hosts it
//! talks to and the cookies and storage keys it leaves behind.
//!
//! A config lists them in full, or refers to the built-in [`catalog`](crate::catalog) by id and overrides what
//! differs (typically the category). The boot loader blocks requests by the patterns; withdrawal deletes by the
//! cookie and storage names; the preferences show the whole table to the visitor.

use serde::{Deserialize, Serialize};

use crate::id::{CategoryId, ServiceId};
use crate::lifetime::Lifetime;
use crate::url_pattern::UrlPattern;

/// What kind of tracking a service does, as shown to the visitor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum ServiceKind {
    /// Sets cookies (analytics tags, ad networks).
    Cookie,
    /// Sends pixel tags / web beacons / transparent GIFs.
    Pixel,
    /// Keeps data in the browser's local or session storage.
    LocalStorage,
    /// A third-party script or SDK that runs on the page (chat widgets, session recorders).
    Sdk,
    /// Embedded content from another site (videos, maps, social posts).
    Embed,
}

/// Where a tracker keeps or sends an identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum StorageKind {
    /// A cookie, deleted on withdrawal on the page's host or the item's `domain`.
    Cookie,
    /// A `localStorage` key, kept until deleted.
    LocalStorage,
    /// A `sessionStorage` key, gone when the tab closes.
    SessionStorage,
    /// A pixel tag or web beacon: nothing is stored, a request is sent.
    Pixel,
}

/// One cookie, storage key or pixel of a service, as listed in the preferences and deleted on withdrawal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TrackerItem {
    /// The exact name, or a pattern with `*` standing for any characters (`_ga_*`).
    pub name: String,
    /// Where it lives; `cookie` when left out.
    #[serde(default = "cookie_kind")]
    pub kind: StorageKind,
    /// The domain a cookie is set on, when it is not the page's own host (`.example.com`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// What the item is for, as shown to the visitor ("Distinguishes users").
    #[serde(default)]
    pub purpose: String,
    /// How long it is kept; `session` when it goes with the browser session.
    #[cfg_attr(feature = "schema", schemars(schema_with = "crate::config::schema::lifetime"))]
    pub duration: Lifetime,
}

fn cookie_kind() -> StorageKind {
    StorageKind::Cookie
}

impl TrackerItem {
    /// Whether `name` is this item's name or matches its `*` pattern.
    pub fn matches_name(&self, name: &str) -> bool {
        wildcard_match(&self.name, name)
    }
}

/// A checked service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Service {
    /// The service's id, unique in the config.
    pub id: ServiceId,
    /// The category it belongs to: it runs only once that category is granted.
    pub category: CategoryId,
    /// The name shown to the visitor.
    pub name: String,
    /// The company behind it; empty when the config does not say.
    pub provider: String,
    /// What it does on the site; empty when the config does not say.
    pub description: String,
    /// What kind of tracking it does.
    pub kind: ServiceKind,
    /// Requests to these are blocked until the category (and the service) is granted.
    pub hosts: Vec<UrlPattern>,
    /// The cookies, storage keys and pixels it leaves (`cookies` in the config).
    #[serde(rename = "cookies")]
    pub items: Vec<TrackerItem>,
    /// The provider's own privacy policy, an absolute http(s) URL.
    pub privacy_policy_url: Option<String>,
    /// Reload the page when this service is withdrawn, for scripts that cannot be stopped once running.
    pub reload_on_withdraw: bool,
}

/// `*` matches any run of characters (including none); everything else matches itself.
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let [first, middle @ .., last] = parts.as_slice() else { return pattern == text };
    if parts.len() == 1 {
        return pattern == text;
    }
    let Some(mut rest) = text.strip_prefix(first) else { return false };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn wildcards_match_runs_of_characters() {
        assert!(wildcard_match("_ga_*", "_ga_ABC123"));
        assert!(wildcard_match("_ga_*", "_ga_"));
        assert!(!wildcard_match("_ga_*", "_ga"));
        assert!(wildcard_match("_pk_id.*", "_pk_id.1.1fff"));
        assert!(wildcard_match("*_session_*", "hj_session_42"));
        assert!(wildcard_match("_gid", "_gid"));
        assert!(!wildcard_match("_gid", "_gidx"));
        assert!(!wildcard_match("a*a", "a"));
    }

    proptest! {
        #[test]
        fn a_star_pattern_matches_every_text_with_its_prefix(prefix in "[a-z_]{0,6}", tail in "[a-zA-Z0-9_.]{0,12}") {
            let pattern = format!("{prefix}*");
            let text = format!("{prefix}{tail}");
            prop_assert!(wildcard_match(&pattern, &text));
        }

        #[test]
        fn without_a_star_only_equality_matches(a in "[a-z]{0,5}", b in "[a-z]{0,5}") {
            prop_assert_eq!(wildcard_match(&a, &b), a == b);
        }
    }
}
