//! The Consent Mode form: a table of Google's seven consent types by the draft's categories, a box ticked where the
//! type waits for the category. It shows the mapping consent-core resolves (defaults included) and an edit writes it
//! whole ([`crate::consent_mode_edit`]); since the defaults depend on the categories, it waits while the draft does
//! not pass the checks.

use consent_core::ConsentModeType;
use leptos::prelude::*;

use crate::card_header::CardHeader;
use crate::consent_mode_edit::{apply, read};
use crate::service_edit::category_ids;

/// The form, editing `draft`.
#[component]
pub fn ConsentModeForm(draft: RwSignal<String>) -> impl IntoView {
    let map = Memo::new(move |_| draft.with(|text| read(text)));
    let categories = Memo::new(move |_| draft.with(|text| category_ids(text)));
    let toggle = move |mode_type: ConsentModeType, category: String, on: bool| {
        if let Some(text) = draft.with_untracked(|text| apply(text, mode_type, &category, on)) {
            draft.set(text);
        }
    };

    let blocked = Signal::derive(move || {
        map.with(Option::is_none).then_some("Fix the config's problems first: the defaults depend on its categories.")
    });

    view! {
        <section class="card consent-mode" aria-labelledby="consent-mode-heading">
            <CardHeader heading_id="consent-mode-heading" title="Google Consent Mode" blocked>
                "Which categories each consent type Google's tags read waits for: a type is granted once all its "
                "ticked categories are; with none ticked it stays denied."
            </CardHeader>
            <table class="consent-mode-table">
                <thead>
                    <tr>
                        <th scope="col">"Consent type"</th>
                        {move || categories.get().into_iter().map(|id| view! { <th scope="col">{id}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {ConsentModeType::ALL
                        .into_iter()
                        .map(|mode_type| {
                            let name = mode_type.as_str();
                            view! {
                                <tr>
                                    <th scope="row"><code>{name}</code></th>
                                    {move || {
                                        categories
                                            .get()
                                            .into_iter()
                                            .map(|category| {
                                                let dom_id = format!("consent-mode-{name}-{category}");
                                                let label = format!("{name} waits for {category}");
                                                let ticked = {
                                                    let category = category.clone();
                                                    move || map.with(|m| {
                                                        m.as_ref().is_some_and(|m| m.get(&mode_type).is_some_and(|ids| ids.contains(&category)))
                                                    })
                                                };
                                                view! {
                                                    <td>
                                                        <input
                                                            type="checkbox"
                                                            id=dom_id.clone()
                                                            disabled=move || map.with(Option::is_none)
                                                            prop:checked=ticked
                                                            on:change=move |event| {
                                                                toggle(mode_type, category.clone(), event_target_checked(&event))
                                                            }
                                                        />
                                                        <label for=dom_id class="visually-hidden">{label}</label>
                                                    </td>
                                                }
                                            })
                                            .collect_view()
                                    }}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}
