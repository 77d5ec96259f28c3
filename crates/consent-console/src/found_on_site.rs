//! "Found on your site": the trackers auto-blocking held on visitors' pages in the last 30 days that the draft config
//! does not name, each with one click to add it to the draft (the catalog's entry when the catalog knows it, else a
//! service of its own: consent-core's `service_suggestion`). Nothing is published until the product team publishes.

use consent_core::service_suggestion::for_found_tracker;
use consent_core::SiteConfig;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, FoundTracker};
use crate::json_text::with_appended;

/// Whether a service of `config` already covers one of the tracker's hosts.
fn named_by(config: &SiteConfig, tracker: &FoundTracker) -> bool {
    tracker.hosts.iter().any(|host| config.service_for_url(&format!("https://{host}/")).is_some())
}

/// The draft with the service for `tracker` appended to its services; `None` if the draft is not a config.
pub fn draft_with(draft: &str, tracker: &FoundTracker) -> Option<String> {
    let config = SiteConfig::from_json(draft).ok()?;
    let service = for_found_tracker(&config, &tracker.name, &tracker.category, &tracker.hosts);
    with_appended(draft, "services", &serde_json::to_string(&service).ok()?)
}

/// The list, for the site whose draft is `draft`.
#[component]
pub fn FoundOnSite(site: String, draft: RwSignal<String>) -> impl IntoView {
    let found = RwSignal::new(None::<Result<Vec<FoundTracker>, String>>);
    let added = RwSignal::new(None::<String>);
    spawn_local(async move {
        found.set(Some(api::found_trackers(&site).await.map_err(|e| e.to_string())));
    });
    // The trackers the draft does not name yet; all of them while the draft does not read as a config.
    let missing = Memo::new(move |_| {
        let config = draft.with(|text| SiteConfig::from_json(text).ok());
        found.with(|found| match found {
            Some(Ok(trackers)) => {
                trackers.iter().filter(|t| config.as_ref().is_none_or(|c| !named_by(c, t))).cloned().collect()
            }
            _ => Vec::new(),
        })
    });
    let add = move |tracker: FoundTracker| match draft.with_untracked(|text| draft_with(text, &tracker)) {
        Some(text) => {
            draft.set(text);
            added.set(Some(format!("{} added to the draft: publish to apply it.", tracker.name)));
        }
        None => added.set(Some("Fix the config's problems first: a tracker is added to a config that reads.".into())),
    };
    view! {
        <section class="card" aria-labelledby="found-heading">
            <h2 id="found-heading">"Found on your site"</h2>
            <p>"Trackers that visitors' browsers held on your pages in the last 30 days, because no service of the config names them."</p>
            {move || match found.get() {
                None => view! { <p aria-busy="true">"Loading…"</p> }.into_any(),
                Some(Err(why)) => view! { <p class="problem" role="alert">{why}</p> }.into_any(),
                Some(Ok(_)) if missing.with(Vec::is_empty) => {
                    view! { <p class="ok">"Nothing to add: the config names every tracker visitors' pages met."</p> }.into_any()
                }
                Some(Ok(_)) => view! {
                    <table class="found">
                        <thead>
                            <tr>
                                <th scope="col">"Tracker"</th>
                                <th scope="col">"Waited for"</th>
                                <th scope="col">"Hosts"</th>
                                <th scope="col">"Decisions"</th>
                                <th scope="col"><span class="visually-hidden">"Add"</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            {move || missing.get().into_iter().map(|tracker| {
                                let label = format!("Add to config: {}", tracker.name);
                                let category = if tracker.category == "*" { "every category".to_owned() } else { tracker.category.clone() };
                                let counts = format!("{} ({} released)", tracker.decisions, tracker.granted);
                                let shown = tracker.clone();
                                view! {
                                    <tr>
                                        <th scope="row">{shown.name.clone()}</th>
                                        <td>{category}</td>
                                        <td>{shown.hosts.join(", ")}</td>
                                        <td>{counts}</td>
                                        <td>
                                            <button type="button" aria-label=label on:click=move |_| add(tracker.clone())>
                                                "Add to config"
                                            </button>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any(),
            }}
            <p role="status" class="status">{move || added.get()}</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tracker(name: &str, category: &str, hosts: &[&str]) -> FoundTracker {
        let hosts = hosts.iter().map(|h| (*h).to_owned()).collect();
        FoundTracker { name: name.into(), category: category.into(), hosts, decisions: 3, granted: 1 }
    }

    const DEMO: &str = include_str!("../../../demo/consent.json");

    #[test]
    fn adding_a_tracker_makes_the_draft_name_it_and_keeps_it_valid() {
        let demo = SiteConfig::from_json(DEMO).unwrap();
        for found in [tracker("Hotjar", "analytics", &["static.hotjar.com"]), tracker("Acme", "*", &["t.acme.example"])]
        {
            assert!(!named_by(&demo, &found), "{} is not in the demo config", found.name);
            let draft = draft_with(DEMO, &found).expect("the demo config reads");
            let config = SiteConfig::from_json(&draft).expect("still a valid config");
            assert!(named_by(&config, &found), "{} is named once added:\n{draft}", found.name);
            assert_eq!(config.services.len(), demo.services.len() + 1);
        }
    }

    #[test]
    fn a_draft_that_does_not_read_gets_nothing_added() {
        assert_eq!(draft_with("{\"site\": ", &tracker("Hotjar", "analytics", &["static.hotjar.com"])), None);
    }
}
