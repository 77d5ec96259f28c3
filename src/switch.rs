//! A switch of the preferences: a native checkbox with `role="switch"` (drawn as a track and a knob by
//! `.cb-switch`), its label, and whatever follows the label in its row ("Always on", a provider's name). Categories,
//! services, TCF purposes and IAB vendors all use it, so their switches are the same markup, keyboard behaviour and
//! ARIA, and the WASM carries that markup once.
//!
//! It is deliberately not generic: `checked` is a [`Signal`] and `on_change` a [`Callback`], so that the four callers
//! share one compiled copy of the view rather than one each.
//!
//! ```ignore
//! view! {
//!     <Switch id="cb-category-analytics".into() hook=("data-consent-category", "analytics".into())
//!         described_by="cb-category-analytics-description".into() checked on_change label="Analytics".into() />
//! }
//! ```

use leptos::attr::custom::custom_attribute;
use leptos::prelude::*;

/// A switch and its label in a `.cb-switch-row`.
#[component]
pub fn Switch(
    /// The input's `id`, which its label points at.
    id: String,
    /// The attribute pages and tests find it by, and its value: `("data-consent-category", "analytics")`,
    /// `("data-consent-service", …)`, `("data-tcf", "purpose-3")`.
    hook: (&'static str, String),
    /// The `id` of what describes it (`aria-describedby`).
    described_by: String,
    /// Whether it is on.
    checked: Signal<bool>,
    /// Told the new state when the visitor switches it.
    on_change: Callback<bool>,
    /// What the label says.
    label: String,
    /// The label's class (`cb-category-title`, `cb-service-name`), if any.
    #[prop(optional)]
    label_class: Option<&'static str>,
    /// The label's language, when it is not the banner's.
    #[prop(optional_no_strip)]
    lang: Option<String>,
    /// Locked (on, for something strictly necessary).
    #[prop(optional)]
    disabled: bool,
    /// Shown after the label, in the same row.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="cb-switch-row">
            <input
                type="checkbox"
                role="switch"
                class="cb-switch"
                id=id.clone()
                {..custom_attribute(hook.0, hook.1)}
                aria-describedby=described_by
                prop:checked=move || checked.get()
                disabled=disabled
                on:change=move |ev| on_change.run(event_target_checked(&ev))
            />
            <label for=id class=label_class lang=lang>
                {label}
            </label>
            {children.map(|children| children())}
        </div>
    }
}
