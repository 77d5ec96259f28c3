//! What to delete from the browser when services are denied: their cookies, across every domain and path they may
//! have been set on, and their local and session storage keys.
//!
//! The browser does not tell which domain or path a cookie was set with, and a deletion only works with the same
//! ones, so every plausible variant is written: host-only, the host and each parent domain, the item's configured
//! domain, for `/` and every prefix of the current path. Deleting a cookie that does not exist does nothing.

use crate::choice::{Decision, ServiceDecisions};
use crate::config::SiteConfig;
use crate::service::{StorageKind, TrackerItem};

/// The deletions to carry out, computed from what the browser currently holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleanup {
    /// Complete `document.cookie` assignments that expire a cookie.
    pub cookie_writes: Vec<String>,
    /// The `localStorage` keys to remove, as they are named in the browser now.
    pub local_storage_keys: Vec<String>,
    /// The `sessionStorage` keys to remove, as they are named in the browser now.
    pub session_storage_keys: Vec<String>,
}

/// What the browser holds now, and where the page is.
#[derive(Debug, Clone, Copy)]
pub struct BrowserState<'a> {
    /// The names of the cookies `document.cookie` shows now.
    pub cookie_names: &'a [String],
    /// The keys `localStorage` holds now.
    pub local_storage_keys: &'a [String],
    /// The keys `sessionStorage` holds now.
    pub session_storage_keys: &'a [String],
    /// The page's host name (`shop.example.com`).
    pub host: &'a str,
    /// The page's path (`/cart/items`).
    pub path: &'a str,
}

/// The deletions for every denied service of `config`.
pub fn plan(config: &SiteConfig, services: &ServiceDecisions, browser: BrowserState<'_>) -> Cleanup {
    let denied = config.services.iter().filter(|s| services.get(&s.id) != Some(&Decision::Granted));
    plan_items(denied.flat_map(|service| &service.items), browser)
}

/// The deletions of these cookies and storage keys (a denied service's, or those of a tracker auto-blocking held
/// whose category was withdrawn).
pub fn plan_items<'a>(items: impl IntoIterator<Item = &'a TrackerItem>, browser: BrowserState<'_>) -> Cleanup {
    let mut cleanup = Cleanup::default();
    for item in items {
        match item.kind {
            StorageKind::Cookie => {
                for name in browser.cookie_names.iter().filter(|name| item.matches_name(name)) {
                    for domain in domains(browser.host, item.domain.as_deref()) {
                        for path in paths(browser.path) {
                            let write = expire(name, domain.as_deref(), &path);
                            if !cleanup.cookie_writes.contains(&write) {
                                cleanup.cookie_writes.push(write);
                            }
                        }
                    }
                }
            }
            StorageKind::LocalStorage => {
                let keys = browser.local_storage_keys.iter().filter(|key| item.matches_name(key));
                extend_unique(&mut cleanup.local_storage_keys, keys);
            }
            StorageKind::SessionStorage => {
                let keys = browser.session_storage_keys.iter().filter(|key| item.matches_name(key));
                extend_unique(&mut cleanup.session_storage_keys, keys);
            }
            StorageKind::Pixel => {}
        }
    }
    cleanup
}

fn extend_unique<'a>(into: &mut Vec<String>, keys: impl Iterator<Item = &'a String>) {
    for key in keys {
        if !into.contains(key) {
            into.push(key.clone());
        }
    }
}

fn expire(name: &str, domain: Option<&str>, path: &str) -> String {
    let domain = domain.map(|d| format!("; Domain={d}")).unwrap_or_default();
    format!("{name}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path={path}{domain}")
}

/// Host-only (`None`), then the host and each parent domain with at least two labels, then the configured domain.
fn domains(host: &str, configured: Option<&str>) -> Vec<Option<String>> {
    let mut out = vec![None];
    let is_ip = host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[');
    if !is_ip {
        let labels: Vec<&str> = host.split('.').collect();
        for start in 0..labels.len().saturating_sub(1) {
            out.push(Some(labels[start..].join(".")));
        }
    }
    if let Some(domain) = configured.map(|d| d.trim_start_matches('.')) {
        if !domain.is_empty() && !out.contains(&Some(domain.to_owned())) {
            out.push(Some(domain.to_owned()));
        }
    }
    out
}

/// `/` and every prefix of `path` (`/a/b` → `/`, `/a`, `/a/b`).
fn paths(path: &str) -> Vec<String> {
    let mut out = vec!["/".to_owned()];
    let mut prefix = String::new();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        prefix.push('/');
        prefix.push_str(segment);
        out.push(prefix.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::choice::{service_decisions, Choice};
    use crate::config::tests::DEMO;

    fn config() -> SiteConfig {
        let services = r#"[{"catalog": "google-analytics"}, {"catalog": "youtube", "category": "marketing"}]"#;
        SiteConfig::from_json(&DEMO.replace("\"revision\": 1,", &format!("\"revision\": 1, \"services\": {services},")))
            .unwrap()
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn denied_services_lose_their_cookies_on_every_domain_and_path_and_their_storage() {
        let config = config();
        let decisions = Choice::Custom([crate::CategoryId::try_from("marketing").unwrap()].into()).decide(&config);
        let services = service_decisions(&config, &decisions);
        let cookies = names(&["_ga", "_ga_X1Y2", "session", "consent_banner"]);
        let local = names(&["yt-remote-device-id", "cart"]);
        let state = BrowserState {
            cookie_names: &cookies,
            local_storage_keys: &local,
            session_storage_keys: &[],
            host: "www.shop.example",
            path: "/cart/items",
        };
        let cleanup = plan(&config, &services, state);
        // Analytics is denied: both GA cookies go, in 3 domain variants (host-only, www.shop.example, shop.example)
        // × 3 paths; YouTube (granted) keeps its keys.
        assert_eq!(cleanup.cookie_writes.len(), 2 * 3 * 3);
        assert!(cleanup.cookie_writes.contains(
            &"_ga_X1Y2=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/cart; Domain=shop.example".to_owned()
        ));
        assert!(cleanup.cookie_writes.iter().all(|w| w.starts_with("_ga")), "only the denied service's cookies");
        assert!(cleanup.local_storage_keys.is_empty());

        let rejected = service_decisions(&config, &Choice::RejectAll.decide(&config));
        let cleanup = plan(&config, &rejected, state);
        assert_eq!(cleanup.local_storage_keys, ["yt-remote-device-id"]);
    }

    #[test]
    fn ip_hosts_get_host_only_cookies_and_configured_domains_are_added() {
        assert_eq!(domains("127.0.0.1", None), vec![None]);
        assert_eq!(
            domains("shop.example", Some(".youtube.com")),
            vec![None, Some("shop.example".into()), Some("youtube.com".into())]
        );
        assert_eq!(paths("/"), ["/"]);
    }
}
