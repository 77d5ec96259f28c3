//! Sends decisions to the endpoint's `POST /v1/consents`, through a queue kept in localStorage
//! (`consent_core::sync_queue`), so that a decision made offline, while the endpoint is down, or just before the page
//! closes is still delivered: retried with backoff on this page, flushed with `navigator.sendBeacon` on `pagehide`,
//! and resumed on the next page (the boot loader loads the banner, invisibly, while the queue is not empty).
//! Sending never blocks the banner. The endpoint is idempotent on the consent id, so a record sent twice (a beacon
//! and a retry) is stored once.
//!
//! A preview (`data-preview`, [`boot::is_preview`]) sends nothing and queues nothing: what is tried out there is not
//! consent.

use std::cell::Cell;

use consent_core::receipt::Receipt;
use consent_core::sync_queue::{Outcome, SyncQueue};
use consent_core::ConsentSubmission;
use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

use crate::{boot, browser, storage};

const QUEUE_KEY: &str = "consent_banner_queue";
/// What one beacon may carry: under the endpoint's 16 KiB body limit.
const BEACON_BUDGET_BYTES: usize = 15 * 1024;
/// A send that has not answered by then counts as failed and is retried.
const TIMEOUT_MS: i32 = 10_000;

thread_local! {
    /// Whether a flush is running on this page, so that two never send the same record concurrently.
    static FLUSHING: Cell<bool> = const { Cell::new(false) };
}

/// The endpoint's consent URL, from the `data-endpoint` base (`/`, `https://consent.example.com`, `…/api/`).
pub fn consents_url(endpoint: &str) -> String {
    format!("{}/v1/consents", endpoint.trim_end_matches('/'))
}

fn load_queue() -> SyncQueue {
    let Some(text) = LocalStorage::raw().get_item(QUEUE_KEY).ok().flatten() else { return SyncQueue::default() };
    SyncQueue::from_json(&text).unwrap_or_else(|e| {
        browser::console_warn(&format!("the queue of decisions to send was unreadable and is reset ({e})."));
        SyncQueue::default()
    })
}

fn save_queue(queue: &SyncQueue) {
    let stored = if queue.is_empty() {
        LocalStorage::raw().remove_item(QUEUE_KEY)
    } else {
        LocalStorage::raw().set_item(QUEUE_KEY, &queue.to_json())
    };
    if stored.is_err() {
        browser::console_warn("the queue of decisions to send could not be saved; a decision may be sent late.");
    }
}

/// Queues a decision and starts sending. Then reloads the page if `reload_after` (a withdrawal whose scripts cannot
/// be stopped otherwise), once the queue is saved: the next page sends whatever this one could not.
pub fn send(submission: ConsentSubmission, reload_after: bool) {
    if boot::is_preview() {
        return;
    }
    let mut queue = load_queue();
    queue.push(submission);
    save_queue(&queue);
    if reload_after {
        beacon_pending();
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
        return;
    }
    flush();
}

/// Sends whatever a previous page left in the queue at once, then goes on as [`flush`] does.
pub fn resume() {
    if boot::is_preview() {
        return;
    }
    let mut queue = load_queue();
    if !queue.is_empty() {
        queue.retry_now();
        save_queue(&queue);
    }
    flush();
}

/// Sends every queued decision that is due, oldest first, and schedules a retry for the rest.
pub fn flush() {
    if boot::is_preview() || FLUSHING.with(|f| f.replace(true)) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        let url = consents_url(&boot::endpoint());
        loop {
            let queue = load_queue();
            let Some(pending) = queue.due(browser::now_ms()).cloned() else {
                if let Some(at) = queue.next_due_ms() {
                    schedule(at.saturating_sub(browser::now_ms()));
                }
                break;
            };
            let id = pending.submission.consent_id.clone();
            let (outcome, detail) = post(&url, &pending.submission).await;
            let mut queue = load_queue();
            queue.record(&id, &outcome, browser::now_ms(), js_sys::Math::random());
            save_queue(&queue);
            report(&id, &outcome, detail);
        }
        FLUSHING.with(|f| f.set(false));
    });
}

/// Tells the page how a send went: the receipt kept and a `sync` event, or an `error` event and a console message
/// for a refusal. Failures that will be retried stay quiet apart from a console warning.
fn report(consent_id: &str, outcome: &Outcome, detail: String) {
    match outcome {
        Outcome::Acknowledged => match serde_json::from_str::<Receipt>(&detail) {
            Ok(receipt) => {
                storage::save_receipt(&receipt);
                let json = serde_json::to_string(&receipt).unwrap_or_default();
                boot::emit("sync", &js_sys::JSON::parse(&json).unwrap_or(JsValue::NULL));
            }
            Err(_) => boot::emit("sync", &boot::object(&[("consent_id", JsValue::from_str(consent_id))])),
        },
        Outcome::Refused { status } => {
            browser::console_error_only(&format!(
                "the endpoint refused consent {consent_id} (HTTP {status}): {detail}. It will not be sent again."
            ));
            let error = boot::object(&[
                ("consent_id", JsValue::from_str(consent_id)),
                ("status", JsValue::from_f64(f64::from(*status))),
                ("message", JsValue::from_str(&detail)),
            ]);
            boot::emit("error", &error);
        }
        Outcome::Failed => {
            browser::console_warn(&format!("consent {consent_id} could not be sent ({detail}); it will be retried."))
        }
    }
}

fn schedule(delay_ms: u64) {
    let Some(window) = web_sys::window() else { return };
    let retry = Closure::once_into_js(flush);
    let delay = i32::try_from(delay_ms).unwrap_or(i32::MAX);
    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(retry.unchecked_ref(), delay);
}

/// Posts one submission and classifies the answer; the text is the body (a receipt) or what went wrong.
async fn post(url: &str, submission: &ConsentSubmission) -> (Outcome, String) {
    match try_post(url, submission).await {
        Ok((status, body)) => (Outcome::from_status(status), body),
        Err(problem) => (Outcome::Failed, problem),
    }
}

async fn try_post(url: &str, submission: &ConsentSubmission) -> Result<(u16, String), String> {
    let body = serde_json::to_string(submission).map_err(|e| e.to_string())?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&JsValue::from_str(&body));
    // keepalive: a send started just before the visitor leaves still completes.
    js_sys::Reflect::set(&init, &JsValue::from_str("keepalive"), &JsValue::TRUE).map_err(|e| format!("{e:?}"))?;
    if let Ok(controller) = web_sys::AbortController::new() {
        init.set_signal(Some(&controller.signal()));
        let abort = Closure::once_into_js(move || controller.abort());
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(abort.unchecked_ref(), TIMEOUT_MS);
        }
    }
    let request = Request::new_with_str_and_init(url, &init).map_err(|e| format!("{e:?}"))?;
    request.headers().set("Content-Type", "application/json").map_err(|e| format!("{e:?}"))?;
    let window = web_sys::window().ok_or("no window")?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|e| e.as_string().unwrap_or_else(|| "network error".into()))?
        .dyn_into()
        .map_err(|_| "not a response")?;
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    };
    Ok((response.status(), text))
}

/// Hands every queued decision to `navigator.sendBeacon`, which the browser delivers after the page is gone: one
/// record alone, several as one JSON array, so that they reach the log in the order they were made (separate beacons
/// race each other). They stay queued: only a receipt removes them, and a record beaconed and sent again is stored
/// once.
pub fn beacon_pending() {
    if boot::is_preview() {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let url = consents_url(&boot::endpoint());
    let queue = load_queue();
    // The oldest records that fit in one request the endpoint accepts (16 KiB); the rest wait for the next page.
    let mut submissions: Vec<&ConsentSubmission> = Vec::new();
    let mut size = 2;
    for pending in queue.pending() {
        size += serde_json::to_string(&pending.submission).map_or(usize::MAX / 2, |text| text.len() + 1);
        if size > BEACON_BUDGET_BYTES && !submissions.is_empty() {
            break;
        }
        submissions.push(&pending.submission);
    }
    let body = match submissions.as_slice() {
        [] => return,
        [one] => serde_json::to_string(one),
        several => serde_json::to_string(several),
    };
    if let Ok(body) = body {
        let _ = window.navigator().send_beacon_with_opt_str(&url, Some(&body));
    }
}

/// Flushes the queue with beacons when the page is hidden for good (navigation, tab closed).
pub fn beacon_on_pagehide() {
    if boot::is_preview() {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let listener = Closure::<dyn Fn()>::new(beacon_pending).into_js_value();
    let _ = window.add_event_listener_with_callback("pagehide", listener.unchecked_ref());
}
