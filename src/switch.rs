//! A switch of the preferences: a native checkbox with `role="switch"` (drawn as a track and a knob by
//! `.cb-switch`), its label, and whatever follows the label in its row ("Always on", a provider's name). Categories,
//! services, TCF purposes and IAB vendors all use it, so their switches are the same markup, keyboard behaviour and
//! ARIA, and the WASM carries that markup once.
//!
//! It is deliberately not generic, and takes no children: `checked` and `on_change` are boxed closures and what
//! follows the label is plain text ([`After`]), so that the four callers share one compiled copy of the view (a
//! generic component, a `Signal`, or children turned into an `AnyView` each cost the WASM more than the copies did).
//!
//! ```ignore
//! view! {
//!     <Switch id="cb-category-analytics".into() hook=("data-consent-category", "analytics".into())
//!         described_by="cb-category-analytics-description".into() checked=Box::new(move || on.get())
//!         on_change=Box::new(move |now| set_on.set(now)) label="Analytics".into() />
//! }
//! ```

use leptos::attr::custom::custom_attribute;
use leptos::prelude::*;

/// What a switch's row shows after its label: a `<span>` with this class and text, in this language when it is not
/// the banner's ("Always on", a service's provider).
pub type After = (&'static str, String, Option<String>);

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
    /// Whether it is on (read reactively).
    checked: Box<dyn Fn() -> bool + Send + Sync>,
    /// Told the new state when the visitor switches it.
    on_change: Box<dyn Fn(bool) + Send + Sync>,
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
    #[prop(optional_no_strip)]
    after: Option<After>,
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
                prop:checked=checked
                disabled=disabled
                on:change=move |ev| on_change(event_target_checked(&ev))
            />
            <label for=id class=label_class lang=lang>
                {label}
            </label>
            {after.map(|(class, text, lang)| view! { <span class=class lang=lang>{text}</span> })}
        </div>
    }
}
