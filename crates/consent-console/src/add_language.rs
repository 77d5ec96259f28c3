//! "Add a language" in the Texts and translations form: one of the banner's built-in languages the draft does not
//! have yet, or any language tag typed in (consent-core checks and normalises it, and its refusal is shown beside
//! the field). The language added is shown next, with its missing words marked.

use leptos::prelude::*;

use crate::language_names::language_name;
use crate::texts_edit::{addable_languages, with_language, TextsTable};

/// Adds a language: one of the banner's built-in ones the draft does not have, or any language tag.
#[component]
pub fn AddLanguage(
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
