//! The visitor's languages, best first: the page's `<html lang>` (the site knows what language the page is in), then
//! the browser's `navigator.languages`. `consent_core::language::choose_language` picks from them.

use wasm_bindgen::JsCast;

/// The page's language and the browser's, in order of preference; empty entries left out.
pub fn preferences() -> Vec<String> {
    let Some(window) = web_sys::window() else { return Vec::new() };
    let page = window.document().and_then(|d| d.document_element()).and_then(|html| html.get_attribute("lang"));
    let browser = window.navigator().languages();
    let browser = browser.iter().filter_map(|value| value.dyn_into::<js_sys::JsString>().ok()).map(String::from);
    page.into_iter().chain(browser).filter(|tag| !tag.trim().is_empty()).collect()
}
