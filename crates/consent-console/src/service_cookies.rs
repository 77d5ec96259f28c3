//! The cookies table of one service in the Services form: a row per cookie or storage key (name, kind, purpose,
//! duration, domain, each with the problem consent-core's check finds at its path) with a Remove button, and a button
//! that adds a row. The edits are [`crate::service_cookies_edit`]'s.

use leptos::prelude::*;

use crate::categories_form::focus_later;
use crate::category_fieldset::{has_problem, FieldProblem};
use crate::draft::Problem;
use crate::field_row::FieldRow;
use crate::service_cookies_edit::{kind_label, kind_value, CookieEdit, CookieField, CookieRow, STORAGE_KINDS};
use crate::service_edit::{ServiceEdit, ServiceRow};

/// The table of the service at `at` of `rows`.
#[component]
pub fn ServiceCookies(
    at: usize,
    rows: Memo<Vec<ServiceRow>>,
    problems: Memo<Vec<Problem>>,
    edit: Callback<ServiceEdit>,
) -> impl IntoView {
    let count = Memo::new(move |_| rows.with(|r| r.get(at).map_or(0, |s| s.cookies.len())));
    let hint = format!("service-{at}-duration-hint");
    // The rows' copy: the rows are drawn by a closure that owns it.
    let row_hint = hint.clone();
    let add = move |_| {
        let row = count.get_untracked();
        edit.run(ServiceEdit::Cookie(at, CookieEdit::Add));
        focus_later(format!("service-{at}-cookie-{row}-name"));
    };
    view! {
        <div class="cookies">
            <table class="cookie-table">
                <caption>"Cookies and storage"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Kind"</th>
                        <th scope="col">"Purpose"</th>
                        <th scope="col">"Duration"</th>
                        <th scope="col">"Domain"</th>
                        <th scope="col"><span class="visually-hidden">"Remove"</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || 0..count.get() key=|row| *row let(row)>
                        <CookieRowView at row rows problems edit hint=row_hint.clone() />
                    </For>
                </tbody>
            </table>
            <p class="hint" id=hint.clone()>
                "Duration: session, or a number with min, h, d, mo or y (30min, 24h, 90d, 13mo, 2y). "
                "A name may end in * for a family (_ga_*); the domain only when it is not the page's own host."
            </p>
            <button type="button" class="quiet" id=format!("service-{at}-add-cookie") on:click=add>
                "Add a cookie"
            </button>
        </div>
    }
}

/// Row `row` of the table of the service at `at`.
#[component]
fn CookieRowView(
    at: usize,
    row: usize,
    rows: Memo<Vec<ServiceRow>>,
    problems: Memo<Vec<Problem>>,
    edit: Callback<ServiceEdit>,
    hint: String,
) -> impl IntoView {
    let read = move |read: fn(&CookieRow) -> String| {
        Signal::derive(move || rows.with(|r| r.get(at).and_then(|s| s.cookies.get(row)).map(read).unwrap_or_default()))
    };
    let dom_id = move |field: CookieField| format!("service-{at}-cookie-{row}-{}", field.key());
    let path = move |field: CookieField| format!("services[{at}].cookies[{row}].{}", field.key());
    let set = move |field: CookieField| {
        Callback::new(move |value: String| edit.run(ServiceEdit::Cookie(at, CookieEdit::Set(row, field, value))))
    };
    let cell = move |field: CookieField, label: &str, value: Signal<String>, hint: Option<String>| {
        view! {
            <td>
                <FieldRow
                    id=dom_id(field)
                    label=format!("Cookie {} {label}", row + 1)
                    path=path(field)
                    problems
                    value
                    on_input=set(field)
                    hidden_label=true
                    hint
                />
            </td>
        }
    };
    let kind = read(|c| c.kind.clone());
    let kind_path = path(CookieField::Kind);
    view! {
        <tr>
            {cell(CookieField::Name, "name", read(|c| c.name.clone()), Some(hint.clone()))}
            <td>
                <div class="field">
                    <label for=dom_id(CookieField::Kind) class="visually-hidden">{format!("Cookie {} kind", row + 1)}</label>
                    <select
                        id=dom_id(CookieField::Kind)
                        aria-describedby=format!("{}-problem", dom_id(CookieField::Kind))
                        aria-invalid={
                            let kind_path = kind_path.clone();
                            move || has_problem(problems, &kind_path).to_string()
                        }
                        prop:value=kind
                        on:change=move |event| set(CookieField::Kind).run(event_target_value(&event))
                    >
                        {STORAGE_KINDS
                            .into_iter()
                            .map(|k| {
                                let value = kind_value(k);
                                let chosen = value.clone();
                                view! { <option value=value selected=move || kind.get() == chosen>{kind_label(k)}</option> }
                            })
                            .collect_view()}
                    </select>
                    <FieldProblem id=format!("{}-problem", dom_id(CookieField::Kind)) path=kind_path problems />
                </div>
            </td>
            {cell(CookieField::Purpose, "purpose", read(|c| c.purpose.clone()), None)}
            {cell(CookieField::Duration, "duration", read(|c| c.duration.clone()), Some(hint.clone()))}
            {cell(CookieField::Domain, "domain", read(|c| c.domain.clone()), Some(hint))}
            <td>
                <button
                    type="button"
                    class="quiet"
                    on:click=move |_| {
                        edit.run(ServiceEdit::Cookie(at, CookieEdit::Remove(row)));
                        focus_later(format!("service-{at}-add-cookie"));
                    }
                >
                    "Remove"<span class="visually-hidden">" cookie "{row + 1}</span>
                </button>
            </td>
        </tr>
    }
}
