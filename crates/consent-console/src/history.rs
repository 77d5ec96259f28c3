//! Every config a site has published, newest first, with when and (on request) what it changed, each one click from
//! being published again (a rollback is a new revision, so the history only grows and every record still names the
//! config it was made under).

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, PublishedConfig};
use crate::revision_changes::RevisionChanges;
use crate::timestamp::readable;

/// The history of the site's configs.
#[component]
pub fn History(
    site: String,
    published: RwSignal<u32>,
    live_revision: Memo<i64>,
    roll_back: Callback<String>,
) -> impl IntoView {
    let revisions = RwSignal::new(None::<Result<Vec<PublishedConfig>, String>>);
    let site = StoredValue::new(site);
    Effect::new(move |_| {
        published.track();
        spawn_local(async move {
            revisions.set(Some(api::history(&site.get_value()).await.map_err(|e| e.to_string())));
        });
    });
    let restore = move |sha: String| {
        spawn_local(async move {
            if let Ok(text) = api::published(&site.get_value(), &sha).await {
                roll_back.run(text);
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="history-heading">
            <h2 id="history-heading">"History"</h2>
            {move || match revisions.get() {
                None => view! { <p aria-busy="true">"Loading the history…"</p> }.into_any(),
                Some(Err(why)) => view! { <p class="problem">{why}</p> }.into_any(),
                Some(Ok(list)) => {
                    // Newest first: the config before each is the next entry's.
                    let previous: Vec<Option<String>> =
                        (0..list.len()).map(|at| list.get(at + 1).map(|e| e.config_sha256.clone())).collect();
                    let rows = list
                        .into_iter()
                        .zip(previous)
                        .map(|(entry, previous)| {
                            let live = entry.revision == live_revision.get();
                            let sha = entry.config_sha256.clone();
                            let label = format!("Roll back to revision {}", entry.revision);
                            view! {
                                <tr>
                                    <th scope="row">{entry.revision}</th>
                                    <td><time datetime=entry.published_at.clone()>{readable(&entry.published_at)}</time></td>
                                    <td><code title=entry.config_sha256.clone()>{entry.config_sha256[..12.min(entry.config_sha256.len())].to_owned()}</code></td>
                                    <td>
                                        <RevisionChanges
                                            site=site.get_value()
                                            revision=entry.revision
                                            sha=entry.config_sha256.clone()
                                            previous
                                        />
                                    </td>
                                    <td>
                                        {if live {
                                            view! { <span>"Live"</span> }.into_any()
                                        } else {
                                            view! {
                                                <button type="button" class="quiet" on:click=move |_| restore(sha.clone())>
                                                    {label}
                                                </button>
                                            }
                                            .into_any()
                                        }}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view();
                    view! {
                        <table class="history">
                            <caption class="visually-hidden">"Published configs, newest first"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Revision"</th>
                                    <th scope="col">"Published"</th>
                                    <th scope="col">"SHA-256"</th>
                                    <th scope="col">"Changes"</th>
                                    <th scope="col"><span class="visually-hidden">"Action"</span></th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}
