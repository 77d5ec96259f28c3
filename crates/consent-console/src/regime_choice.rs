//! The regime that applies where no rule of the Regions form does: four radio buttons, each with one line saying
//! what a visitor under it sees, so the team chooses by effect rather than by the config's word.

use consent_core::regions::Regime;
use leptos::prelude::*;

use crate::category_fieldset::FieldProblem;
use crate::draft::Problem;
use crate::regions_edit::{regime_name, regime_words};

/// The radio group; `chosen` is the draft's default (empty: `opt_in`); a choice runs `on_choose` with its name.
#[component]
pub fn RegimeChoice(
    chosen: Signal<String>,
    on_choose: Callback<String>,
    problems: Memo<Vec<Problem>>,
) -> impl IntoView {
    let current = move || chosen.with(|c| if c.is_empty() { "opt_in".to_owned() } else { c.clone() });
    view! {
        <fieldset class="group regime-choice" aria-describedby="regions-default-problem">
            <legend>"Where no rule applies"</legend>
            {Regime::NAMES
                .into_iter()
                .map(|name| {
                    let id = format!("regions-default-{name}");
                    let words_id = format!("{id}-words");
                    view! {
                        <div class="regime-option">
                            <div class="check">
                                <input
                                    type="radio"
                                    name="regions-default"
                                    id=id.clone()
                                    value=name
                                    aria-describedby=words_id.clone()
                                    prop:checked=move || current() == name
                                    on:change=move |_| on_choose.run(name.to_owned())
                                />
                                <label for=id>{regime_name(name)}</label>
                            </div>
                            <p class="hint" id=words_id>{regime_words(name)}</p>
                        </div>
                    }
                })
                .collect_view()}
            <FieldProblem id="regions-default-problem".into() path="regions.default".into() problems />
        </fieldset>
    }
}
