//! One rule of the Regions form: the regions it names, typed as codes separated by commas, its regime, and a button
//! that takes it out; each field with the problems consent-core finds under its path (a bad code is named at
//! `regions.rules[0].regions[1]`, shown at the rule's regions field).

use consent_core::regions::Regime;
use leptos::prelude::*;

use crate::draft::Problem;
use crate::regions_edit::{regime_name, RegionsEdit, RuleFields};
use crate::select_row::SelectRow;

/// The rule at place `at`, shown from `rule`; edits go to `edit`; `on_remove` takes it out.
#[component]
pub fn RegionRuleRow(
    at: usize,
    rule: Signal<RuleFields>,
    edit: Callback<RegionsEdit>,
    on_remove: Callback<usize>,
    problems: Memo<Vec<Problem>>,
) -> impl IntoView {
    let regions_id = format!("region-rule-{at}-regions");
    let problem_id = format!("{regions_id}-problem");
    let path = format!("regions.rules[{at}].regions");
    // Every problem of the regions: the list as a whole (`…regions`) and each code (`…regions[1]`).
    let regions_problems = Memo::new(move |_| {
        problems.with(|list| {
            list.iter()
                .filter(|p| p.path == path || p.path.starts_with(&format!("{path}[")))
                .map(|p| p.reason.clone())
                .collect::<Vec<_>>()
        })
    });
    let label =
        move || rule.with(|r| if r.regions.is_empty() { format!("rule {}", at + 1) } else { r.regions.clone() });
    view! {
        <li class="region-rule">
            <div class="field">
                <label for=regions_id.clone()>{format!("Rule {}: regions", at + 1)}</label>
                <input
                    id=regions_id
                    autocomplete="off"
                    spellcheck="false"
                    placeholder="US-CA, US-CO"
                    aria-describedby=format!("regions-codes-hint {problem_id}")
                    aria-invalid=move || (!regions_problems.with(Vec::is_empty)).to_string()
                    prop:value=move || rule.with(|r| r.regions.clone())
                    // Written when the field is left (or Enter): the codes are read apart at the commas, and writing
                    // them back as the team types would eat a comma just typed.
                    on:change=move |event| edit.run(RegionsEdit::Regions(at, event_target_value(&event)))
                />
                <ul id=problem_id class="problem field-problem">
                    {move || regions_problems.get().into_iter().map(|reason| view! { <li>{reason}</li> }).collect_view()}
                </ul>
            </div>
            <SelectRow
                id=format!("region-rule-{at}-regime")
                label=format!("Rule {}: regime", at + 1)
                path=format!("regions.rules[{at}].regime")
                problems
                options=Regime::NAMES.map(|name| (name.to_owned(), regime_name(name).to_owned())).to_vec()
                chosen=Signal::derive(move || rule.with(|r| r.regime.clone()))
                on_input=Callback::new(move |name| edit.run(RegionsEdit::Regime(at, name)))
            />
            <button type="button" class="quiet" id=format!("region-rule-{at}-remove") on:click=move |_| on_remove.run(at)>
                "Remove"<span class="visually-hidden">" "{label}</span>
            </button>
        </li>
    }
}
