//! The Categories form: the draft's categories as fields, for product teams who would rather not edit JSON. It reads
//! and writes the same `draft` as the JSON editor, so an edit in either shows in the other; each edit rewrites only
//! the draft's `categories` ([`crate::category_edit`]), and each field shows the problem consent-core's check finds
//! at its path, in the words of `consent config check`.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::card_header::{unless_json, CardHeader};
use crate::category_edit::{apply, read, CategoryFields, Edit, Refusal};
use crate::category_fieldset::CategoryFieldset;
use crate::draft::Problem;

/// The form, editing `draft`; `problems` are the draft's, as the JSON editor lists them.
#[component]
pub fn CategoriesForm(draft: RwSignal<String>, problems: Memo<Vec<Problem>>) -> impl IntoView {
    let readable = Memo::new(move |_| draft.with(|text| read(text).is_some()));
    // While the draft does not read, the last categories that did stay on screen (disabled), so the form does not
    // jump away at every half-typed JSON edit.
    let rows = Memo::new(move |previous: Option<&Vec<CategoryFields>>| {
        draft.with(|text| read(text)).or_else(|| previous.cloned()).unwrap_or_default()
    });
    let status = RwSignal::new(None::<String>);
    // A refused removal: the category's place and id, and why, shown in its fieldset while it is still there.
    let refusal = RwSignal::new(None::<(usize, String, String)>);
    let edit = Callback::new(move |edit: Edit| -> Result<(), Refusal> {
        let text = draft.with_untracked(|text| apply(text, &edit))?;
        refusal.set(None);
        draft.set(text);
        Ok(())
    });
    let count = Memo::new(move |_| rows.with(Vec::len));
    // Each category's place and id: its fieldset is kept while both stay (a title being typed), drawn again when
    // either changes (a move, a removal, an id edited in the JSON).
    let places =
        move || rows.with(|rows| rows.iter().enumerate().map(|(at, c)| (at, c.id.clone())).collect::<Vec<_>>());

    view! {
        <section class="card categories" aria-labelledby="categories-heading">
            <CardHeader heading_id="categories-heading" title="Categories" blocked=unless_json(readable)>
                "What visitors choose between, in the order they see them. Changes go into the draft (the JSON below) "
                "and reach visitors once you publish."
            </CardHeader>
            <fieldset class="plain" disabled=move || !readable.get()>
                <legend class="visually-hidden">"Categories"</legend>
                <For each=places key=|place| place.clone() let((at, id))>
                    <CategoryFieldset at id rows count problems edit refusal status draft />
                </For>
                <AddCategory edit status />
            </fieldset>
            <p role="status" class="status">{move || status.get()}</p>
        </section>
    }
}

/// Adds a category at the end: its id (consent-core's id rule, refused with its words) and title.
#[component]
fn AddCategory(edit: Callback<Edit, Result<(), Refusal>>, status: RwSignal<Option<String>>) -> impl IntoView {
    let id = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let add = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let (new_id, new_title) = (id.get_untracked(), title.get_untracked());
        match edit.run(Edit::Add { id: new_id, title: new_title.clone() }) {
            Ok(()) => {
                problem.set(None);
                id.set(String::new());
                title.set(String::new());
                status.set(Some(format!("{} added: publish to apply it.", new_title.trim())));
            }
            Err(why) => problem.set(Some(why.to_string())),
        }
    };
    view! {
        <form class="add-category" on:submit=add>
            <h3>"Add a category"</h3>
            <label for="new-category-id">"Id"</label>
            <p class="hint" id="new-category-id-hint">
                "Lowercase letters, digits, - and _, such as social_media; it cannot change later."
            </p>
            <input
                id="new-category-id"
                autocomplete="off"
                spellcheck="false"
                aria-describedby="new-category-id-hint new-category-problem"
                prop:value=move || id.get()
                on:input=move |event| id.set(event_target_value(&event))
            />
            <label for="new-category-title">"Title"</label>
            <input
                id="new-category-title"
                autocomplete="off"
                aria-describedby="new-category-problem"
                prop:value=move || title.get()
                on:input=move |event| title.set(event_target_value(&event))
            />
            <p id="new-category-problem" class="problem" aria-live="polite">{move || problem.get()}</p>
            <button type="submit">"Add category"</button>
        </form>
    }
}

/// Moves the keyboard focus to the element `id` once the form has been drawn again: an edit that moves or removes a
/// category redraws its fieldset, which would otherwise drop the focus to the page.
pub fn focus_later(id: String) {
    request_animation_frame(move || {
        let element = document().get_element_by_id(&id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            let _ = element.focus();
        }
    });
}
