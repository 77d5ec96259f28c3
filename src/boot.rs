//! The handle the boot loader leaves on `window.consentBoot`: the config it fetched, the endpoint, and the one
//! implementation of releasing held tags.

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

/// Whether the visitor asked for the preferences (a "Cookie settings" link) rather than being asked on arrival.
pub fn opens_preferences() -> bool {
    string_field("view").as_deref() == Some("preferences")
}

/// Releases the held tags of these categories through the boot loader.
pub fn release(categories: &[String]) {
    let Some(release) = field("release").and_then(|f| f.dyn_into::<Function>().ok()) else {
        crate::browser::console_error("the boot loader is missing, so nothing can be released.");
        return;
    };
    let list: Array = categories.iter().map(|c| JsValue::from_str(c)).collect();
    if let Err(e) = release.call1(&JsValue::NULL, &list) {
        crate::browser::console_error(&format!("releasing tags failed: {e:?}"));
    }
}

/// Lets later "Cookie settings" clicks reopen the preferences without the boot loader loading the banner again.
pub fn on_show_preferences(show: impl Fn() + 'static) {
    if let Some(boot) = handle() {
        let callback = Closure::<dyn Fn()>::new(show).into_js_value();
        let _ = Reflect::set(&boot, &JsValue::from_str("showPreferences"), &callback);
    }
}
