//! The Texts and translations form: the banner's words in one language of the draft at a time (its own `language`,
//! the config's `texts`, or one of its `translations`), or in all of them side by side, one row per text and one
//! column per language ([`crate::texts_grid`]). An empty field shows what visitors get instead, and is marked missing,
//! in words as well as visually, when that is English for a language that is not. Languages are added
//! ([`crate::add_language`]) and removed here. Like the other forms it reads and
//! writes the same `draft` as the JSON editor ([`crate::texts_edit`]), and each field shows the check's problem at its
//! path. The categories' words per language are in the Categories form.

use leptos::prelude::*;

use crate::add_language::AddLanguage;
use crate::card_header::{unless_json, CardHeader};
use crate::counted::counted;
use crate::draft::Problem;
use crate::language_names::language_name;
use crate::texts_edit::{table, without_language, TextsTable};
use crate::texts_grid::TextsGrid;
use crate::toggle::Toggle;

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
    // All the draft's languages side by side, or the one picked.
    let side_by_side = RwSignal::new(false);
    let shown =
        Memo::new(move |_| if side_by_side.get() { words.with(|w| w.languages.clone()) } else { vec![language.get()] });
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
            <CardHeader heading_id="texts-heading" title="Texts and translations" blocked=unless_json(readable)>
                "The banner's words in each language of the site. Leave a field empty to give visitors the banner's "
                "built-in word for that language (or English, where it has none). The categories' titles and "
                "descriptions per language are in the Categories form."
            </CardHeader>
            <fieldset class="plain" disabled=move || !readable.get()>
                <legend class="visually-hidden">"Texts and translations"</legend>
                <Toggle
                    label="Languages shown"
                    choices=[(false, "One language"), (true, "All languages side by side")]
                    picked=side_by_side
                />
                <div class="texts-languages" hidden=move || side_by_side.get()>
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
                <MissingSummary words shown />
                <TextsGrid words shown draft problems status />
                <AddLanguage words draft picked status />
            </fieldset>
            <p role="status" class="status">{move || status.get()}</p>
        </section>
    }
}

/// How many words each language shown is missing, a sentence each.
#[component]
fn MissingSummary(words: Memo<TextsTable>, shown: Memo<Vec<String>>) -> impl IntoView {
    move || {
        let counts = words.with(|w| w.languages.iter().cloned().zip(w.missing_counts()).collect::<Vec<_>>());
        shown
            .get()
            .into_iter()
            .map(|tag| {
                let missing = counts.iter().find(|(l, _)| *l == tag).map_or(0, |(_, n)| *n);
                if missing == 0 {
                    view! { <p class="ok">{format!("No word missing in {}.", language_name(&tag))}</p> }.into_any()
                } else {
                    view! {
                        <p class="missing-summary">
                            {format!(
                                "{} missing in {}: visitors get them in English until you write them.",
                                counted(missing, "word", "words"),
                                language_name(&tag),
                            )}
                        </p>
                    }
                    .into_any()
                }
            })
            .collect_view()
    }
}
