//! The banner's own corner of the page: an open shadow root on a `<consent-banner>` element at the end of `<body>`,
//! with the banner's stylesheet linked inside it.
//!
//! Selectors never cross a shadow boundary, so a site's CSS cannot reach the banner's elements and the banner's CSS
//! cannot restyle the site's. Only inherited properties cross, through the host: the stylesheet resets them there
//! (`:host { all: initial !important }`), which leaves the `--cb-*` custom properties a site themes the banner with.
//! The root is open so that assistive technology, axe-core and the end-to-end tests can look inside.
//!
//! The stylesheet is a `<link>`, which a strict `style-src 'self'` allows where an inline `<style>` would need
//! `'unsafe-inline'`. The boot loader preloads it while the WebAssembly downloads, so it usually comes from the cache;
//! the banner waits for it anyway, so that a visitor never sees its text unstyled.
//!
//! ```ignore
//! let host = shadow_host::append("https://example.com/consent/banner.css")?;
//! host.styled().await;
//! leptos::mount::mount_to(host.root.clone(), || view! { … }).forget();
//! ```

use js_sys::Promise;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, ShadowRootInit, ShadowRootMode};

/// The host element's tag. A site overrides the banner's custom properties on it: `consent-banner { --cb-radius: 0 }`.
pub const TAG: &str = "consent-banner";

/// The banner's host in the page and its root inside the shadow tree.
pub struct ShadowHost {
    /// `<consent-banner>`, the last child of `<body>`: the page sees this element only. It carries the config's
    /// theme (`data-layout`, `data-mode`, `--cb-theme-*`), which the stylesheet reads through `:host`.
    pub element: HtmlElement,
    /// `<div class="cb-root">` inside the shadow root: the layers are mounted in it, and the first layer reserves its
    /// height at the end of the page on it (see `focus_not_obscured`).
    pub root: HtmlElement,
    /// Settles when the stylesheet has loaded, or failed to (an unstyled banner still asks; none would fail closed
    /// for good).
    styled: Promise,
}

impl ShadowHost {
    /// Waits until the stylesheet has loaded or failed.
    pub async fn styled(&self) {
        let _ = wasm_bindgen_futures::JsFuture::from(self.styled.clone()).await;
    }
}

/// Appends the host at the end of `<body>`, attaches its shadow root and links `stylesheet` inside it. `None` if the
/// page has no `<body>`.
pub fn append(stylesheet: &str) -> Option<ShadowHost> {
    let document = web_sys::window()?.document()?;
    let element: HtmlElement = document.create_element(TAG).ok()?.dyn_into().ok()?;
    let shadow = element.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)).ok()?;
    let link = document.create_element("link").ok()?;
    link.set_attribute("rel", "stylesheet").ok()?;
    link.set_attribute("href", stylesheet).ok()?;
    let styled = Promise::new(&mut |resolve, _| {
        let _ = link.add_event_listener_with_callback("load", &resolve);
        let _ = link.add_event_listener_with_callback("error", &resolve);
    });
    shadow.append_child(&link).ok()?;
    let root: HtmlElement = document.create_element("div").ok()?.dyn_into().ok()?;
    root.set_class_name("cb-root");
    shadow.append_child(&root).ok()?;
    document.body()?.append_child(&element).ok()?;
    Some(ShadowHost { element, root, styled })
}
