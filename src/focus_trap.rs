//! Keeps keyboard focus inside a modal dialog, as the WAI-ARIA dialog pattern asks: Tab on the last control moves to
//! the first, Shift+Tab on the first (or on the dialog itself) moves to the last.
//!
//! Only controls a visitor can reach count: enabled, and rendered (a control inside a closed `<details>` or a hidden
//! layer has no layout box, so it is skipped).
//!
//! ```ignore
//! view! { <section role="dialog" on:keydown=move |ev| focus_trap::wrap_tab(&ev, &section_element)> … </section> }
//! ```

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

/// Everything the browser puts in the Tab order, unless disabled or taken out with `tabindex="-1"`.
const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), \
                         textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";

/// The controls inside `container` that Tab can reach now, in document order.
pub fn focusable(container: &Element) -> Vec<HtmlElement> {
    let Ok(list) = container.query_selector_all(FOCUSABLE) else { return Vec::new() };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok())
        .filter(|el| el.get_client_rects().length() > 0)
        .collect()
}

/// Handles a keydown inside `container`: wraps Tab and Shift+Tab at its ends, and leaves every other key alone.
pub fn wrap_tab(event: &KeyboardEvent, container: &Element) {
    if event.key() != "Tab" || event.alt_key() || event.ctrl_key() || event.meta_key() {
        return;
    }
    let controls = focusable(container);
    let (Some(first), Some(last)) = (controls.first(), controls.last()) else {
        // Nothing to move to: focus stays on the dialog rather than leaving it.
        event.prevent_default();
        return;
    };
    let active: Option<Element> = crate::focus_return::focused_element().map(Into::into);
    let is = |el: &Element| active.as_ref() == Some(el);
    let target = if event.shift_key() && (is(first) || is(container)) {
        Some(last)
    } else if !event.shift_key() && is(last) {
        Some(first)
    } else {
        None
    };
    if let Some(target) = target {
        event.prevent_default();
        let _ = target.focus();
    }
}
