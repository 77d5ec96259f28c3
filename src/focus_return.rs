//! Gives focus back to the element that opened a dialog once the dialog closes (WAI-ARIA dialog pattern): the
//! "Cookie settings" link or floating button, the first layer's "Customise", a category's policy link.
//!
//! ```ignore
//! #[component]
//! fn SomeDialog() -> impl IntoView {
//!     focus_return::on_close(); // call before the dialog takes focus
//!     view! { … }
//! }
//! ```
//! Caveat: if the opener is gone or hidden when the dialog closes (the visitor decided, and the first layer went),
//! focus is left where the browser puts it.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::shadow_host::TAG;

/// The element that has focus now, if it is one that can take it back. Focus inside a shadow root (the banner's own)
/// shows in the document as the root's host, so this looks inside open shadow roots for the element itself.
pub fn focused_element() -> Option<HtmlElement> {
    let mut active = web_sys::window()?.document()?.active_element()?;
    while let Some(inner) = active.shadow_root().and_then(|root| root.active_element()) {
        active = inner;
    }
    active.dyn_into().ok()
}

/// Focuses `element` without scrolling the page: the banner is fixed in the viewport, and a browser scrolling the page
/// to "reveal" it would move the visitor away from where they were.
pub fn focus_without_scrolling(element: &HtmlElement) {
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = element.focus_with_options(&options);
}

/// The opener, or, when it was a control of the first layer the boot loader painted, which the banner replaced when
/// it arrived (src/early_handover.rs: a visitor's "Customise" there is what loads the banner), the banner's own control
/// for the same action.
fn in_place(opener: HtmlElement) -> Option<HtmlElement> {
    if opener.is_connected() {
        return Some(opener);
    }
    own_control(&opener.get_attribute("data-consent-action")?)
}

/// The banner's own control for `action` (`customise`, `policy` …).
fn own_control(action: &str) -> Option<HtmlElement> {
    let document = web_sys::window()?.document()?;
    let host = document.query_selector(&format!("{TAG}:not([data-consent-early])")).ok()??;
    let own = host.shadow_root()?.query_selector(&format!("[data-consent-action='{action}']")).ok()??;
    own.dyn_into().ok()
}

/// Remembers the element that has focus now and focuses it again when the current component is cleaned up (the
/// dialog closes), after the next frame so that layers shown again in the same update are visible by then.
pub fn on_close() {
    let opener = focused_element().filter(|element| element.tag_name() != "BODY");
    // Opened for a control of the painted layer, which the banner removed before this dialog mounted.
    let painted = if opener.is_none() { crate::early_handover::take_focused_action() } else { None };
    let opener = SendWrapper::new(opener);
    on_cleanup(move || {
        let opener = opener.take();
        request_animation_frame(move || {
            let target = opener.and_then(in_place).or_else(|| own_control(painted.as_deref()?));
            if let Some(opener) = target.filter(|el| el.get_client_rects().length() > 0) {
                focus_without_scrolling(&opener);
            }
        });
    });
}
