//! The vendors of the IAB TCF form: the ones the draft lists, by name as the endpoint's Global Vendor List gives it,
//! each with a remove button and the problem at its place (`tcf.vendors[2]`: not in the list, or deleted from it);
//! the search that adds more ([`crate::vendor_picker`]); and what the choice makes the site disclose
//! ([`crate::tcf_summary`]). Vendor names are IAB's data: they are only ever shown as text.

use std::collections::{BTreeMap, BTreeSet};

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::categories_form::focus_later;
use crate::category_fieldset::FieldProblem;
use crate::counted::counted;
use crate::draft::Problem;
use crate::gvl_api::{self, EndpointSetup, GvlVendor};
use crate::tcf_edit::{TcfEdit, TcfFields};
use crate::tcf_summary::TcfSummary;
use crate::vendor_picker::VendorPicker;

/// The vendors part of the form.
#[component]
pub fn TcfVendors(
    fields: Memo<TcfFields>,
    edit: Callback<TcfEdit>,
    problems: Memo<Vec<Problem>>,
    setup: RwSignal<Option<EndpointSetup>>,
) -> impl IntoView {
    let ids = Memo::new(move |_| fields.with(|f| f.vendors.clone()));
    let language =
        Memo::new(move |_| fields.with(|f| if f.language.is_empty() { "en".to_owned() } else { f.language.clone() }));
    let has_list = Signal::derive(move || setup.with(|s| s.as_ref().is_some_and(|s| s.gvl.is_some())));
    // The chosen vendors the list has, by id; and the ids already asked about (an id asked about and not known is
    // not in the list).
    let known = RwSignal::new(BTreeMap::<u64, GvlVendor>::new());
    let asked = RwSignal::new(BTreeSet::<u64>::new());
    Effect::new(move |_| {
        if !has_list.get() {
            return;
        }
        let missing: Vec<u64> =
            ids.with(|ids| asked.with_untracked(|a| ids.iter().filter(|id| !a.contains(id)).copied().collect()));
        if missing.is_empty() {
            return;
        }
        spawn_local(async move {
            if let Ok(found) = gvl_api::vendors_by_id(&missing).await {
                known.update(|known| known.extend(found.into_iter().map(|vendor| (vendor.id, vendor))));
                asked.update(|asked| asked.extend(missing));
            }
        });
    });
    let add = Callback::new(move |vendor: GvlVendor| {
        let id = vendor.id;
        known.update(|known| {
            known.insert(id, vendor);
        });
        asked.update(|asked| {
            asked.insert(id);
        });
        edit.run(TcfEdit::AddVendor(id));
    });
    let remove = move |at: usize, id: u64| {
        edit.run(TcfEdit::RemoveVendor(id));
        // The focus stays in the list: on the vendor that took this one's place, else the search.
        let left = ids.with_untracked(Vec::len);
        focus_later(if left == 0 {
            "tcf-vendor-search".into()
        } else {
            format!("tcf-vendor-{}-remove", at.min(left - 1))
        });
    };

    view! {
        <fieldset class="group tcf-vendors">
            <legend>"Vendors"</legend>
            <p class="hint">
                {move || format!("{} chosen. ", counted(ids.with(Vec::len), "vendor", "vendors"))}
                "The first layer names how many vendors the site works with; the vendor layer lists each one."
            </p>
            <ul class="chosen-vendors">
                {move || {
                    ids.get()
                        .into_iter()
                        .enumerate()
                        .map(|(at, id)| {
                            let vendor = move || known.with(|k| k.get(&id).cloned());
                            let name = Signal::derive(move || {
                                vendor().map_or_else(|| format!("Vendor {id}"), |v| v.name)
                            });
                            let status = move || match vendor() {
                                Some(v) if v.deleted => Some("deleted from the Global Vendor List"),
                                None if asked.with(|a| a.contains(&id)) => Some("not in this endpoint's Global Vendor List"),
                                _ => None,
                            };
                            view! {
                                <li>
                                    <span class="vendor-name">{name}</span>
                                    <span class="hint">{format!(" (id {id})")}</span>
                                    {move || status().map(|s| view! { <span class="problem">{format!(": {s}")}</span> })}
                                    " "
                                    <button
                                        type="button"
                                        class="quiet"
                                        id=format!("tcf-vendor-{at}-remove")
                                        aria-describedby=format!("tcf-vendor-{at}-problem")
                                        on:click=move |_| remove(at, id)
                                    >
                                        "Remove"<span class="visually-hidden">" "{name}</span>
                                    </button>
                                    <FieldProblem
                                        id=format!("tcf-vendor-{at}-problem")
                                        path=format!("tcf.vendors[{at}]")
                                        problems
                                    />
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <FieldProblem id="tcf-vendors-problem".into() path="tcf.vendors".into() problems />
            <VendorPicker chosen=ids on_add=add has_list />
            <TcfSummary ids language has_list />
        </fieldset>
    }
}
