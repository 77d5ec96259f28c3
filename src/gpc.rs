//! Global Privacy Control: whether the browser asks sites not to sell or share the visitor's data.

use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// `navigator.globalPrivacyControl === true`. Anything else (absent, false, a string) is no signal.
pub fn is_set() -> bool {
    web_sys::window()
        .and_then(|window| Reflect::get(&window.navigator(), &JsValue::from_str("globalPrivacyControl")).ok())
        .is_some_and(|value| value == JsValue::TRUE)
}
