//! Keeps the visitor's choice: a first-party cookie, which the boot loader reads on every page, mirrored in
//! localStorage (which outlives browsers that cap script-set cookies). The two are reconciled on load by
//! `consent_core::stored::reconcile`; a corrupt or foreign value is discarded, never trusted. The endpoint's receipt
//! for the choice is kept beside it in localStorage only: the boot loader has no use for it, and cookies travel with
//! every request.
//!
//! A preview (`data-preview`, [`boot::is_preview`]) keeps nothing and reads nothing: every visit to it is a first
//! visit, and trying the banner out there leaves no choice behind.

use consent_core::receipt::Receipt;
use consent_core::stored::{reconcile, COOKIE_NAME, MAX_COOKIE_VALUE_LEN};
use consent_core::StoredConsent;
use gloo_storage::{LocalStorage, Storage};

use crate::{boot, browser};

const RECEIPT_KEY: &str = "consent_banner_receipt";

/// Sets the domain the cookie is written on from now on: the config's `cookie_domain` when the page is on it (so that
/// subdomains share one choice), else the page's host.
pub fn use_cookie_domain(cookie_domain: Option<&str>) {
    COOKIE_DOMAIN.with(|d| d.replace(cookie_domain.filter(|d| on_domain(d)).map(|d| format!("; Domain={d}"))));
}

/// Writes the choice to the cookie and its localStorage mirror. The cookie lives exactly as long as the choice.
/// Nothing, in a preview.
pub fn save(stored: &StoredConsent) {
    if boot::is_preview() {
        return;
    }
    write_cookie(stored);
    if LocalStorage::set(COOKIE_NAME, stored).is_err() {
        browser::console_warn("the choice could not be mirrored in localStorage.");
    }
}

thread_local! {
    /// The `; Domain=…` attribute the cookie is written with, once the config has said.
    static COOKIE_DOMAIN: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Whether the page's host is `domain` or one of its subdomains, without which a browser refuses the cookie.
fn on_domain(domain: &str) -> bool {
    let host = web_sys::window().and_then(|w| w.location().hostname().ok()).unwrap_or_default();
    let fits = host == domain || host.ends_with(&format!(".{domain}"));
    if !fits {
        browser::console_warn(&format!(
            "cookie_domain '{domain}' does not cover {host}; the choice is kept for {host}."
        ));
    }
    fits
}

fn write_cookie(stored: &StoredConsent) {
    let max_age_s = stored.expires_at_ms.saturating_sub(browser::now_ms()) / 1000;
    let secure = if browser::is_https() { "; Secure" } else { "" };
    let domain = COOKIE_DOMAIN.with(|d| d.borrow().clone()).unwrap_or_default();
    let value = stored.to_cookie_value();
    if value.len() > MAX_COOKIE_VALUE_LEN {
        // Browsers silently drop cookies over 4 KiB; the mirror keeps the choice, and the banner applies it from there
        // (returning visitors then load the banner, as the boot loader cannot read localStorage's copy in time).
        browser::console_warn("the choice is too large for a cookie (too many services); it is kept in localStorage.");
        return;
    }
    let cookie = format!("{COOKIE_NAME}={value}; Path=/; Max-Age={max_age_s}; SameSite=Lax{secure}{domain}");
    match browser::html_document() {
        Some(document) if document.set_cookie(&cookie).is_ok() => {}
        _ => browser::console_warn("the choice could not be written to a cookie; it will be asked again."),
    }
}

/// The choice stored for `site`, from the cookie or its mirror, repairing whichever copy is missing or older. None,
/// in a preview.
pub fn load_for(site: &str) -> Option<StoredConsent> {
    if boot::is_preview() {
        return None;
    }
    let cookie = read_cookie().map(|value| StoredConsent::from_cookie_value(&value));
    let mirror = LocalStorage::raw().get_item(COOKIE_NAME).ok().flatten().map(|json| StoredConsent::from_json(&json));
    let reconciled = reconcile(cookie, mirror, site);
    if let Some(choice) = &reconciled.choice {
        if reconciled.rewrite_cookie {
            write_cookie(choice);
        }
        if reconciled.rewrite_mirror && LocalStorage::set(COOKIE_NAME, choice).is_err() {
            browser::console_warn("the choice could not be mirrored in localStorage.");
        }
    }
    reconciled.choice
}

/// The choice in the cookie alone, if it parses (callers that know the site use [`load_for`]). None, in a preview.
pub fn load() -> Option<StoredConsent> {
    if boot::is_preview() {
        return None;
    }
    StoredConsent::from_cookie_value(&read_cookie()?).ok()
}

fn read_cookie() -> Option<String> {
    let cookies = browser::html_document()?.cookie().ok()?;
    cookies.split(';').map(str::trim).find_map(|pair| pair.strip_prefix(COOKIE_NAME)?.strip_prefix('=')).map(Into::into)
}

/// Forgets the choice: cookie, mirror and receipt. (Decisions still waiting to be sent stay queued: a withdrawn or
/// reset choice was still made, and the log must have it.) Nothing, in a preview: it stored nothing, and the choice
/// this browser made on the site itself is not the preview's to forget.
pub fn clear() {
    if boot::is_preview() {
        return;
    }
    if let Some(document) = browser::html_document() {
        let domain = COOKIE_DOMAIN.with(|d| d.borrow().clone()).unwrap_or_default();
        let _ = document.set_cookie(&format!("{COOKIE_NAME}=; Path=/; Max-Age=0; SameSite=Lax{domain}"));
        let _ = document.set_cookie(&format!("{COOKIE_NAME}=; Path=/; Max-Age=0; SameSite=Lax"));
    }
    LocalStorage::delete(COOKIE_NAME);
    LocalStorage::delete(RECEIPT_KEY);
}

/// Keeps the endpoint's receipt for the choice in force (never in a preview, which sends nothing to be receipted).
pub fn save_receipt(receipt: &Receipt) {
    if boot::is_preview() {
        return;
    }
    let _ = LocalStorage::set(RECEIPT_KEY, receipt);
}

/// The receipt for the choice with this consent id, if the endpoint has acknowledged it.
pub fn receipt_for(consent_id: &str) -> Option<Receipt> {
    LocalStorage::get::<Receipt>(RECEIPT_KEY).ok().filter(|r| r.consent_id == consent_id)
}
