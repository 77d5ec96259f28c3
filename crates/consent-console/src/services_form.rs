//! The Services form: the draft's services (name, id, category, hosts, a Remove button), each with the problems
//! consent-core's check finds under it, and a search of the built-in catalog with one click to add an entry. It
//! reads and writes the same `draft` as the JSON editor; the edits are [`crate::service_edit`]'s. Catalog text is
//! shown as text, never as markup.

use leptos::prelude::*;

use crate::category_fieldset::{has_problem, FieldProblem};
use crate::draft::Problem;
use crate::service_edit::{apply, category_ids, read, search, with_catalog_entry, ServiceEdit, ServiceRow};

/// The form, editing `draft`; `problems` are the draft's, as the JSON editor lists them.
#[component]
pub fn ServicesForm(draft: RwSignal<String>, problems: Memo<Vec<Problem>>) -> impl IntoView {
    let readable = Memo::new(move |_| draft.with(|text| read(text).is_some()));
    // As in the Categories form, the last services that read stay on screen (disabled) while the JSON does not.
    let rows = Memo::new(move |previous: Option<&Vec<ServiceRow>>| {
        draft.with(|text| read(text)).or_else(|| previous.cloned()).unwrap_or_default()
    });
    let categories = Memo::new(move |_| draft.with(|text| category_ids(text)));
    let status = RwSignal::new(None::<String>);
    let edit = Callback::new(move |edit: ServiceEdit| {
        if let Some(text) = draft.with_untracked(|text| apply(text, &edit)) {
            draft.set(text);
        }
    });
    // Each service's place and id: its row is drawn again when either changes.
    let places =
        move || rows.with(|rows| rows.iter().enumerate().map(|(at, s)| (at, s.id.clone())).collect::<Vec<_>>());

    view! {
        <section class="card services" aria-labelledby="services-heading">
            <h2 id="services-heading">"Services"</h2>
            <p class="hint">
                "The tools the site loads, each held back until its category is granted. Changes go into the draft "
                "(the JSON below) and reach visitors once you publish."
            </p>
            <p class="problem" role="alert">
                {move || (!readable.get()).then_some("Fix the JSON first: the form edits a config that reads as JSON.")}
            </p>
            <fieldset class="plain" disabled=move || !readable.get()>
                <legend class="visually-hidden">"Services"</legend>
                <For each=places key=|place| place.clone() let((at, _id))>
                    <ServiceFieldset at rows categories problems edit status />
                </For>
                <CatalogSearch draft rows status />
            </fieldset>
            <p role="status" class="status">{move || status.get()}</p>
        </section>
    }
}

/// The service at place `at` of `rows`.
#[component]
fn ServiceFieldset(
    at: usize,
    rows: Memo<Vec<ServiceRow>>,
    categories: Memo<Vec<String>>,
    problems: Memo<Vec<Problem>>,
    edit: Callback<ServiceEdit>,
    status: RwSignal<Option<String>>,
) -> impl IntoView {
    let field = move |read: fn(&ServiceRow) -> String| move || rows.with(|r| r.get(at).map(read).unwrap_or_default());
    let name = field(|s| s.name.clone());
    let category = field(|s| s.category.clone());
    let dom_id = move |part: &str| format!("service-{at}-{part}");
    let path = format!("services[{at}]");
    let category_path = format!("services[{at}].category");
    // The problems under this service other than its category's, which shows beside the select.
    let other_problems = {
        let (path, category_path) = (path.clone(), category_path.clone());
        move || {
            problems.with(|list| {
                list.iter()
                    .filter(|p| p.path == path || (p.path.starts_with(&format!("{path}.")) && p.path != category_path))
                    .map(|p| format!("{}: {}", p.path, p.reason))
                    .collect::<Vec<_>>()
            })
        }
    };
    let invalid = {
        let category_path = category_path.clone();
        move || has_problem(problems, &category_path).to_string()
    };
    let remove = move |_| {
        let removed = name();
        edit.run(ServiceEdit::Remove(at));
        status.set(Some(format!("{removed} removed: publish to apply it.")));
    };

    view! {
        <fieldset class="service" aria-describedby=dom_id("problems")>
            <legend>{name}</legend>
            <p class="hint">"Id: "<code>{field(|s| s.id.clone())}</code></p>
            <label for=dom_id("category")>"Category"</label>
            <select
                id=dom_id("category")
                aria-describedby=dom_id("category-problem")
                aria-invalid=invalid
                prop:value=category
                on:change=move |event| edit.run(ServiceEdit::Category(at, event_target_value(&event)))
            >
                {move || {
                    let mut ids = categories.get();
                    // A category the draft does not have stays selectable, so the select shows what the JSON says.
                    let current = category();
                    if !ids.contains(&current) {
                        ids.push(current);
                    }
                    ids.into_iter()
                        .map(|id| view! { <option value=id.clone() selected=id == category()>{id.clone()}</option> })
                        .collect_view()
                }}
            </select>
            <FieldProblem id=dom_id("category-problem") path=category_path problems />
            <p class="hint">"Hosts: "{move || rows.with(|r| r.get(at).map(|s| s.hosts.join(", ")).unwrap_or_default())}</p>
            <ul id=dom_id("problems") class="problem">
                {move || other_problems().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
            </ul>
            <button type="button" class="quiet" id=dom_id("remove") on:click=remove>
                "Remove "{name}
            </button>
        </fieldset>
    }
}

/// Searches the built-in catalog by name, id or provider, each match with a button that adds it to the draft; the
/// entries the draft already has are left out.
#[component]
fn CatalogSearch(
    draft: RwSignal<String>,
    rows: Memo<Vec<ServiceRow>>,
    status: RwSignal<Option<String>>,
) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let results = move || {
        let taken: Vec<String> = rows.with(|rows| rows.iter().map(|s| s.id.clone()).collect());
        query.with(|q| search(q, &taken))
    };
    let add = move |id: String, name: String| match draft.with_untracked(|text| with_catalog_entry(text, &id)) {
        Some(text) => {
            draft.set(text);
            status.set(Some(format!("{name} added: publish to apply it.")));
        }
        None => status.set(Some(format!("{name} was not added: fix the config's problems first."))),
    };

    view! {
        <div class="catalog-search">
            <h3>"Add from the catalog"</h3>
            <label for="catalog-search">"Search the catalog"</label>
            <input
                id="catalog-search"
                type="search"
                autocomplete="off"
                prop:value=move || query.get()
                on:input=move |event| query.set(event_target_value(&event))
            />
            <ul class="catalog-results">
                {move || {
                    results()
                        .into_iter()
                        .map(|entry| {
                            let id = entry.id.clone().unwrap_or_default();
                            let name = entry.name.clone().unwrap_or_else(|| id.clone());
                            let provider = entry.provider.clone().unwrap_or_default();
                            let (click_id, click_name) = (id.clone(), name.clone());
                            view! {
                                <li>
                                    <span>{name.clone()}" ("{provider}")"</span>
                                    " "
                                    <button type="button" on:click=move |_| add(click_id.clone(), click_name.clone())>
                                        "Add "{name}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}
