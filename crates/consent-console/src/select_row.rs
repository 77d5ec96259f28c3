//! One select of a form with the problem consent-core's check finds at its path beside it: the label, the select
//! (`aria-describedby` naming the problem, `aria-invalid` while there is one) and the problem in the words of
//! `consent config check`. The Site settings form, its theme and the Services form draw their choices with it, as
//! [`crate::field_row`] draws their text fields.

use leptos::prelude::*;

use crate::category_fieldset::{has_problem, FieldProblem};
use crate::draft::Problem;

/// A select `id` labelled `label`, offering `options` (each a config value and the words shown for it; fixed, or
/// following the draft, as its categories do) with `chosen`
/// selected, and reporting a new choice to `on_input`; the problem at `path` shows under it. A `chosen` value that is
/// none of the options (a hand-typed one in the JSON) is offered as well, as written, so the select shows what the
/// draft says rather than silently another value.
#[component]
pub fn SelectRow(
    id: String,
    label: String,
    path: String,
    problems: Memo<Vec<Problem>>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    chosen: Signal<String>,
    on_input: Callback<String>,
) -> impl IntoView {
    let problem_id = format!("{id}-problem");
    let invalid = {
        let path = path.clone();
        move || has_problem(problems, &path).to_string()
    };
    let offered = move || {
        let current = chosen.get();
        let mut offered = options.get();
        if !offered.iter().any(|(value, _)| *value == current) {
            offered.push((current.clone(), current));
        }
        offered
    };
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select
                id=id
                aria-describedby=problem_id.clone()
                aria-invalid=invalid
                on:input=move |event| on_input.run(event_target_value(&event))
            >
                {move || {
                    offered()
                        .into_iter()
                        .map(|(value, words)| {
                            let selected = {
                                let value = value.clone();
                                move || chosen.with(|c| *c == value)
                            };
                            view! { <option value=value prop:selected=selected>{words}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <FieldProblem id=problem_id path problems />
        </div>
    }
}
