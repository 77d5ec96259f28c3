//! Fetches a text file the banner needs after it starts (its words in the visitor's language, the site's policy) with
//! the browser's `fetch`. A failure is returned, never thrown: callers fall back (English, a link to the policy).
//!
//! ```ignore
//! let text = fetch::text("/consent/locales/de.json").await?;
//! ```

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// The body of `url` as text, or why it could not be had ("HTTP 404", a network error).
pub async fn text(url: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| format!("{e:?}"))?
        .dyn_into()
        .map_err(|_| "no response")?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|e| format!("{e:?}"))?).await.map_err(|e| format!("{e:?}"))?;
    text.as_string().ok_or_else(|| "not text".into())
}
