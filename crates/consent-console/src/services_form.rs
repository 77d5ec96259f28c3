//! The Services form: the draft's services, each with its fields, hosts and cookies table and the problems
//! consent-core's check finds at them ([`crate::service_fieldset`]); a button that adds a blank service of the team's
//! own in a chosen category; and one search of the built-in catalog and the tracker database with one click to add a
//! result. It reads and writes the same `draft` as the JSON editor; the edits are [`crate::service_edit`]'s and
//! [`crate::service_search`]'s. Catalog and tracker text is shown as text, never as markup.

use leptos::prelude::*;

use crate::card_header::{unless_json, CardHeader, FIX_THE_JSON_FIRST};
use crate::categories_form::focus_later;
use crate::draft::Problem;
use crate::service_edit::{
    apply, category_choices, first_optional_category, read, with_own_service, ServiceEdit, ServiceRow,
};
use crate::service_fieldset::ServiceFieldset;
use crate::service_search::{search, with_found, Found, Source};

/// The form, editing `draft`; `problems` are the draft's, as the JSON editor lists them.
#[component]
pub fn ServicesForm(draft: RwSignal<String>, problems: Memo<Vec<Problem>>) -> impl IntoView {
    let readable = Memo::new(move |_| draft.with(|text| read(text).is_some()));
    // As in the Categories form, the last services that read stay on screen (disabled) while the JSON does not.
    let rows = Memo::new(move |previous: Option<&Vec<ServiceRow>>| {
        draft.with(|text| read(text)).or_else(|| previous.cloned()).unwrap_or_default()
    });
    let categories = Memo::new(move |_| draft.with(|text| category_choices(text)));
    let status = RwSignal::new(None::<String>);
    let edit = Callback::new(move |edit: ServiceEdit| {
        if let Some(text) = draft.with_untracked(|text| apply(text, &edit)) {
            draft.set(text);
        }
    });
    // A service's fieldset is kept by its place only: its id is one of its fields, and typing it must not draw the
    // fieldset again (which would drop the keyboard focus). Every field reads its service at that place.
    let count = Memo::new(move |_| rows.with(Vec::len));

    view! {
        <section class="card services" aria-labelledby="services-heading">
            <CardHeader heading_id="services-heading" title="Services" blocked=unless_json(readable)>
                "The tools the site loads, each held back until its category is granted. Changes go into the draft "
                "(the JSON below) and reach visitors once you publish."
            </CardHeader>
            <fieldset class="plain" disabled=move || !readable.get()>
                <legend class="visually-hidden">"Services"</legend>
                <For each=move || 0..count.get() key=|at| *at let(at)>
                    <ServiceFieldset at rows categories problems edit status />
                </For>
                <AddOwnService draft categories count status />
                <ServiceSearch draft rows status />
            </fieldset>
            <p role="status" class="status">{move || status.get()}</p>
        </section>
    }
}

/// "Add your own service": a blank service in the chosen category, its name field focused to fill in.
#[component]
fn AddOwnService(
    draft: RwSignal<String>,
    categories: Memo<Vec<(String, String)>>,
    count: Memo<usize>,
    status: RwSignal<Option<String>>,
) -> impl IntoView {
    let chosen = RwSignal::new(String::new());
    // The category picked, while the draft has it; else its first optional one.
    let category = move || {
        let picked = chosen.get();
        if categories.with(|choices| choices.iter().any(|(id, _)| *id == picked)) {
            picked
        } else {
            draft.with(|text| first_optional_category(text)).unwrap_or_default()
        }
    };
    let add = move |_| {
        let at = count.get_untracked();
        match draft.with_untracked(|text| with_own_service(text, &category())) {
            Some(text) => {
                draft.set(text);
                status.set(Some("A new service added: give it a name and an id, then publish.".into()));
                focus_later(format!("service-{at}-name"));
            }
            None => status.set(Some(FIX_THE_JSON_FIRST.into())),
        }
    };
    view! {
        <div class="add-service">
            <h3>"Add your own service"</h3>
            <label for="new-service-category">"Its category"</label>
            <select
                id="new-service-category"
                prop:value=category
                on:change=move |event| chosen.set(event_target_value(&event))
            >
                {move || {
                    let current = category();
                    categories
                        .get()
                        .into_iter()
                        .map(|(id, words)| view! { <option value=id.clone() selected=id == current>{words}</option> })
                        .collect_view()
                }}
            </select>
            <button type="button" id="add-own-service" on:click=add>"Add your own service"</button>
        </div>
    }
}

/// One search of the built-in catalog and the tracker database, each result labelled with where it comes from and a
/// button that adds it to the draft; what the draft has already is left out.
#[component]
fn ServiceSearch(
    draft: RwSignal<String>,
    rows: Memo<Vec<ServiceRow>>,
    status: RwSignal<Option<String>>,
) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let results = Memo::new(move |_| rows.with(|rows| query.with(|q| search(q, rows))));
    let add = move |found: Found| match draft.with_untracked(|text| with_found(text, &found)) {
        Some(text) => {
            draft.set(text);
            status.set(Some(format!("{} added: publish to apply it.", found.name)));
        }
        None => status.set(Some(format!("{} was not added: fix the config's problems first.", found.name))),
    };

    view! {
        <div class="catalog-search">
            <h3>"Add from the catalog or the tracker database"</h3>
            <label for="catalog-search">"Search the catalog and the tracker database"</label>
            <p class="hint" id="catalog-search-hint">
                "By name, provider or host. Catalog entries come with their cookies; tracker-database entries (from "
                "the open data set third-party-web) with their hosts."
            </p>
            <input
                id="catalog-search"
                type="search"
                autocomplete="off"
                aria-describedby="catalog-search-hint"
                prop:value=move || query.get()
                on:input=move |event| query.set(event_target_value(&event))
            />
            <ul class="catalog-results">
                {move || {
                    results
                        .get()
                        .found
                        .into_iter()
                        .map(|found| {
                            let source = match &found.source {
                                Source::Catalog(_) => "Catalog",
                                Source::TrackerDb { .. } => "Tracker database",
                            };
                            let (name, detail) = (found.name.clone(), found.detail.clone());
                            view! {
                                <li>
                                    <span class="source">{source}</span>
                                    " "
                                    <span>{name.clone()}</span>
                                    <span class="hint">" ("{detail}")"</span>
                                    " "
                                    <button type="button" class="quiet" on:click=move |_| add(found.clone())>
                                        "Add "{name}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <p class="hint">
                {move || {
                    let more = results.with(|r| r.more);
                    (more > 0).then(|| format!("{more} more in the tracker database: type more of the name or host."))
                }}
            </p>
        </div>
    }
}
