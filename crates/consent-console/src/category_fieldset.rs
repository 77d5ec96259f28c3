//! One category in the Categories form: its id (read-only: visitors' records name it), title, description,
//! "required" and "sells or shares personal data" (Global Privacy Control), each with the problem the check finds at
//! its path, its titles in other languages, and the buttons that move or remove it.

use leptos::prelude::*;

use crate::categories_form::focus_later;
use crate::category_edit::{CategoryFields, Edit, Refusal};
use crate::category_translations::CategoryTranslations;
use crate::draft::Problem;
use crate::move_buttons::MoveButtons;

/// The category `id` at place `at` of `rows` (which hold `count` categories); its words in other languages are read
/// from and written to `draft`.
#[component]
pub fn CategoryFieldset(
    at: usize,
    id: String,
    rows: Memo<Vec<CategoryFields>>,
    count: Memo<usize>,
    problems: Memo<Vec<Problem>>,
    edit: Callback<Edit, Result<(), Refusal>>,
    refusal: RwSignal<Option<(usize, String, String)>>,
    status: RwSignal<Option<String>>,
    draft: RwSignal<String>,
) -> impl IntoView {
    let field =
        move |read: fn(&CategoryFields) -> String| move || rows.with(|rows| rows.get(at).map(read).unwrap_or_default());
    let name = field(|c| c.name().to_owned());
    let refused_id = StoredValue::new(id.clone());
    let dom_id = move |part: &str| format!("category-{at}-{part}");
    let run = move |change: Edit| {
        if let Err(why) = edit.run(change) {
            status.set(Some(why.to_string()));
        }
    };
    let on_move = Callback::new(move |up: bool| {
        let (change, to) = if up { (Edit::MoveUp(at), at.saturating_sub(1)) } else { (Edit::MoveDown(at), at + 1) };
        let moved = edit.run(change).is_ok();
        if moved {
            status.set(Some(format!("{} moved to place {} of {}.", name(), to + 1, count.get_untracked())));
        }
        moved
    });
    let remove = move |_| {
        let removed = name();
        match edit.run(Edit::Remove(at)) {
            Ok(()) => {
                status.set(Some(format!("{removed} removed: publish to apply it.")));
                let left = count.get_untracked();
                let next = if at < left {
                    format!("category-{at}-remove")
                } else if left > 0 {
                    format!("category-{}-remove", left - 1)
                } else {
                    "new-category-id".into()
                };
                focus_later(next);
            }
            Err(why) => refusal.set(Some((at, refused_id.get_value(), why.to_string()))),
        }
    };

    view! {
        <fieldset class="category">
            <legend>{name}</legend>
            <div class="category-fields">
                <div>
                    <label for=dom_id("id")>"Id"</label>
                    <input
                        id=dom_id("id")
                        readonly
                        aria-describedby=dom_id("id-problem")
                        prop:value=field(|c| c.id.clone())
                    />
                    <FieldProblem id=dom_id("id-problem") path=format!("categories[{at}].id") problems />
                </div>
                <div>
                    <label for=dom_id("title")>"Title"</label>
                    <input
                        id=dom_id("title")
                        autocomplete="off"
                        aria-describedby=dom_id("title-problem")
                        aria-invalid=move || has_problem(problems, &format!("categories[{at}].title")).to_string()
                        prop:value=field(|c| c.title.clone())
                        on:input=move |event| run(Edit::Title(at, event_target_value(&event)))
                    />
                    <FieldProblem id=dom_id("title-problem") path=format!("categories[{at}].title") problems />
                </div>
            </div>
            <label for=dom_id("description")>"Description"</label>
            <textarea
                id=dom_id("description")
                rows="2"
                aria-describedby=dom_id("description-problem")
                aria-invalid=move || has_problem(problems, &format!("categories[{at}].description")).to_string()
                prop:value=field(|c| c.description.clone())
                on:input=move |event| run(Edit::Description(at, event_target_value(&event)))
            ></textarea>
            <FieldProblem id=dom_id("description-problem") path=format!("categories[{at}].description") problems />
            <div class="check">
                <input
                    type="checkbox"
                    id=dom_id("required")
                    prop:checked=move || rows.with(|rows| rows.get(at).is_some_and(|c| c.required))
                    on:change=move |event| run(Edit::Required(at, event_target_checked(&event)))
                />
                <label for=dom_id("required")>"Required: strictly necessary, always on (not a choice)"</label>
            </div>
            <div class="check">
                <input
                    type="checkbox"
                    id=dom_id("sale-or-sharing")
                    prop:checked=move || rows.with(|rows| rows.get(at).is_some_and(|c| c.sale_or_sharing))
                    on:change=move |event| run(Edit::SaleOrSharing(at, event_target_checked(&event)))
                />
                <label for=dom_id("sale-or-sharing")>
                    "Sells or shares personal data: Global Privacy Control keeps it off"
                </label>
            </div>
            <CategoryTranslations at id draft problems status />
            <div class="category-actions">
                <MoveButtons
                    prefix="category"
                    at
                    count=count.into()
                    name=Signal::derive(name)
                    on_move
                />
                <button
                    type="button"
                    class="quiet"
                    id=dom_id("remove")
                    aria-describedby=dom_id("remove-problem")
                    on:click=remove
                >
                    "Remove"<span class="visually-hidden">" "{name}</span>
                </button>
            </div>
            <p id=dom_id("remove-problem") class="problem" aria-live="polite">
                {move || {
                    let here = |(place, id, _): &(usize, String, String)| *place == at && *id == refused_id.get_value();
                    refusal.get().filter(here).map(|(_, _, why)| why)
                }}
            </p>
        </fieldset>
    }
}

pub(crate) fn has_problem(problems: Memo<Vec<Problem>>, path: &str) -> bool {
    problems.with(|list| list.iter().any(|problem| problem.path == path))
}

/// The check's problem at `path` (the first, if several), in `consent config check`'s words; empty when there is none.
#[component]
pub(crate) fn FieldProblem(id: String, path: String, problems: Memo<Vec<Problem>>) -> impl IntoView {
    let reason = move || problems.with(|list| list.iter().find(|p| p.path == path).map(|p| p.reason.clone()));
    view! { <p id=id class="problem field-problem">{reason}</p> }
}
