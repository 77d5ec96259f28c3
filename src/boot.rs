//! The handle the boot loader leaves on `window.consentBoot`: the config it fetched, the endpoint, how the banner was
//! asked to open, and the one implementation of releasing and holding tags (`apply`).

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::prelude::*;

fn handle() -> Option<JsValue> {
    let window: JsValue = web_sys::window()?.into();
    let value = Reflect::get(&window, &JsValue::from_str("consentBoot")).ok()?;
    (!value.is_undefined() && !value.is_null()).then_some(value)
}

fn field(name: &str) -> Option<JsValue> {
    Reflect::get(&handle()?, &JsValue::from_str(name)).ok()
}

fn string_field(name: &str) -> Option<String> {
    field(name)?.as_string()
}

/// The config text the boot loader fetched, if it did.
pub fn config_text() -> Option<String> {
    string_field("configText")
}

/// Where the config came from, for messages.
pub fn config_url() -> String {
    string_field("configUrl").unwrap_or_else(|| "the consent config".into())
}

/// The endpoint's base URL, from the script tag's `data-endpoint`.
pub fn endpoint() -> String {
    string_field("endpoint").unwrap_or_else(|| "/".into())
}

/// How the banner was asked to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opening {
    /// A visitor who has to be asked.
    Banner,
    /// A "Cookie settings" link.
    Preferences,
    /// A blocked embed's "Always allow <category>".
    Grant(String),
}

/// How the boot loader asked the banner to open.
pub fn opening() -> Opening {
    match string_field("view").as_deref() {
        Some("preferences") => Opening::Preferences,
        Some("grant") => string_field("grantCategory").map_or(Opening::Banner, Opening::Grant),
        _ => Opening::Banner,
    }
}

/// Hands a decision to the boot loader: these categories and services are granted for this page view, everything
/// else is held (again).
pub fn apply(categories: &[String], services: &[String]) {
    let Some(apply) = field("apply").and_then(|f| f.dyn_into::<Function>().ok()) else {
        crate::browser::console_error("the boot loader is missing, so nothing can be released.");
        return;
    };
    let list = |ids: &[String]| ids.iter().map(|id| JsValue::from_str(id)).collect::<Array>();
    if let Err(e) = apply.call2(&JsValue::NULL, &list(categories), &list(services)) {
        crate::browser::console_error(&format!("releasing tags failed: {e:?}"));
    }
}

fn set_callback(name: &str, callback: JsValue) {
    if let Some(boot) = handle() {
        let _ = Reflect::set(&boot, &JsValue::from_str(name), &callback);
    }
}

/// Lets later "Cookie settings" clicks reopen the preferences without loading the banner again.
pub fn on_show_preferences(show: impl Fn() + 'static) {
    set_callback("showPreferences", Closure::<dyn Fn()>::new(show).into_js_value());
}

/// Lets later "Always allow <category>" clicks on placeholders record the grant without loading the banner again.
pub fn on_grant(grant: impl Fn(String) + 'static) {
    set_callback("grant", Closure::<dyn Fn(String)>::new(grant).into_js_value());
}
