//! The browser side of the live preview: the draft handed to the preview page as a `blob:` URL (same origin, so the
//! boot loader fetches it as it fetches any config), with, for a TCF draft, what the endpoint built for its banner
//! (the only part of a draft that reaches the server, which stores none of it), and calls into the banner running in
//! the preview frame through its JS API (`window.consentBanner`, README "JavaScript API").
//!
//! The frame is the console's own page `preview.html` (same origin), which starts the real banner with
//! `data-preview`: whatever is clicked in it is neither stored in the browser nor sent to the endpoint.

use std::time::Duration;

use leptos::prelude::set_timeout;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlIFrameElement, Url};

use crate::preview_config::Scheme;

/// Why a preview could not be shown or driven, in words the product team can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreviewError {
    /// The browser refused to make a `blob:` URL of the draft.
    BlobRefused,
    /// The banner in the frame has not started (yet), or failed to: its JS API is missing.
    BannerNotStarted,
    /// The first layer has no link to the policy view: the draft's policy is not one the banner shows itself.
    PolicyNotShownByBanner,
}

impl std::fmt::Display for PreviewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::BlobRefused => {
                "The browser could not hand the draft to the preview; reload the console to try again."
            }
            Self::BannerNotStarted => "The banner in the preview has not started yet; wait a moment and try again.",
            Self::PolicyNotShownByBanner => {
                "This draft has no policy the banner shows itself (\"policy\": a document, or a JSON file by \"url\"), \
                 so its first layer links to policy_url instead."
            }
        })
    }
}

/// A JSON text held by the browser under a `blob:` URL for as long as this value lives: dropping it revokes the URL,
/// so replaced drafts do not pile up in memory.
#[derive(Debug)]
pub struct JsonBlob {
    url: String,
}

impl JsonBlob {
    /// Holds `text` as a JSON file.
    pub fn new(text: &str) -> Result<Self, PreviewError> {
        let parts = js_sys::Array::of1(&JsValue::from_str(text));
        let options = BlobPropertyBag::new();
        options.set_type("application/json");
        let blob = Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| PreviewError::BlobRefused)?;
        let url = Url::create_object_url_with_blob(&blob).map_err(|_| PreviewError::BlobRefused)?;
        Ok(Self { url })
    }

    /// Its URL, encoded for the preview page's fragment.
    fn encoded(&self) -> String {
        String::from(js_sys::encode_uri_component(&self.url))
    }
}

impl Drop for JsonBlob {
    fn drop(&mut self) {
        let _ = Url::revoke_object_url(&self.url);
    }
}

/// For a draft that enables IAB TCF, what its banner is served in the preview in place of the endpoint's answers
/// for the published config: the preview page embeds the TCF flavour of the boot loader (which loads the banner
/// built with TCF) and answers the banner's requests for the first layer's statement and the vendor layer itself.
#[derive(Debug)]
pub enum DraftTcf {
    /// What the endpoint built for the draft (`POST /v1/admin/gvl/preview`).
    Served(JsonBlob),
    /// The endpoint could not build it (no vendor list, a vendor it lacks): the banner gets nothing, and fails closed
    /// as on a site, rather than the published config's vendors.
    Unavailable,
}

/// What the preview page is handed: the draft, and for a TCF draft what its banner is served.
#[derive(Debug)]
pub struct PreviewPage {
    config: JsonBlob,
    tcf: Option<DraftTcf>,
}

impl PreviewPage {
    /// The page for the config text `config`.
    pub fn new(config: &str, tcf: Option<DraftTcf>) -> Result<Self, PreviewError> {
        Ok(Self { config: JsonBlob::new(config)?, tcf })
    }

    /// The preview page's address in `scheme`: all in the fragment, which the page reads
    /// (crates/consent-console/static/preview.js) and which is never sent to a server: `tcf=` the blob of what the
    /// endpoint built for a TCF draft, or `none` when it could not.
    pub fn url(&self, scheme: Scheme) -> String {
        let tcf = match &self.tcf {
            None => String::new(),
            Some(DraftTcf::Served(blob)) => format!("&tcf={}", blob.encoded()),
            Some(DraftTcf::Unavailable) => "&tcf=none".to_owned(),
        };
        format!("preview.html#scheme={}{tcf}&config={}", scheme.mode(), self.config.encoded())
    }
}

/// What the preview can be asked to open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    FirstLayer,
    Preferences,
    Policy,
}

/// Opens `view` in the banner running in `frame`. The policy view has no JS API call of its own: it is opened as a
/// visitor opens it, from the first layer's policy link, once the banner has drawn it; `late` hears of a first layer
/// that has none.
pub fn open(
    frame: &HtmlIFrameElement,
    view: View,
    late: impl FnOnce(PreviewError) + 'static,
) -> Result<(), PreviewError> {
    let api = banner_api(frame)?;
    match view {
        View::FirstLayer => call(&api, "show"),
        View::Preferences => call(&api, "showPreferences"),
        View::Policy => {
            call(&api, "show")?;
            click_policy_link(frame.clone(), 20, late);
            Ok(())
        }
    }
}

/// The frame's `window.consentBanner`.
fn banner_api(frame: &HtmlIFrameElement) -> Result<JsValue, PreviewError> {
    let window = frame.content_window().ok_or(PreviewError::BannerNotStarted)?;
    let api = js_sys::Reflect::get(&window, &JsValue::from_str("consentBanner"))
        .map_err(|_| PreviewError::BannerNotStarted)?;
    if api.is_object() {
        Ok(api)
    } else {
        Err(PreviewError::BannerNotStarted)
    }
}

fn call(api: &JsValue, method: &str) -> Result<(), PreviewError> {
    let function = js_sys::Reflect::get(api, &JsValue::from_str(method))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or(PreviewError::BannerNotStarted)?;
    function.call0(api).map(|_| ()).map_err(|_| PreviewError::BannerNotStarted)
}

/// Clicks the first layer's policy link in the frame's banner (inside its shadow root) once it is there, trying
/// `tries` more times 50 ms apart (`show()` draws the layer on the banner's next render); then tells `missing`.
fn click_policy_link(frame: HtmlIFrameElement, tries: u32, missing: impl FnOnce(PreviewError) + 'static) {
    let link = frame
        .content_document()
        .and_then(|document| document.query_selector("consent-banner").ok().flatten())
        .and_then(|host| host.shadow_root())
        .and_then(|root| root.query_selector("[data-consent-action='policy']").ok().flatten())
        // Unchecked: the element is the frame's, and `instanceof` against this window's HTMLElement is false for
        // it; the selector only matches the banner's buttons.
        .map(|link| link.unchecked_into::<web_sys::HtmlElement>());
    match link {
        Some(link) => link.click(),
        None if tries > 0 => {
            set_timeout(move || click_policy_link(frame, tries - 1, missing), Duration::from_millis(50));
        }
        None => missing(PreviewError::PolicyNotShownByBanner),
    }
}
