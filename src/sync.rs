//! Sends each decision to the consent endpoint's `POST /v1/consents`.
//!
//! The request is `keepalive`, so that a choice made just before the visitor navigates away still arrives. Sending
//! never blocks the banner; a failure is reported on the console.

use consent_core::ConsentSubmission;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

use crate::browser;

/// The endpoint's consent URL, from the `data-endpoint` base (`/`, `https://consent.example.com`, `…/api/`).
pub fn consents_url(endpoint: &str) -> String {
    format!("{}/v1/consents", endpoint.trim_end_matches('/'))
}

/// Posts the submission in the background, then reloads the page if `reload_after` (a withdrawal whose scripts cannot
/// be stopped otherwise). The request is `keepalive`, so it completes even though the page goes away.
pub fn send(endpoint: &str, submission: ConsentSubmission, reload_after: bool) {
    let url = consents_url(endpoint);
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(e) = post(&url, &submission).await {
            browser::console_warn(&format!("the choice could not be sent to {url}: {e}"));
        }
        if reload_after {
            if let Some(window) = web_sys::window() {
                let _ = window.location().reload();
            }
        }
    });
}

async fn post(url: &str, submission: &ConsentSubmission) -> Result<(), String> {
    let body = serde_json::to_string(submission).map_err(|e| e.to_string())?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(&body));
    // web-sys has no setter for `keepalive`; it is a plain field of the init dictionary.
    js_sys::Reflect::set(&init, &JsValue::from_str("keepalive"), &JsValue::TRUE).map_err(|e| format!("{e:?}"))?;
    let request = Request::new_with_str_and_init(url, &init).map_err(|e| format!("{e:?}"))?;
    request.headers().set("Content-Type", "application/json").map_err(|e| format!("{e:?}"))?;
    let window = web_sys::window().ok_or("no window")?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|e| format!("{e:?}"))?
        .dyn_into()
        .map_err(|_| "not a response")?;
    if response.ok() {
        Ok(())
    } else {
        Err(format!("HTTP {}", response.status()))
    }
}
