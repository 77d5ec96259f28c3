//! "Accept all" and "Reject all", the two answers every layer offers.

use std::sync::Arc;

use consent_core::{Choice, UiLayer};
use leptos::prelude::*;

use crate::locale::Words;

/// The two answers side by side, alike in size and emphasis (the same element and class), on whichever layer shows
/// them: written once so that rejecting stays exactly as easy as accepting wherever the visitor is. Their
/// `data-consent-action` values are the hooks sites and tests find them by.
///
/// `without_accept`: "Reject all" alone, for a TCF site's first layer that could not state what the visitor would
/// consent to (see `crate::tcf_first_layer`).
#[component]
pub fn AcceptOrReject(
    words: Arc<Words>,
    decide: Callback<(Choice, UiLayer)>,
    layer: UiLayer,
    #[prop(optional)] without_accept: bool,
) -> impl IntoView {
    let accept = (!without_accept).then(|| {
        view! {
            <button
            type="button"
            class="cb-button"
            data-consent-action="accept-all"
            on:click=move |_| decide.run((Choice::AcceptAll, layer))
        >
                {words.texts.accept_all.clone()}
            </button>
        }
    });
    view! {
        {accept}
        <button
            type="button"
            class="cb-button"
            data-consent-action="reject-all"
            on:click=move |_| decide.run((Choice::RejectAll, layer))
        >
            {words.texts.reject_all.clone()}
        </button>
    }
}
