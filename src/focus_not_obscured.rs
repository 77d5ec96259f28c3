//! Keeps the page's focused element out from under the first layer (WCAG 2.2, 2.4.11 Focus Not Obscured). The first
//! layer is not modal: a keyboard visitor may Tab through the page before answering, and a bar fixed to the bottom of
//! the viewport would hide whatever they reach there. A modal first layer (`"layout": "modal"`) needs none of this:
//! the page behind it is covered until the visitor answers.
//!
//! While it is in force, the banner's height is reserved three ways: `scroll-padding-bottom` on `<html>`, so the
//! browser scrolls a focused element above the banner; the same height on the element the banner is mounted in (its
//! host is the last child of `<body>`), so the end of the page can scroll clear of it; and a `focusin` check that
//! scrolls an element still covered (a page whose own scroll container ignores the padding, or an iframe, which the
//! browser leaves partly covered).
//!
//! ```ignore
//! let guard = focus_not_obscured::reserve(&banner_element, &mounted_in);
//! // … until the first layer goes:
//! drop(guard);
//! ```

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement};

/// Space kept between a focused element and the banner's top edge, in CSS pixels.
const MARGIN_PX: f64 = 8.0;

/// The reservation; dropping it gives the page its layout back.
pub struct Reservation {
    host: HtmlElement,
    listeners: Vec<(&'static str, JsValue)>,
    previous_padding: String,
}

/// Reserves the space `banner` covers at the bottom of the viewport, and keeps it up to date when the window is
/// resized or zoomed. `host` is the in-flow element the banner is mounted in, at the end of the page.
pub fn reserve(banner: &HtmlElement, host: &HtmlElement) -> Option<Reservation> {
    let window = web_sys::window()?;
    let html: HtmlElement = window.document()?.document_element()?.dyn_into().ok()?;
    let previous_padding = html.style().get_property_value("scroll-padding-bottom").unwrap_or_default();
    let update = {
        let (banner, host, html) = (banner.clone(), host.clone(), html.clone());
        move || {
            let height = covered_height(&banner);
            let _ = html.style().set_property("scroll-padding-bottom", &format!("{height}px"));
            let _ = host.style().set_property("height", &format!("{height}px"));
        }
    };
    update();
    let on_resize = Closure::<dyn Fn()>::new(update).into_js_value();
    // `focusin` for the page's own elements; the window's `blur` for an iframe, whose focus events happen inside it.
    let on_focus = {
        let banner = banner.clone();
        Closure::<dyn Fn()>::new(move || {
            let banner = banner.clone();
            // After the browser's own scrolling into view, which comes after the event.
            request_animation_frame(move || {
                let active: Option<Element> = crate::focus_return::focused_element().map(Into::into);
                let page_element = active.filter(|a| !banner.contains(Some(a)) && a.tag_name() != "BODY");
                if let Some(element) = page_element {
                    uncover(&banner, &element);
                }
            });
        })
        .into_js_value()
    };
    let listeners = vec![("resize", on_resize), ("focusin", on_focus.clone()), ("blur", on_focus)];
    for (name, listener) in &listeners {
        let _ = window.add_event_listener_with_callback(name, listener.unchecked_ref());
    }
    Some(Reservation { host: host.clone(), listeners, previous_padding })
}

/// How much of the viewport's bottom the banner covers, margin included, in whole CSS pixels (an integer, so that no
/// float formatting is compiled in to write it).
fn covered_height(banner: &HtmlElement) -> i32 {
    if is_hidden(banner) {
        return 0;
    }
    let viewport = web_sys::window().and_then(|w| w.inner_height().ok()).and_then(|h| h.as_f64()).unwrap_or(0.0);
    let top = banner.get_bounding_client_rect().top();
    (viewport - top + MARGIN_PX).max(0.0).ceil() as i32
}

/// Scrolls `target` up until the banner covers none of it.
fn uncover(banner: &HtmlElement, target: &Element) {
    if is_hidden(banner) {
        return;
    }
    let covered = target.get_bounding_client_rect().bottom() - (banner.get_bounding_client_rect().top() - MARGIN_PX);
    if covered > 0.0 {
        if let Some(window) = web_sys::window() {
            window.scroll_by_with_x_and_y(0.0, covered);
        }
    }
}

/// A banner hidden under the preferences covers nothing.
fn is_hidden(banner: &HtmlElement) -> bool {
    banner.get_client_rects().length() == 0
}

impl Drop for Reservation {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            for (name, listener) in &self.listeners {
                let _ = window.remove_event_listener_with_callback(name, listener.unchecked_ref());
            }
            if let Some(html) =
                window.document().and_then(|d| d.document_element()).and_then(|e| e.dyn_into::<HtmlElement>().ok())
            {
                let _ = html.style().set_property("scroll-padding-bottom", &self.previous_padding);
            }
        }
        let _ = self.host.style().remove_property("height");
    }
}
