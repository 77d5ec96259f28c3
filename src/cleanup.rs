//! Deletes what denied services left in the browser: carries out the plan `consent_core::cleanup` computes from the
//! cookie names and storage keys present now.

use consent_core::catalog;
use consent_core::choice::{Decision, Decisions, ServiceDecisions};
use consent_core::cleanup::{plan, plan_items, BrowserState};
use consent_core::SiteConfig;
use web_sys::Storage;

use crate::{boot, browser};

/// Expires the cookies and removes the storage keys of every denied service, and of every tracker auto-blocking held
/// on this page whose category is denied in `decisions` and that the catalog knows (by the hosts it was met on).
pub fn remove_denied(config: &SiteConfig, decisions: &Decisions, services: &ServiceDecisions) {
    let Some(window) = web_sys::window() else { return };
    let Some(document) = browser::html_document() else { return };
    let cookies = document.cookie().unwrap_or_default();
    let cookie_names: Vec<String> =
        cookies.split(';').filter_map(|pair| pair.split('=').next()).map(|n| n.trim().to_owned()).collect();
    let local = window.local_storage().ok().flatten();
    let session = window.session_storage().ok().flatten();
    let local_keys = keys(local.as_ref());
    let session_keys = keys(session.as_ref());
    let location = window.location();
    let host = location.hostname().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    let state = BrowserState {
        cookie_names: &cookie_names,
        local_storage_keys: &local_keys,
        session_storage_keys: &session_keys,
        host: &host,
        path: &path,
    };
    let granted = |category: &str| {
        let granted = |id: &consent_core::CategoryId| decisions.get(id) == Some(&Decision::Granted);
        match category {
            "*" => config.categories.iter().all(|c| c.required || granted(&c.id)),
            id => config.categories.iter().any(|c| c.id.as_str() == id && (c.required || granted(&c.id))),
        }
    };
    let withdrawn: Vec<String> = boot::found_trackers()
        .into_iter()
        .filter(|tracker| !granted(&tracker.category))
        .flat_map(|tracker| tracker.hosts)
        .collect();
    let found_items = if withdrawn.is_empty() { Vec::new() } else { catalog::items_for_hosts(&withdrawn) };
    let mut cleanup = plan(config, services, state);
    let found = plan_items(&found_items, state);
    cleanup.cookie_writes.extend(found.cookie_writes);
    cleanup.local_storage_keys.extend(found.local_storage_keys);
    cleanup.session_storage_keys.extend(found.session_storage_keys);
    for write in &cleanup.cookie_writes {
        let _ = document.set_cookie(write);
    }
    for (storage, keys) in [(local, &cleanup.local_storage_keys), (session, &cleanup.session_storage_keys)] {
        if let Some(storage) = storage {
            for key in keys {
                let _ = storage.remove_item(key);
            }
        }
    }
}

fn keys(storage: Option<&Storage>) -> Vec<String> {
    let Some(storage) = storage else { return Vec::new() };
    let length = storage.length().unwrap_or(0);
    (0..length).filter_map(|i| storage.key(i).ok().flatten()).collect()
}
