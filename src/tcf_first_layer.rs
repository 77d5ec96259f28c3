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

use consent_core::tcf::FirstLayerTcf;
use consent_core::{LanguageTag, SiteConfig};
use js_sys::{Reflect, JSON};
use serde::Deserialize;
use wasm_bindgen::JsValue;

use crate::{boot, browser, fetch};

/// The part of the endpoint's first-layer answer the banner reads.
#[derive(Deserialize)]
struct Answer {
    tcf: Option<FirstLayerTcf>,
}

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
    let tcf = match fetch::text(&url).await {
        Ok(text) => serde_json::from_str::<Answer>(&text).map_err(|e| e.to_string()).map(|answer| answer.tcf),
        Err(e) => Err(e),
    };
    match tcf {
        Ok(Some(tcf)) => Some(tcf),
        Ok(None) => {
            browser::console_error(&format!("{url} states nothing about TCF: the first layer offers no Accept all."));
            None
        }
        Err(e) => {
            browser::console_error(&format!(
                "the TCF statement could not be loaded from {url} ({e}): the first layer offers no Accept all."
            ));
            None
        }
    }
}

/// The statement of the first-layer answer the boot loader painted from, if it is in `language`.
fn painted(language: &LanguageTag) -> Option<FirstLayerTcf> {
    let layer = boot::layer()?;
    let field = |name: &str| Reflect::get(&layer, &JsValue::from_str(name)).ok();
    (field("language")?.as_string()? == language.as_str()).then_some(())?;
    let text = JSON::stringify(&field("tcf")?).ok()?.as_string()?;
    serde_json::from_str(&text).ok()
}
