//! The handle the boot loader leaves on `window.consentBoot`: the config it fetched, the endpoint, how the banner was
//! asked to open, and the one implementation of releasing and holding tags (`apply`).

use consent_core::StoredConsent;
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

/// What the visitor clicked on the first layer the boot loader painted (`early`: a `data-consent-action`), taken once.
pub fn take_early_action() -> Option<String> {
    let action = string_field("early")?;
    let _ = Reflect::set(&handle()?, &JsValue::from_str("early"), &JsValue::NULL);
    Some(action)
}

/// The first-layer answer the boot loader painted from (`layer`), if it painted one.
pub fn layer() -> Option<JsValue> {
    field("layer").filter(JsValue::is_object)
}

/// The config text the boot loader fetched, if it did.
pub fn config_text() -> Option<String> {
    string_field("configText")
}

/// Where the config came from, for messages.
pub fn config_url() -> String {
    string_field("configUrl").unwrap_or_else(|| "the consent config".into())
}

/// Where the bundle's files are (the stylesheet, the language files): the boot loader's `base`, else the folder of
/// the boot loader's script tag, else the page's own folder (the bundle's index.html, opened directly).
pub fn base() -> String {
    string_field("base").or_else(script_folder).unwrap_or_else(|| "./".into())
}

/// The banner's stylesheet: the boot loader's `stylesheet` (its content-hashed name), else `banner.css` in
/// [`base`] (the bundle's index.html, opened directly).
pub fn stylesheet() -> String {
    string_field("stylesheet").unwrap_or_else(|| format!("{}banner.css", base()))
}

fn script_folder() -> Option<String> {
    let document = web_sys::window()?.document()?;
    let script = document.query_selector("script[src*='consent-boot']").ok()??;
    let src = script.dyn_into::<web_sys::HtmlScriptElement>().ok()?.src();
    Some(src[..=src.rfind('/')?].to_owned())
}

/// Whether this page is a preview (`data-preview` on the boot loader's tag: the console's live preview, a staging
/// page): the banner shows what a first visit sees and keeps nothing in the browser and sends nothing to the endpoint,
/// so that trying it out is never logged as consent ([`crate::storage`], [`crate::sync`], [`crate::boot_words`]); its
/// first layer does not take focus from the page it is framed in ([`crate::first_layer`]).
pub fn is_preview() -> bool {
    field("preview").is_some_and(|preview| preview.is_truthy())
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
    /// Nothing to show: decisions are waiting to be sent to the endpoint.
    Sync,
}

/// How the boot loader asked the banner to open.
pub fn opening() -> Opening {
    match string_field("view").as_deref() {
        Some("preferences") => Opening::Preferences,
        Some("grant") => string_field("grantCategory").map_or(Opening::Banner, Opening::Grant),
        Some("sync") => Opening::Sync,
        _ => Opening::Banner,
    }
}

/// A tracker that no service of the config names but auto-blocking held on this page (the boot loader's `found`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundTracker {
    /// Who runs it, from the tracker database (or the host, for a host the config moved to a category).
    pub name: String,
    /// The site category it waits for; `*`: every category.
    pub category: String,
    pub hosts: Vec<String>,
}

/// The trackers auto-blocking held on this page so far, in the order they were met.
pub fn found_trackers() -> Vec<FoundTracker> {
    let Some(found) = field("found").filter(JsValue::is_object) else { return Vec::new() };
    let text = |entry: &JsValue, name: &str| Reflect::get(entry, &JsValue::from_str(name)).ok()?.as_string();
    js_sys::Object::values(found.unchecked_ref())
        .iter()
        .filter_map(|entry| {
            let hosts = Reflect::get(&entry, &JsValue::from_str("hosts")).ok()?.dyn_into::<Array>().ok()?;
            Some(FoundTracker {
                name: text(&entry, "name")?,
                category: text(&entry, "category")?,
                hosts: hosts.iter().filter_map(|host| host.as_string()).collect(),
            })
        })
        .collect()
}

/// Hands a choice to the boot loader: its categories and services are granted for this page view, everything else is
/// held (again), and the JS API answers from it.
pub fn apply(stored: &StoredConsent) {
    let Some(apply) = field("apply").and_then(|f| f.dyn_into::<Function>().ok()) else {
        crate::browser::console_error("the boot loader is missing, so nothing can be released.");
        return;
    };
    let list = |ids: Vec<String>| ids.into_iter().map(|id| JsValue::from_str(&id)).collect::<Array>();
    let categories = list(stored.granted.iter().map(ToString::to_string).collect());
    let services = list(stored.granted_services.iter().map(ToString::to_string).collect());
    if let Err(e) = apply.call3(&JsValue::NULL, &categories, &services, &consent_summary(stored)) {
        crate::browser::console_error(&format!("releasing tags failed: {e:?}"));
    }
}

/// Holds everything optional again and forgets the choice in force (after a reset).
pub fn hold_all() {
    let Some(apply) = field("apply").and_then(|f| f.dyn_into::<Function>().ok()) else { return };
    let _ = apply.call3(&JsValue::NULL, &Array::new(), &Array::new(), &JsValue::NULL);
}

/// A plain JS object with these fields, for the JS API. Built directly rather than printed as JSON and parsed back:
/// `serde_json::json!` brought serde_json's `Value` and its printer into the WASM.
pub fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (name, value) in fields {
        let _ = Reflect::set(&object, &JsValue::from_str(name), value);
    }
    object.into()
}

/// What `consentBanner.getConsent()` answers for a stored choice.
pub fn consent_summary(stored: &StoredConsent) -> JsValue {
    let list = |ids: Vec<String>| ids.into_iter().map(|id| JsValue::from_str(&id)).collect::<Array>();
    object(&[
        ("id", JsValue::from_str(stored.id.as_str())),
        ("categories", list(stored.granted.iter().map(ToString::to_string).collect()).into()),
        ("services", list(stored.granted_services.iter().map(ToString::to_string).collect()).into()),
        // Milliseconds since 1970 stay below 2^53, so a JS number holds them exactly.
        ("decided_at_ms", JsValue::from_f64(stored.decided_at_ms as f64)),
        ("expires_at_ms", JsValue::from_f64(stored.expires_at_ms as f64)),
    ])
}

/// Fires a JS API event (`consent`, `change`, `sync`, `error`) with its detail: listeners registered with
/// `consentBanner.on` and `consent:<name>` DOM events on `window`.
pub fn emit(name: &str, detail: &JsValue) {
    let Some(emit) = field("emit").and_then(|f| f.dyn_into::<Function>().ok()) else { return };
    let _ = emit.call2(&JsValue::NULL, &JsValue::from_str(name), detail);
}

/// The JS API calls made before the banner loaded, as (method name, arguments), emptied.
pub fn take_calls() -> Vec<(String, Array)> {
    let Some(calls) = field("calls").and_then(|c| c.dyn_into::<Array>().ok()) else { return Vec::new() };
    let taken = calls.splice(0, calls.length(), &JsValue::UNDEFINED);
    taken
        .iter()
        .filter_map(|call| {
            let call: Array = call.dyn_into().ok()?;
            let name = call.get(0).as_string()?;
            let args = Array::from(&call.get(1));
            Some((name, args))
        })
        .collect()
}

/// Answers the JS API's `show`, `showPreferences`, `acceptCategories` and `reset` from now on.
pub fn set_api(api: &js_sys::Object) {
    if let Some(boot) = handle() {
        let _ = Reflect::set(&boot, &JsValue::from_str("api"), api);
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
