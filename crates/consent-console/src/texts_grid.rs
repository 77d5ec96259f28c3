//! The table of the Texts and translations form: one row per text of the banner, one column per language shown (one
//! language, or all of the draft's side by side), each cell a field in place. An empty cell says what visitors get
//! instead, and is marked "Missing" (in words as well as by its bar) when that is English for a language that is not.
//! Each field is named by its row and column headings and shows the check's problem at its path.

use leptos::prelude::*;

use crate::category_fieldset::has_problem;
use crate::draft::Problem;
use crate::language_names::language_name;
use crate::texts_edit::{path_of, with_word, TextsTable};

/// The table of `words` in the languages `shown` (the draft's own first, if shown), editing `draft`.
#[component]
pub fn TextsGrid(
    words: Memo<TextsTable>,
    shown: Memo<Vec<String>>,
    draft: RwSignal<String>,
    problems: Memo<Vec<Problem>>,
    status: RwSignal<Option<String>>,
) -> impl IntoView {
    let caption = move || {
        let names: Vec<String> = shown.get().iter().map(|tag| language_name(tag)).collect();
        format!("The banner's words in {}", names.join(", "))
    };
    view! {
        <div class="table-scroll">
            <table class="texts-table" class:side-by-side=move || shown.with(|s| s.len() > 1)>
                <caption class="visually-hidden">{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Text"</th>
                        <For each=move || shown.get() key=|tag| tag.clone() let(tag)>
                            <LanguageHeading tag words />
                        </For>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=|| consent_core::texts::TextsPatch::FIELDS.iter().copied()
                        key=|name| *name
                        let(name)
                    >
                        <TextRow name shown words draft problems status />
                    </For>
                </tbody>
            </table>
        </div>
    }
}

/// A language's column heading: its name (which names the column's fields) and, apart, how many words it misses.
#[component]
fn LanguageHeading(tag: String, words: Memo<TextsTable>) -> impl IntoView {
    let missing = {
        let tag = tag.clone();
        move || {
            words.with(|w| {
                let at = w.languages.iter().position(|l| *l == tag)?;
                let missing = w.missing_counts().get(at).copied().unwrap_or(0);
                Some(if missing == 0 { "none missing".to_owned() } else { format!("{missing} missing") })
            })
        }
    };
    view! {
        <th scope="col">
            <span id=format!("texts-column-{tag}")>{language_name(&tag)}</span>
            <span class="hint column-missing">{missing}</span>
        </th>
    }
}

/// One text: its name, and its field in each language shown; marked when a cell of it is missing.
#[component]
fn TextRow(
    name: &'static str,
    shown: Memo<Vec<String>>,
    words: Memo<TextsTable>,
    draft: RwSignal<String>,
    problems: Memo<Vec<Problem>>,
    status: RwSignal<Option<String>>,
) -> impl IntoView {
    let missing = move || {
        words.with(|w| {
            let cells = w.rows.iter().find(|(n, _)| *n == name).map(|(_, cells)| cells);
            shown.with(|shown| {
                shown.iter().any(|tag| {
                    let at = w.languages.iter().position(|l| l == tag);
                    at.and_then(|at| cells?.get(at)).is_some_and(|c| c.missing)
                })
            })
        })
    };
    view! {
        <tr class:missing=missing>
            <th scope="row" id=format!("texts-row-{name}")>
                <code>{name}</code>
            </th>
            <For each=move || shown.get() key=|tag| tag.clone() let(language)>
                <TextCell language name words draft problems status />
            </For>
        </tr>
    }
}

/// One text in one language: its field, what visitors get while it is empty, "Missing", and the check's problem.
#[component]
fn TextCell(
    language: String,
    name: &'static str,
    words: Memo<TextsTable>,
    draft: RwSignal<String>,
    problems: Memo<Vec<Problem>>,
    status: RwSignal<Option<String>>,
) -> impl IntoView {
    let field = format!("text-{language}-{name}");
    let (fallback_id, problem_id) = (format!("{field}-fallback"), format!("{field}-problem"));
    let labelled = format!("texts-row-{name} texts-column-{language}");
    let language = StoredValue::new(language);
    let cell = move || {
        words.with(|w| {
            let at = w.languages.iter().position(|l| *l == language.get_value())?;
            w.rows.iter().find(|(n, _)| *n == name).and_then(|(_, cells)| cells.get(at).cloned())
        })
    };
    let path = Memo::new(move |_| words.with(|w| path_of(w, &language.get_value(), name)));
    let invalid = move || has_problem(problems, &path.get());
    let reason = move || {
        let path = path.get();
        problems.with(|list| list.iter().find(|p| p.path == path).map(|p| p.reason.clone()))
    };
    let missing = move || cell().is_some_and(|c| c.missing);
    let set = move |word: String| match draft.with_untracked(|text| with_word(text, &language.get_value(), name, &word))
    {
        Ok(text) => draft.set(text),
        Err(why) => status.set(Some(why.to_string())),
    };
    view! {
        <td class:missing=missing>
            <textarea
                id=field
                rows="2"
                lang=language.get_value()
                aria-labelledby=labelled
                aria-describedby=format!("{fallback_id} {problem_id}")
                aria-invalid=move || invalid().to_string()
                prop:value=move || cell().map(|c| c.own).unwrap_or_default()
                on:input=move |event| set(event_target_value(&event))
            ></textarea>
            <p id=fallback_id class="hint fallback">
                {move || {
                    let cell = cell()?;
                    cell.own.trim().is_empty().then(|| {
                        view! {
                            {cell.missing.then(|| view! { <span class="missing-mark">"Missing"</span> })}
                            {if cell.missing {
                                ": no word of its own, visitors get the English: "
                            } else {
                                "Empty: visitors get "
                            }}
                            <q>{cell.fallback}</q>
                        }
                    })
                }}
            </p>
            <p id=problem_id class="problem field-problem">{reason}</p>
        </td>
    }
}
