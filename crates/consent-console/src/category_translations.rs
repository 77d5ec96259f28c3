//! A category's "Translations" disclosure in the Categories form: its title in each language the config's
//! `translations` have, editable, each with the check's problem at its path. Languages are added in the JSON.

use leptos::prelude::*;

use crate::category_translation::{titles, with_title};
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
    let title_in = move |language: String| {
        move || {
            draft
                .with(|text| titles(text, &id.get_value()).into_iter().find(|(l, _)| *l == language))
                .map(|(_, title)| title)
                .unwrap_or_default()
        }
    };
    let set = move |language: String, title: String| match draft
        .with_untracked(|text| with_title(text, &language, &id.get_value(), &title))
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
                        "Leave a title empty for the next language in line. Languages are added in the JSON "
                        "(translations)."
                    </p>
                    <For each=move || languages.get() key=|language| language.clone() let(language)>
                        {
                            let field = format!("category-{at}-title-{language}");
                            let problem_id = format!("{field}-problem");
                            let path = format!("translations.{language}.categories.{}.title", id.get_value());
                            let reason = move || {
                                problems.with(|list| list.iter().find(|p| p.path == path).map(|p| p.reason.clone()))
                            };
                            let edited = language.clone();
                            view! {
                                <label for=field.clone()>{format!("Title in {language}")}</label>
                                <input
                                    id=field
                                    lang=language.clone()
                                    autocomplete="off"
                                    aria-describedby=problem_id.clone()
                                    prop:value=title_in(language.clone())
                                    on:input=move |event| set(edited.clone(), event_target_value(&event))
                                />
                                <p id=problem_id class="problem field-problem">{reason}</p>
                            }
                        }
                    </For>
                </details>
            }
        })
    }
}
