//! Deletes what denied services left in the browser: carries out the plan `consent_core::cleanup` computes from the
//! cookie names and storage keys present now.

use consent_core::choice::ServiceDecisions;
use consent_core::cleanup::{plan, BrowserState};
use consent_core::SiteConfig;
use web_sys::Storage;

use crate::browser;

/// Expires the cookies and removes the storage keys of every denied service.
pub fn remove_denied(config: &SiteConfig, services: &ServiceDecisions) {
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
    let cleanup = plan(config, services, state);
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
