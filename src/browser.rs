//! The few browser facts the banner needs: time, randomness, language, the page's address, and the console.

use wasm_bindgen::JsCast;

/// Milliseconds since the Unix epoch, by the browser's clock.
pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// 16 bytes from the browser's cryptographic random source, for consent ids.
pub fn random_bytes() -> Option<[u8; 16]> {
    let mut bytes = [0u8; 16];
    let crypto = web_sys::window()?.crypto().ok()?;
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(bytes)
}

/// The page's language: `<html lang>`, else the browser's.
pub fn page_language() -> String {
    let document_lang = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
        .and_then(|html| html.get_attribute("lang"))
        .filter(|lang| !lang.is_empty());
    document_lang.or_else(|| web_sys::window().and_then(|w| w.navigator().language())).unwrap_or_else(|| "en".into())
}

/// The page's full address (the record strips its query string).
pub fn page_url() -> String {
    web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default()
}

/// Whether the page is served over https, which decides the cookie's `Secure` flag.
pub fn is_https() -> bool {
    web_sys::window().and_then(|w| w.location().protocol().ok()).as_deref() == Some("https:")
}

/// The document, as the HTML document that owns `document.cookie`.
pub fn html_document() -> Option<web_sys::HtmlDocument> {
    web_sys::window()?.document()?.dyn_into().ok()
}

/// Logs an error the site owner can act on, prefixed so that it can be found among the page's own messages.
pub fn console_error(message: &str) {
    web_sys::console::error_1(&format!("consent-banner: {message} Every tracker stays blocked.").into());
}

/// Logs an error that does not affect blocking (a record the endpoint refused, say).
pub fn console_error_only(message: &str) {
    web_sys::console::error_1(&format!("consent-banner: {message}").into());
}

/// Logs a warning that does not block anything (a sync that failed, say).
pub fn console_warn(message: &str) {
    web_sys::console::warn_1(&format!("consent-banner: {message}").into());
}
