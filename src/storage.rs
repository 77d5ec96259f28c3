//! Keeps the visitor's choice: a first-party cookie, which the boot loader reads on every page, mirrored in
//! localStorage. The persisted shape is `consent_core::StoredConsent`, apart from any reactive state.

use consent_core::stored::COOKIE_NAME;
use consent_core::StoredConsent;
use gloo_storage::{LocalStorage, Storage};

use crate::browser;

/// Writes the choice to the cookie and its localStorage mirror. The cookie lives exactly as long as the choice.
pub fn save(stored: &StoredConsent) {
    let max_age_s = stored.expires_at_ms.saturating_sub(stored.decided_at_ms) / 1000;
    let secure = if browser::is_https() { "; Secure" } else { "" };
    let cookie =
        format!("{COOKIE_NAME}={}; Path=/; Max-Age={max_age_s}; SameSite=Lax{secure}", stored.to_cookie_value());
    match browser::html_document() {
        Some(document) if document.set_cookie(&cookie).is_ok() => {}
        _ => browser::console_warn("the choice could not be written to a cookie; it will be asked again."),
    }
    if LocalStorage::set(COOKIE_NAME, stored).is_err() {
        browser::console_warn("the choice could not be mirrored in localStorage.");
    }
}

/// The choice stored in the cookie, if there is one and it parses; a corrupt or foreign value is ignored.
pub fn load() -> Option<StoredConsent> {
    let cookies = browser::html_document()?.cookie().ok()?;
    let value = cookies.split(';').map(str::trim).find_map(|pair| pair.strip_prefix(COOKIE_NAME)?.strip_prefix('='))?;
    StoredConsent::from_cookie_value(value).ok()
}
