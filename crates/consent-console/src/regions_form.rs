//! The Regions form: whether the site has regional rules, the regime where no rule applies, the rules (regions and
//! regime each), and the words of the opt-out link and the notice. It edits the same `draft` as the JSON editor
//! ([`crate::regions_edit`]); each field shows the problem at its path. It says whether the endpoint reads the
//! visitor's region from a trusted header, without which every visitor gets the strictest regime the config names.

use leptos::prelude::*;

use crate::card_header::{unless_json, CardHeader};
use crate::categories_form::focus_later;
use crate::draft::Problem;
use crate::field_row::FieldRow;
use crate::gvl_api::EndpointSetup;
use crate::regime_choice::RegimeChoice;
use crate::region_rule_row::RegionRuleRow;
use crate::regions_edit::{apply, read, RegionText, RegionsEdit, RegionsFields};

/// The form, editing `draft`; `problems` are the draft's and the endpoint's; `setup` is what the endpoint was
/// started with, once known.
#[component]
pub fn RegionsForm(
    draft: RwSignal<String>,
    problems: Memo<Vec<Problem>>,
    setup: RwSignal<Option<EndpointSetup>>,
) -> impl IntoView {
    let readable = Memo::new(move |_| draft.with(|text| read(text).is_some()));
    let fields = Memo::new(move |previous: Option<&RegionsFields>| {
        draft.with(|text| read(text)).or_else(|| previous.cloned()).unwrap_or_default()
    });
    let edit = Callback::new(move |edit: RegionsEdit| {
        if let Some(text) = draft.with_untracked(|text| apply(text, &edit)) {
            draft.set(text);
        }
    });
    let on = Memo::new(move |_| fields.with(|f| f.on));
    let count = Memo::new(move |_| fields.with(|f| f.rules.len()));
    let add_rule = move |_| {
        edit.run(RegionsEdit::AddRule);
        focus_later(format!("region-rule-{}-regions", count.get_untracked().saturating_sub(1)));
    };
    let remove = Callback::new(move |at: usize| {
        edit.run(RegionsEdit::RemoveRule(at));
        let left = count.get_untracked();
        focus_later(if left == 0 {
            "regions-add-rule".into()
        } else {
            format!("region-rule-{}-remove", at.min(left - 1))
        });
    });
    let text = move |which: RegionText| {
        Signal::derive(move || {
            fields.with(|f| match which {
                RegionText::DoNotSell => f.do_not_sell.clone(),
                RegionText::Notice => f.notice.clone(),
                RegionText::Ok => f.ok.clone(),
            })
        })
    };

    view! {
        <section class="card regions" aria-labelledby="regions-heading">
            <CardHeader heading_id="regions-heading" title="Regions" blocked=unless_json(readable)>
                "Which privacy regime applies where: opt-in, opt-out, notice only or none, by the visitor's country "
                "or state. Without regional rules the site is opt-in everywhere."
            </CardHeader>
            <RegionHeaderNote setup />
            <fieldset class="plain" disabled=move || !readable.get()>
                <legend class="visually-hidden">"Regions"</legend>
                <div class="check">
                    <input
                        id="regions-on"
                        type="checkbox"
                        prop:checked=move || on.get()
                        on:change=move |event| {
                            edit.run(if event_target_checked(&event) { RegionsEdit::TurnOn } else { RegionsEdit::TurnOff })
                        }
                    />
                    <label for="regions-on">"Use regional rules on this site"</label>
                </div>
                <Show when=move || on.get()>
                    <RegimeChoice
                        chosen=Signal::derive(move || fields.with(|f| f.default.clone()))
                        on_choose=Callback::new(move |name| edit.run(RegionsEdit::Default(name)))
                        problems
                    />
                    <fieldset class="group">
                        <legend>"Rules"</legend>
                        <p class="hint" id="regions-codes-hint">
                            "Countries as ISO 3166-1 codes (DE, BR, US) and states or provinces as ISO 3166-2 codes "
                            "(US-CA, CA-QC), or EU and EEA for their member states, separated by commas (the United "
                            "Kingdom is GB). A state's rule wins over its country's, and a country's over its group's, "
                            "whatever their order, so the order does not matter; a region may be named once. Where "
                            "the region is unknown, the strictest regime named applies."
                        </p>
                        <ol class="region-rules">
                            {move || {
                                (0..count.get())
                                    .map(|at| {
                                        let rule = Signal::derive(move || {
                                            fields.with(|f| f.rules.get(at).cloned().unwrap_or_default())
                                        });
                                        view! { <RegionRuleRow at rule edit on_remove=remove problems /> }
                                    })
                                    .collect_view()
                            }}
                        </ol>
                        <button type="button" id="regions-add-rule" on:click=add_rule>"Add a rule"</button>
                    </fieldset>
                    <fieldset class="group">
                        <legend>"Words"</legend>
                        <p class="hint">
                            "In the config's language; left empty, the English default. Translations of these words "
                            "are not in the config yet."
                        </p>
                        <FieldRow
                            id="regions-do-not-sell".into()
                            label="Opt-out link (default \"Do Not Sell or Share My Personal Information\")".into()
                            path="regions.texts.do_not_sell".into()
                            problems
                            value=text(RegionText::DoNotSell)
                            on_input=Callback::new(move |words| edit.run(RegionsEdit::Text(RegionText::DoNotSell, words)))
                        />
                        <FieldRow
                            id="regions-notice".into()
                            label="Notice (notice-only regime)".into()
                            path="regions.texts.notice".into()
                            problems
                            multiline=true
                            value=text(RegionText::Notice)
                            on_input=Callback::new(move |words| edit.run(RegionsEdit::Text(RegionText::Notice, words)))
                        />
                        <FieldRow
                            id="regions-ok".into()
                            label="Button that closes the notice (default \"OK\")".into()
                            path="regions.texts.ok".into()
                            problems
                            value=text(RegionText::Ok)
                            on_input=Callback::new(move |words| edit.run(RegionsEdit::Text(RegionText::Ok, words)))
                        />
                    </fieldset>
                </Show>
            </fieldset>
        </section>
    }
}

/// Whether the endpoint reads the visitor's region from a trusted header.
#[component]
fn RegionHeaderNote(setup: RwSignal<Option<EndpointSetup>>) -> impl IntoView {
    move || {
        setup.get().map(|setup| match setup.region_header {
            Some(header) => {
                let also = setup.subdivision_header.map(|s| format!(" and the state from {s}")).unwrap_or_default();
                view! {
                    <p class="ok" id="regions-header-note">
                        {format!("This endpoint reads the visitor's country from the {header} header{also}, set by your CDN or load balancer.")}
                    </p>
                }
                .into_any()
            }
            None => view! {
                <p class="problem" id="regions-header-note">
                    "This endpoint reads no region header: every visitor is of unknown region and gets the strictest "
                    "regime the rules name. Start it with "<code>"consent serve --region-header CF-IPCountry"</code>
                    " (the header your CDN or load balancer sets; "<code>"--subdivision-header"</code>
                    " for a state sent apart)."
                </p>
            }
            .into_any(),
        })
    }
}
