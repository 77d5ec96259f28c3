//! The search that adds vendors to a TCF site: the endpoint's Global Vendor List by words of a vendor's name or its
//! id (`GET /v1/admin/gvl/vendors?q=`), the vendors the draft lists already left out, each result with what it asks
//! for and a button that adds it. Names are IAB's data, shown as text.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::categories_form::focus_later;
use crate::counted::counted;
use crate::gvl_api::{self, GvlVendor};

/// The search; `on_add` adds a vendor; `has_list` is whether the endpoint has a list to search.
#[component]
pub fn VendorPicker(chosen: Memo<Vec<u64>>, on_add: Callback<GvlVendor>, has_list: Signal<bool>) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let found = RwSignal::new(Vec::<GvlVendor>::new());
    let problem = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let asked = query.get();
        if asked.trim().is_empty() || !has_list.get() {
            found.set(Vec::new());
            return;
        }
        spawn_local(async move {
            let answer = gvl_api::search_vendors(&asked).await;
            // An answer to words the team has since changed is dropped, not shown under the new ones.
            if query.get_untracked() != asked {
                return;
            }
            match answer {
                Ok(vendors) => {
                    problem.set(None);
                    found.set(vendors);
                }
                Err(why) => problem.set(Some(why.to_string())),
            }
        });
    });
    let shown = Memo::new(move |_| {
        chosen.with(|chosen| {
            found.with(|found| found.iter().filter(|v| !chosen.contains(&v.id)).cloned().collect::<Vec<_>>())
        })
    });
    let add = move |vendor: GvlVendor| {
        on_add.run(vendor);
        // The result leaves the list once added: the keyboard goes back to the search for the next one.
        focus_later("tcf-vendor-search".into());
    };

    view! {
        <div class="vendor-search">
            <label for="tcf-vendor-search">"Add a vendor: search the Global Vendor List"</label>
            <p class="hint" id="tcf-vendor-search-hint">"By words of its name, or its id. Deleted vendors cannot be added."</p>
            <input
                id="tcf-vendor-search"
                type="search"
                autocomplete="off"
                aria-describedby="tcf-vendor-search-hint"
                disabled=move || !has_list.get()
                prop:value=move || query.get()
                on:input=move |event| query.set(event_target_value(&event))
            />
            <p class="problem">{move || problem.get()}</p>
            <p role="status" class="hint">
                {move || {
                    (!query.with(|q| q.trim().is_empty())).then(|| {
                        format!("{} found.", counted(shown.with(Vec::len), "vendor", "vendors"))
                    })
                }}
            </p>
            <ul class="catalog-results vendor-results">
                {move || {
                    shown
                        .get()
                        .into_iter()
                        .map(|vendor| {
                            let detail = detail(&vendor);
                            let (id, name) = (vendor.id, vendor.name.clone());
                            view! {
                                <li>
                                    <span class="vendor-name">{name.clone()}</span>
                                    <span class="hint">{format!(" (id {id}; {detail})")}</span>
                                    " "
                                    <button
                                        type="button"
                                        class="quiet"
                                        id=format!("tcf-vendor-add-{id}")
                                        on:click=move |_| add(vendor.clone())
                                    >
                                        "Add"<span class="visually-hidden">" "{name}</span>
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}

/// What a vendor asks for, in a few words.
fn detail(vendor: &GvlVendor) -> String {
    let list = |ids: &[u8]| ids.iter().map(u8::to_string).collect::<Vec<_>>().join(", ");
    let mut parts = vec![if vendor.purposes.is_empty() {
        "no consent purposes".to_owned()
    } else {
        format!("consent for purposes {}", list(&vendor.purposes))
    }];
    if !vendor.leg_int_purposes.is_empty() {
        parts.push(format!("legitimate interest for {}", list(&vendor.leg_int_purposes)));
    }
    if !vendor.special_features.is_empty() {
        parts.push(format!("special features {}", list(&vendor.special_features)));
    }
    parts.join("; ")
}
