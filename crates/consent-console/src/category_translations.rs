//! A category's "Translations" disclosure in the Categories form: its title and description in each language the
//! config's `translations` have, editable, each with the check's problem at its path. Languages are added in the Texts
//! and translations form.

use leptos::prelude::*;

use crate::category_translation::{titles, with_word, words, CategoryWord};
use crate::draft::Problem;

/// The titles of the category `id` (at place `at` of the form) in the draft's other languages; nothing while the
/// draft has no `translations`.
#[component]
pub fn CategoryTranslations(
    at: usize,
    id: String,
    draft: RwSignal<String>,
    problems: Memo<Vec<Problem>>,
    status: RwSignal<Option<String>>,
) -> impl IntoView {
    let id = StoredValue::new(id);
    let languages = Memo::new(move |_| {
        draft.with(|text| titles(text, &id.get_value()).into_iter().map(|(language, _)| language).collect::<Vec<_>>())
    });
    let any = Memo::new(move |_| !languages.with(Vec::is_empty));
    let word_in = move |language: String, word: CategoryWord| {
        move || {
            draft
                .with(|text| words(text, &id.get_value(), word).into_iter().find(|(l, _)| *l == language))
                .map(|(_, value)| value)
                .unwrap_or_default()
        }
    };
    let set = move |language: String, word: CategoryWord, value: String| match draft
        .with_untracked(|text| with_word(text, &language, &id.get_value(), word, &value))
    {
        Ok(text) => draft.set(text),
        Err(why) => status.set(Some(why.to_string())),
    };
    move || {
        any.get().then(|| {
            view! {
                <details class="translations">
                    <summary>"Translations"</summary>
                    <p class="hint">
                        "Leave a field empty for the next language in line. Languages are added in the Texts and "
                        "translations form."
                    </p>
                    <For each=move || languages.get() key=|language| language.clone() let(language)>
                        {[CategoryWord::Title, CategoryWord::Description]
                            .map(|word| {
                                let field = format!("category-{at}-{}-{language}", word.key());
                                let problem_id = format!("{field}-problem");
                                let path =
                                    format!("translations.{language}.categories.{}.{}", id.get_value(), word.key());
                                let reason = move || {
                                    problems.with(|list| list.iter().find(|p| p.path == path).map(|p| p.reason.clone()))
                                };
                                let edited = language.clone();
                                let label = match word {
                                    CategoryWord::Title => format!("Title in {language}"),
                                    CategoryWord::Description => format!("Description in {language}"),
                                };
                                let input = move |event| set(edited.clone(), word, event_target_value(&event));
                                let value = word_in(language.clone(), word);
                                let control = match word {
                                    CategoryWord::Title => view! {
                                        <input
                                            id=field.clone()
                                            lang=language.clone()
                                            autocomplete="off"
                                            aria-describedby=problem_id.clone()
                                            prop:value=value
                                            on:input=input
                                        />
                                    }
                                    .into_any(),
                                    CategoryWord::Description => view! {
                                        <textarea
                                            id=field.clone()
                                            lang=language.clone()
                                            rows="2"
                                            aria-describedby=problem_id.clone()
                                            prop:value=value
                                            on:input=input
                                        ></textarea>
                                    }
                                    .into_any(),
                                };
                                view! {
                                    <label for=field>{label}</label>
                                    {control}
                                    <p id=problem_id class="problem field-problem">{reason}</p>
                                }
                            })
                            .into_iter()
                            .collect_view()}
                    </For>
                </details>
            }
        })
    }
}
