//! The IAB TCF form: whether the site uses the Transparency & Consent Framework, its CMP id and version, the
//! publisher's country, its vendors (chosen by name from the endpoint's Global Vendor List, see
//! [`crate::tcf_vendors`]) and the publisher's restrictions ([`crate::tcf_restrictions`]). Like the other forms it
//! edits the same `draft` as the JSON editor ([`crate::tcf_edit`]), and each field shows the problem at its path:
//! consent-core's as the team types, the endpoint's after a refused publish (a vendor the list lacks, or a server
//! without a list).

use leptos::prelude::*;

use crate::card_header::{unless_json, CardHeader};
use crate::category_fieldset::{has_problem, FieldProblem};
use crate::draft::Problem;
use crate::field_row::FieldRow;
use crate::gvl_api::EndpointSetup;
use crate::tcf_edit::{apply, read, TcfEdit, TcfFields};
use crate::tcf_restrictions::TcfRestrictions;
use crate::tcf_vendors::TcfVendors;

/// The form, editing `draft`; `problems` are the draft's and the endpoint's; `setup` is what the endpoint was
/// started with, once known.
#[component]
pub fn TcfForm(
    draft: RwSignal<String>,
    problems: Memo<Vec<Problem>>,
    setup: RwSignal<Option<EndpointSetup>>,
) -> impl IntoView {
    let readable = Memo::new(move |_| draft.with(|text| read(text).is_some()));
    // While the draft does not read, the last section that did stays on screen (disabled), as in the other forms.
    let fields = Memo::new(move |previous: Option<&TcfFields>| {
        draft.with(|text| read(text)).or_else(|| previous.cloned()).unwrap_or_default()
    });
    let edit = Callback::new(move |edit: TcfEdit| {
        if let Some(text) = draft.with_untracked(|text| apply(text, &edit)) {
            draft.set(text);
        }
    });
    let on = Memo::new(move |_| fields.with(|f| f.on));
    let field = move |read: fn(&TcfFields) -> String| Signal::derive(move || fields.with(read));

    view! {
        <section class="card tcf" aria-labelledby="tcf-heading">
            <CardHeader heading_id="tcf-heading" title="IAB TCF" blocked=unless_json(readable)>
                "The IAB Transparency & Consent Framework 2.3, for ad-funded sites whose vendors read a TC string "
                "(Google serves personalised ads in the EEA, the UK and Switzerland only through it). Visitors under "
                "the opt-in regime see the vendors, purposes and stacks, and their choice is written as a TC string."
            </CardHeader>
            <ListNote setup />
            <fieldset class="plain" disabled=move || !readable.get()>
                <legend class="visually-hidden">"IAB TCF"</legend>
                <div class="check">
                    <input
                        id="tcf-on"
                        type="checkbox"
                        aria-describedby="tcf-on-problem"
                        aria-invalid=move || has_problem(problems, "tcf").to_string()
                        prop:checked=move || on.get()
                        on:change=move |event| {
                            edit.run(if event_target_checked(&event) { TcfEdit::TurnOn } else { TcfEdit::TurnOff })
                        }
                    />
                    <label for="tcf-on">"Use IAB TCF on this site"</label>
                </div>
                <FieldProblem id="tcf-on-problem".into() path="tcf".into() problems />
                <Show when=move || on.get()>
                    <fieldset class="group">
                        <legend>"CMP registration"</legend>
                        <FieldRow
                            id="tcf-cmp-id".into()
                            label="CMP id".into()
                            path="tcf.cmp_id".into()
                            problems
                            hint="tcf-cmp-id-hint".to_owned()
                            value=field(|f| f.cmp_id.clone())
                            on_input=Callback::new(move |typed| edit.run(TcfEdit::CmpId(typed)))
                        />
                        <p class="hint" id="tcf-cmp-id-hint">
                            "The CMP id is assigned by IAB Europe when this deployment is registered as a CMP "
                            "(iabeurope.eu, TCF registration): 2 to 4095. Until then the site cannot use TCF."
                        </p>
                        <FieldRow
                            id="tcf-cmp-version".into()
                            label="CMP version".into()
                            path="tcf.cmp_version".into()
                            problems
                            hint="tcf-cmp-version-hint".to_owned()
                            value=field(|f| f.cmp_version.clone())
                            on_input=Callback::new(move |typed| edit.run(TcfEdit::CmpVersion(typed)))
                        />
                        <p class="hint" id="tcf-cmp-version-hint">
                            "Your own number for this banner's TCF texts and behaviour (0 to 4095): raise it when they change."
                        </p>
                        <FieldRow
                            id="tcf-publisher-cc".into()
                            label="Publisher country".into()
                            path="tcf.publisher_cc".into()
                            problems
                            hint="tcf-publisher-cc-hint".to_owned()
                            value=field(|f| f.publisher_cc.clone())
                            on_input=Callback::new(move |typed| edit.run(TcfEdit::PublisherCc(typed)))
                        />
                        <p class="hint" id="tcf-publisher-cc-hint">
                            "Two letters: the country whose law the site is under (FR). Left empty: AA, unknown."
                        </p>
                    </fieldset>
                    <TcfVendors fields edit problems setup />
                    <TcfRestrictions fields edit problems />
                </Show>
            </fieldset>
        </section>
    }
}

/// Whether the endpoint has a Global Vendor List, which a TCF site needs.
#[component]
fn ListNote(setup: RwSignal<Option<EndpointSetup>>) -> impl IntoView {
    move || {
        setup.get().map(|setup| match setup.gvl {
            Some(gvl) => view! {
                <p class="ok" id="tcf-list-note">
                    {format!(
                        "This endpoint has the Global Vendor List version {} ({} vendors, updated {}).",
                        gvl.vendor_list_version, gvl.vendor_count, gvl.last_updated
                    )}
                </p>
            }
            .into_any(),
            None => view! {
                <p class="problem" id="tcf-list-note">
                    "This endpoint has no Global Vendor List: it refuses a config with TCF on. Start it with "
                    <code>"consent serve --gvl FILE"</code>" (" <code>"consent gvl update --out FILE"</code>
                    " downloads the list)."
                </p>
            }
            .into_any(),
        })
    }
}
