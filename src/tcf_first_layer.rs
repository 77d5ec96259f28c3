//! Where the banner gets what a TCF site's first layer states ([`FirstLayerTcf`]): the endpoint works it out from
//! its Global Vendor List, which the browser never fetches. The boot loader keeps the first-layer answer it painted
//! from (`consentBoot.layer`), so the banner taking over from a painted layer reads the very same statement;
//! otherwise (a visitor asked again, a Global Privacy Control signal, a layer that could not be painted) the banner
//! fetches the first-layer answer for its language itself.
//!
//! If neither can be had, there is nothing to state, and the banner fails closed: its first layer offers no
//! "Accept all" (consent to vendors that were never named is not informed), only "Reject all" and "Customise". It
//! waits for the statement before it shows, as it waits for a policy it must show: a first layer that grows a
//! paragraph under the visitor's finger is worse than one that comes a moment later.

use consent_core::tcf::first_layer::{Named, NamedStack};
use consent_core::tcf::FirstLayerTcf;
use consent_core::{LanguageTag, SiteConfig};
use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};

use crate::{boot, browser, fetch};

/// The statement for `config`'s first layer in `language`; `None` for a site without TCF, or when it cannot be had
/// (said on the console).
pub async fn load(config: &SiteConfig, language: &LanguageTag) -> Option<FirstLayerTcf> {
    config.tcf.as_ref()?;
    if let Some(tcf) = painted(language) {
        return Some(tcf);
    }
    let endpoint = boot::endpoint();
    let url = format!(
        "{}/v1/sites/{}/first-layer/{}.json",
        endpoint.trim_end_matches('/'),
        js_sys::encode_uri_component(&config.site),
        language.as_str()
    );
    let answer = fetch::text(&url).await.and_then(|text| JSON::parse(&text).map_err(|_| "not JSON".to_owned()));
    let problem = match answer.map(|answer| field(&answer, "tcf").map(|tcf| statement(&tcf))) {
        Ok(Some(Some(tcf))) => return Some(tcf),
        Ok(Some(None)) => "its tcf is not a statement".to_owned(),
        Ok(None) => "it states nothing about TCF".to_owned(),
        Err(e) => e,
    };
    browser::console_error(&format!(
        "the TCF statement could not be had from {url} ({problem}): the first layer offers no Accept all."
    ));
    None
}

/// The statement of the first-layer answer the boot loader painted from, if it is in `language`.
fn painted(language: &LanguageTag) -> Option<FirstLayerTcf> {
    let layer = boot::layer()?;
    (field(&layer, "language")?.as_string()? == language.as_str()).then_some(())?;
    statement(&field(&layer, "tcf")?)
}

// The statement is read field by field from the JS object rather than through serde: serde_json's deserialisers
// for these types cost the WASM several KB, for a shape consent-core writes and the endpoint serves.

fn field(object: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(object, &JsValue::from_str(name)).ok().filter(|value| !value.is_undefined() && !value.is_null())
}

fn text(object: &JsValue, name: &str) -> Option<String> {
    field(object, name)?.as_string()
}

fn number<T: TryFrom<u32>>(object: &JsValue, name: &str) -> Option<T> {
    whole(&field(object, name)?)
}

/// A whole number that fits `T`.
fn whole<T: TryFrom<u32>>(value: &JsValue) -> Option<T> {
    let value = value.as_f64()?;
    (value.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&value)).then(|| T::try_from(value as u32).ok())?
}

fn list<T>(object: &JsValue, name: &str, item: impl Fn(&JsValue) -> Option<T>) -> Option<Vec<T>> {
    field(object, name)?.dyn_into::<Array>().ok()?.iter().map(|value| item(&value)).collect()
}

fn named(value: &JsValue) -> Option<Named> {
    Some(Named { id: number(value, "id")?, name: text(value, "name")?, description: text(value, "description")? })
}

fn statement(tcf: &JsValue) -> Option<FirstLayerTcf> {
    let stack = |value: &JsValue| {
        Some(NamedStack {
            id: number(value, "id")?,
            name: text(value, "name")?,
            description: text(value, "description")?,
            purposes: list(value, "purposes", whole)?,
            special_features: list(value, "special_features", whole)?,
        })
    };
    Some(FirstLayerTcf {
        vendor_count: number(tcf, "vendor_count")?,
        gvl_version: number(tcf, "gvl_version")?,
        tcf_policy_version: number(tcf, "tcf_policy_version")?,
        language: text(tcf, "language")?,
        legitimate_interest: field(tcf, "legitimate_interest").is_some_and(|value| value.is_truthy()),
        stacks: list(tcf, "stacks", stack)?,
        purposes: list(tcf, "purposes", named)?,
        special_features: list(tcf, "special_features", named)?,
        special_purposes: list(tcf, "special_purposes", named)?,
        features: list(tcf, "features", named)?,
    })
}
