//! A row of buttons of which exactly one is pressed (`aria-pressed`), for a choice between two views: the live
//! preview's scheme and width, the Texts form's one language or all side by side.

use leptos::prelude::*;

/// The group `label` of the buttons `choices` (each a value and its words); the one equal to `picked` is pressed, and
/// a click sets `picked`.
#[component]
pub fn Toggle<T>(label: &'static str, choices: [(T, &'static str); 2], picked: RwSignal<T>) -> impl IntoView
where
    T: Copy + PartialEq + Send + Sync + 'static,
{
    let buttons = choices
        .into_iter()
        .map(|(choice, text)| {
            view! {
                <button
                    type="button"
                    class="quiet"
                    aria-pressed=move || (picked.get() == choice).to_string()
                    on:click=move |_| picked.set(choice)
                >
                    {text}
                </button>
            }
        })
        .collect_view();
    view! { <div role="group" aria-label=label class="toggle">{buttons}</div> }
}
