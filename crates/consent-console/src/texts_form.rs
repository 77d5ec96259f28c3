//! The Texts and translations form: the banner's words in one language of the draft at a time (its own `language`,
//! the config's `texts`, or one of its `translations`), one row per text. An empty field shows what visitors get
//! instead, and is marked missing, in words as well as visually, when that is English for a language that is not.
//! Languages are added (the banner's built-in ones, or any tag) and removed here. Like the other forms it reads and
//! writes the same `draft` as the JSON editor ([`crate::texts_edit`]), and each field shows the check's problem at its
//! path. The categories' words per language are in the Categories form.

use leptos::prelude::*;

use crate::category_fieldset::has_problem;
use crate::draft::Problem;
use crate::texts_edit::{
    addable_languages, language_name, path_of, table, with_language, with_word, without_language, TextsTable,
};

/// The form, editing `draft`; `problems` are the draft's, as the JSON editor lists them.
#[component]
pub fn TextsForm(draft: RwSignal<String>, problems: Memo<Vec<Problem>>) -> impl IntoView {
    let readable = Memo::new(move |_| draft.with(|text| table(text).is_some()));
    // While the draft does not read, the last table that did stays on screen (disabled), as in the other forms.
    let words = Memo::new(move |previous: Option<&TextsTable>| {
        draft.with(|text| table(text)).or_else(|| previous.cloned()).unwrap_or_default()
    });
    let picked = RwSignal::new(String::new());
    // The language shown: the one picked while the draft has it, else the config's own.
    let language = Memo::new(move |_| {
        let picked = picked.get();
        words.with(|w| {
            if w.languages.contains(&picked) {
                picked
            } else {
                w.languages.first().cloned().unwrap_or_default()
            }
        })
    });
    let status = RwSignal::new(None::<String>);
    let own = Memo::new(move |_| words.with(|w| w.languages.first().cloned().unwrap_or_default()));
    let remove = move |_| {
        let gone = language.get_untracked();
        match draft.with_untracked(|text| without_language(text, &gone)) {
            Ok(text) => {
                draft.set(text);
                status.set(Some(format!("{} removed from the draft.", language_name(&gone))));
            }
            Err(why) => status.set(Some(why.to_string())),
        }
    };

    view! {
        <section class="card texts" aria-labelledby="texts-heading">
            <h2 id="texts-heading">"Texts and translations"</h2>
            <p class="hint">
                "The banner's words in each language of the site. Leave a field empty to give visitors the banner's "
                "built-in word for that language (or English, where it has none). The categories' titles and "
                "descriptions per language are in the Categories form."
            </p>
            <p class="problem" role="alert">
                {move || (!readable.get()).then_some("Fix the JSON first: the form edits a config that reads as JSON.")}
            </p>
            <fieldset class="plain" disabled=move || !readable.get()>
                <legend class="visually-hidden">"Texts and translations"</legend>
                <div class="texts-languages">
                    <div>
                        <label for="texts-language">"Language shown"</label>
                        <select
                            id="texts-language"
                            on:input=move |event| picked.set(event_target_value(&event))
                        >
                            {move || {
                                let counts = words.with(TextsTable::missing_counts);
                                words
                                    .with(|w| w.languages.clone())
                                    .into_iter()
                                    .zip(counts)
                                    .enumerate()
                                    .map(|(at, (tag, missing))| {
                                        let mut name = language_name(&tag);
                                        if at == 0 {
                                            name.push_str(", the config's own");
                                        }
                                        if missing > 0 {
                                            name.push_str(&format!(": {missing} missing"));
                                        }
                                        let chosen = {
                                            let tag = tag.clone();
                                            move || language.get() == tag
                                        };
                                        view! { <option value=tag prop:selected=chosen>{name}</option> }
                                    })
                                    .collect_view()
                            }}
                        </select>
                    </div>
                    {move || {
                        (language.get() != own.get()).then(|| {
                            view! {
                                <button type="button" id="texts-remove-language" class="quiet" on:click=remove>
                                    {move || format!("Remove {}", language_name(&language.get()))}
                                </button>
                            }
                        })
                    }}
                </div>
                <MissingSummary words language />
                <div class="table-scroll">
                    <table class="texts-table">
                        <caption class="visually-hidden">
                            {move || format!("The banner's words in {}", language_name(&language.get()))}
                        </caption>
                        <thead>
                            <tr>
                                <th scope="col">"Text"</th>
                                <th scope="col">{move || language_name(&language.get())}</th>
                            </tr>
                        </thead>
                        <tbody>
                            <For
                                each=move || {
                                    let language = language.get();
                                    consent_core::texts::TextsPatch::FIELDS
                                        .iter()
                                        .map(|name| (language.clone(), *name))
                                        .collect::<Vec<_>>()
                                }
                                key=|row| row.clone()
                                let((language, name))
                            >
                                <TextRow language name words draft problems status />
                            </For>
                        </tbody>
                    </table>
                </div>
                <AddLanguage words draft picked status />
            </fieldset>
            <p role="status" class="status">{move || status.get()}</p>
        </section>
    }
}

/// How many words the language shown is missing, in a sentence.
#[component]
fn MissingSummary(words: Memo<TextsTable>, language: Memo<String>) -> impl IntoView {
    move || {
        let tag = language.get();
        let missing = words.with(|w| {
            let at = w.languages.iter().position(|l| *l == tag);
            at.and_then(|at| w.missing_counts().get(at).copied()).unwrap_or(0)
        });
        if missing == 0 {
            view! { <p class="ok">{format!("No word missing in {}.", language_name(&tag))}</p> }.into_any()
        } else {
            view! {
                <p class="missing-summary">
                    {format!(
                        "{missing} word(s) missing in {}: visitors get them in English until you write them.",
                        language_name(&tag),
                    )}
                </p>
            }
            .into_any()
        }
    }
}

/// One text in one language: its field, what visitors get while it is empty, "Missing", and the check's problem.
#[component]
fn TextRow(
    language: String,
    name: &'static str,
    words: Memo<TextsTable>,
    draft: RwSignal<String>,
    problems: Memo<Vec<Problem>>,
    status: RwSignal<Option<String>>,
) -> impl IntoView {
    let field = format!("text-{language}-{name}");
    let (fallback_id, problem_id) = (format!("{field}-fallback"), format!("{field}-problem"));
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
        <tr class:missing=missing>
            <th scope="row">
                <label for=field.clone()><code>{name}</code></label>
            </th>
            <td>
                <textarea
                    id=field
                    rows="2"
                    lang=language.get_value()
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
        </tr>
    }
}

/// Adds a language: one of the banner's built-in ones the draft does not have, or any language tag.
#[component]
fn AddLanguage(
    words: Memo<TextsTable>,
    draft: RwSignal<String>,
    picked: RwSignal<String>,
    status: RwSignal<Option<String>>,
) -> impl IntoView {
    let chosen = RwSignal::new(String::new());
    let typed = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let addable = Memo::new(move |_| words.with(addable_languages));
    let add = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let wanted = match typed.get_untracked().trim() {
            "" => chosen.get_untracked(),
            tag => tag.to_owned(),
        };
        let wanted =
            if wanted.is_empty() { addable.get_untracked().first().map(|t| t.to_string()) } else { Some(wanted) };
        let Some(wanted) = wanted else {
            problem.set(Some("Language: pick one, or type its tag.".into()));
            return;
        };
        match draft.with_untracked(|text| with_language(text, &wanted)) {
            Ok(text) => {
                draft.set(text);
                problem.set(None);
                typed.set(String::new());
                // As consent-core normalises it (`pt_br` is `pt-BR`), which is how the draft now names it.
                let added = consent_core::LanguageTag::try_from(wanted.as_str()).map(String::from).unwrap_or(wanted);
                status.set(Some(format!("{} added: its empty fields show what visitors get.", language_name(&added))));
                picked.set(added);
                chosen.set(String::new());
            }
            Err(why) => problem.set(Some(why.to_string())),
        }
    };
    view! {
        <form class="add-language" on:submit=add>
            <h3>"Add a language"</h3>
            <div class="add-language-fields">
                <div>
                    <label for="texts-new-language">"Built-in language"</label>
                    <select
                        id="texts-new-language"
                        aria-describedby="texts-new-language-problem"
                        on:input=move |event| chosen.set(event_target_value(&event))
                    >
                        {move || {
                            addable
                                .get()
                                .into_iter()
                                .map(|tag| {
                                    let selected = move || chosen.get() == tag;
                                    view! { <option value=tag prop:selected=selected>{language_name(tag)}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
                <div>
                    <label for="texts-other-language">"Or another language tag"</label>
                    <input
                        id="texts-other-language"
                        autocomplete="off"
                        spellcheck="false"
                        placeholder="sv, pt-BR …"
                        aria-describedby="texts-new-language-problem"
                        prop:value=move || typed.get()
                        on:input=move |event| typed.set(event_target_value(&event))
                    />
                </div>
            </div>
            <p id="texts-new-language-problem" class="problem" aria-live="polite">{move || problem.get()}</p>
            <button type="submit">"Add language"</button>
        </form>
    }
}
