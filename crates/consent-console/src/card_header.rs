//! The top of a card of the site page: its heading (which the card's `aria-labelledby` names), a hint saying what the
//! card is for, and, when the card cannot work on the draft as it is, a message saying what to fix first (announced
//! as it appears). The editing cards share it so they read and behave alike.

use leptos::prelude::*;

/// What a form card says while the draft does not read as JSON.
pub const FIX_THE_JSON_FIRST: &str = "Fix the JSON first: the form edits a config that reads as JSON.";

/// The heading `title` with the id `heading_id`, the hint `children`, and, if `blocked` is given, a `role="alert"`
/// line showing its message whenever it has one.
#[component]
pub fn CardHeader(
    heading_id: &'static str,
    title: &'static str,
    #[prop(optional, into)] blocked: Option<Signal<Option<&'static str>>>,
    children: Children,
) -> impl IntoView {
    view! {
        <h2 id=heading_id>{title}</h2>
        <p class="hint">{children()}</p>
        {blocked.map(|blocked| view! { <p class="problem" role="alert">{move || blocked.get()}</p> })}
    }
}

/// The `blocked` message of a form card that edits the draft as JSON: [`FIX_THE_JSON_FIRST`] while `readable` is false.
pub fn unless_json(readable: Memo<bool>) -> Signal<Option<&'static str>> {
    Signal::derive(move || (!readable.get()).then_some(FIX_THE_JSON_FIRST))
}
