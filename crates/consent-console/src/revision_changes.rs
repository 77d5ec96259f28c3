//! What one revision of the history changed against the one before it, fetched when the product team asks (a site's
//! history can be long, and each revision is a whole config): the fields, each with its value before and after, as
//! the Publish card shows a draft's changes.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::draft::{changes, Change};

/// A button that shows (and hides) what the revision `revision`, stored as `sha`, changed against `previous` (the
/// config before it, `None` for the first).
#[component]
pub fn RevisionChanges(site: String, revision: i64, sha: String, previous: Option<String>) -> impl IntoView {
    let open = RwSignal::new(false);
    let found = RwSignal::new(None::<Result<Vec<Change>, String>>);
    let (site, sha, previous) = (StoredValue::new(site), StoredValue::new(sha), StoredValue::new(previous));
    let list_id = format!("revision-{revision}-changes");
    let toggle = move |_| {
        open.update(|open| *open = !*open);
        if !open.get_untracked() || found.with_untracked(Option::is_some) {
            return;
        }
        spawn_local(async move {
            let site = site.get_value();
            let new = api::published(&site, &sha.get_value()).await;
            let old = match previous.get_value() {
                Some(previous) => api::published(&site, &previous).await.map(Some),
                None => Ok(None),
            };
            found.set(Some(match (old, new) {
                (Ok(old), Ok(new)) => Ok(old.map(|old| changes(&old, &new)).unwrap_or_default()),
                (Err(why), _) | (_, Err(why)) => Err(why.to_string()),
            }));
        });
    };
    let first = previous.with_value(Option::is_none);
    view! {
        <button
            type="button"
            class="link"
            aria-expanded=move || open.get().to_string()
            aria-controls=list_id.clone()
            on:click=toggle
        >
            {move || if open.get() { "Hide what changed" } else { "What changed" }}
        </button>
        <div id=list_id hidden=move || !open.get()>
            {move || match found.get() {
                _ if first => view! { <p>"The first revision: everything."</p> }.into_any(),
                None => view! { <p aria-busy="true">"Loading…"</p> }.into_any(),
                Some(Err(why)) => view! { <p class="problem">{why}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p>"Nothing: the same config again."</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="revision-changes">
                        {list
                            .into_iter()
                            .map(|change| {
                                view! {
                                    <li>
                                        <code>{change.path}</code>": "
                                        <code>{change.before.unwrap_or_else(|| "(added)".into())}</code>" → "
                                        <code>{change.after.unwrap_or_else(|| "(removed)".into())}</code>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any(),
            }}
        </div>
    }
}
