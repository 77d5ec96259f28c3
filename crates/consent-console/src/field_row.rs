//! One text field of a form with the problem consent-core's check finds at its path beside it: the label, the input
//! (`aria-describedby` naming the problem, `aria-invalid` while there is one) and the problem in the words of
//! `consent config check`. The Services form draws a row of these per service, host and cookie.

use leptos::prelude::*;

use crate::category_fieldset::{has_problem, FieldProblem};
use crate::draft::Problem;

/// A text input `id` labelled `label`, showing `value` and reporting each keystroke to `on_input`; the problem at
/// `path` shows under it. `hidden_label` keeps the label for screen readers only (in a table, whose column heading
/// shows it); `hint` is the id of a hint it is also described by; `multiline` makes it a textarea.
#[component]
pub fn FieldRow(
    id: String,
    label: String,
    path: String,
    problems: Memo<Vec<Problem>>,
    value: Signal<String>,
    on_input: Callback<String>,
    #[prop(optional)] hidden_label: bool,
    #[prop(default = None, into)] hint: Option<String>,
    #[prop(optional)] multiline: bool,
) -> impl IntoView {
    let problem_id = format!("{id}-problem");
    let described = hint.map_or_else(|| problem_id.clone(), |hint| format!("{hint} {problem_id}"));
    let invalid = {
        let path = path.clone();
        move || has_problem(problems, &path).to_string()
    };
    let input = if multiline {
        view! {
            <textarea
                id=id.clone()
                rows="2"
                aria-describedby=described
                aria-invalid=invalid
                prop:value=value
                on:input=move |event| on_input.run(event_target_value(&event))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                autocomplete="off"
                spellcheck="false"
                aria-describedby=described
                aria-invalid=invalid
                prop:value=value
                on:input=move |event| on_input.run(event_target_value(&event))
            />
        }
        .into_any()
    };
    view! {
        <div class="field">
            <label for=id class=hidden_label.then_some("visually-hidden")>{label}</label>
            {input}
            <FieldProblem id=problem_id path problems />
        </div>
    }
}
