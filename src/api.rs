//! The JavaScript API methods that need the banner: `consentBanner.show()`, `showPreferences()`,
//! `acceptCategories(ids | 'all')` and `reset()`. The boot loader defines `window.consentBanner` before anything else
//! runs, answers the read-only calls itself, queues these until the banner has loaded, and hands them over here.

use std::collections::BTreeSet;
use std::sync::Arc;

use consent_core::{CategoryId, Choice, SiteConfig, UiLayer};
use js_sys::{Array, Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::banner::Layer;
use crate::{apply, boot, browser};

/// Installs the methods on the boot loader's handle, then answers the calls made before the banner loaded, in order.
pub fn install(config: Arc<SiteConfig>, set_layer: WriteSignal<Option<Layer>>) {
    let api = Object::new();
    let method = |name: &str, f: JsValue| {
        let _ = Reflect::set(&api, &JsValue::from_str(name), &f);
    };
    method("show", Closure::<dyn Fn()>::new(move || set_layer.set(Some(Layer::FirstLayer))).into_js_value());
    method(
        "showPreferences",
        Closure::<dyn Fn()>::new(move || set_layer.set(Some(Layer::Preferences))).into_js_value(),
    );
    let accept_config = config.clone();
    method(
        "acceptCategories",
        Closure::<dyn Fn(JsValue)>::new(move |which: JsValue| {
            accept_categories(&accept_config, &which);
            set_layer.set(None);
        })
        .into_js_value(),
    );
    let reset_config = config;
    method(
        "reset",
        Closure::<dyn Fn()>::new(move || {
            apply::reset(&reset_config);
            set_layer.set(Some(Layer::FirstLayer));
        })
        .into_js_value(),
    );
    boot::set_api(&api);
    for (name, args) in boot::take_calls() {
        let Ok(f) = Reflect::get(&api, &JsValue::from_str(&name)).and_then(|f| f.dyn_into::<js_sys::Function>()) else {
            browser::console_warn(&format!("consentBanner.{name} is not a method; the call was ignored."));
            continue;
        };
        let _ = f.apply(&JsValue::NULL, &args);
    }
}

/// `acceptCategories('all')`, `acceptCategories([])` (reject all) or `acceptCategories(['analytics', …])`. Unknown
/// ids are ignored with a console warning rather than trusted.
fn accept_categories(config: &SiteConfig, which: &JsValue) {
    let choice = if which.as_string().as_deref() == Some("all") {
        Choice::AcceptAll
    } else if let Some(list) = which.dyn_ref::<Array>() {
        let mut chosen = BTreeSet::new();
        for item in list.iter() {
            let id = item.as_string().unwrap_or_default();
            match CategoryId::try_from(id.as_str()) {
                Ok(id) if config.category(&id).is_some() => {
                    chosen.insert(id);
                }
                _ => browser::console_warn(&format!("acceptCategories: '{id}' is not a category of this site.")),
            }
        }
        if chosen.is_empty() {
            Choice::RejectAll
        } else {
            Choice::Custom(chosen.into())
        }
    } else {
        browser::console_warn("acceptCategories expects 'all' or a list of category ids; nothing was changed.");
        return;
    };
    apply::apply(config, &choice, UiLayer::Api);
}
