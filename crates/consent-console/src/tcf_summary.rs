//! What a TCF site's choice of vendors makes its first layer disclose, as the endpoint works it out with
//! consent-core (`GET /v1/admin/gvl/disclosure`): how many vendors, and the stacks and purposes named, so the product
//! team sees what visitors will be told before publishing.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::ApiError;
use crate::counted::counted;
use crate::gvl_api::{self, Disclosure};

/// The summary for the vendors `ids`, with the standard names in the site's `language` (IAB's translation, else
/// English), read again whenever either changes.
#[component]
pub fn TcfSummary(ids: Memo<Vec<u64>>, language: Memo<String>, has_list: Signal<bool>) -> impl IntoView {
    let answer = RwSignal::new(None::<Result<Disclosure, String>>);
    Effect::new(move |_| {
        let (asked, in_language) = (ids.get(), language.get());
        if asked.is_empty() || !has_list.get() {
            answer.set(None);
            return;
        }
        spawn_local(async move {
            let found = gvl_api::disclosure(&asked, &in_language).await.map_err(|error| match error {
                ApiError::Refused { status: 422, .. } => {
                    "Remove the vendors marked above to see what the site discloses.".to_owned()
                }
                other => other.to_string(),
            });
            if ids.get_untracked() == asked && language.get_untracked() == in_language {
                answer.set(Some(found));
            }
        });
    });
    view! {
        <div class="tcf-summary" aria-live="polite">
            {move || answer.get().map(|found| match found {
                Err(why) => view! { <p class="problem">{why}</p> }.into_any(),
                Ok(disclosure) => view! { <Disclosed disclosure /> }.into_any(),
            })}
        </div>
    }
}

/// One disclosure, in words.
#[component]
fn Disclosed(disclosure: Disclosure) -> impl IntoView {
    let names = |items: &[gvl_api::Named]| items.iter().map(|n| n.name.clone()).collect::<Vec<_>>().join("; ");
    let stacks = names(&disclosure.stacks);
    let purposes = names(&disclosure.purposes);
    let summary = format!(
        "The first layer will name {}, {} and {} for visitors to choose, and disclose {} and {}.",
        counted(disclosure.vendor_count, "vendor", "vendors"),
        counted(disclosure.stacks.len(), "stack", "stacks"),
        counted(
            disclosure.purposes.len() + disclosure.special_features.len(),
            "purpose or special feature",
            "purposes or special features"
        ),
        counted(disclosure.special_purposes.len(), "special purpose", "special purposes"),
        counted(disclosure.features.len(), "feature", "features"),
    );
    view! {
        <p id="tcf-summary">{summary}</p>
        <dl class="tcf-disclosed">
            {(!stacks.is_empty()).then(|| view! { <dt>"Stacks"</dt><dd>{stacks}</dd> })}
            {(!purposes.is_empty()).then(|| view! { <dt>"Purposes on their own"</dt><dd>{purposes}</dd> })}
        </dl>
    }
}
