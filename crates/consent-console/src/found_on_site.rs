//! "Found on your site": the trackers auto-blocking held on visitors' pages in the last 30 days, and those a
//! `consent scan` report found (read from the file the team picks), that the draft config does not name, each with
//! one click to add it to the draft (the catalog's entry when the catalog knows it, else a service of its own:
//! consent-core's `service_suggestion`). Nothing is published until the product team publishes.

use consent_core::service_suggestion::for_found_tracker;
use consent_core::SiteConfig;
use leptos::prelude::*;
use leptos::task::spawn_local;

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::api::{self, FoundTracker};
use crate::counted::counted;
use crate::json_text::with_appended;
use crate::scan_report::{pass_title, unlisted, ScannedTracker};

/// A tracker to offer: met by visitors' browsers, found by a scan, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Who runs it.
    pub name: String,
    /// The category it waited for (`*`: every category).
    pub category: String,
    /// The hosts it was met on.
    pub hosts: Vec<String>,
    /// Where and how often it was met, in words.
    pub seen: String,
}

impl From<FoundTracker> for Candidate {
    fn from(found: FoundTracker) -> Self {
        let noun = if found.decisions == 1 { "decision" } else { "decisions" };
        let seen = format!("{} {noun} ({} released)", found.decisions, found.granted);
        Candidate { name: found.name, category: found.category, hosts: found.hosts, seen }
    }
}

impl From<ScannedTracker> for Candidate {
    fn from(scanned: ScannedTracker) -> Self {
        let passes: Vec<&str> = scanned.loaded.iter().map(|pass| pass_title(pass)).collect();
        let seen = format!("the scan: loaded {}", passes.join(", "));
        Candidate { name: scanned.name, category: scanned.category, hosts: scanned.hosts, seen }
    }
}

/// `more` joined to `list`: a tracker already there (same name and category) gains the hosts and the words.
pub fn merged(mut list: Vec<Candidate>, more: Vec<Candidate>) -> Vec<Candidate> {
    for candidate in more {
        match list.iter_mut().find(|c| c.name == candidate.name && c.category == candidate.category) {
            Some(known) => {
                for host in candidate.hosts {
                    if !known.hosts.contains(&host) {
                        known.hosts.push(host);
                    }
                }
                known.seen = format!("{}; {}", known.seen, candidate.seen);
            }
            None => list.push(candidate),
        }
    }
    list
}

/// Whether a service of `config` already covers one of the tracker's hosts.
fn named_by(config: &SiteConfig, tracker: &Candidate) -> bool {
    tracker.hosts.iter().any(|host| config.service_for_url(&format!("https://{host}/")).is_some())
}

/// The draft with the service for `tracker` appended to its services; `None` if the draft is not a config.
pub fn draft_with(draft: &str, tracker: &Candidate) -> Option<String> {
    let config = SiteConfig::from_json(draft).ok()?;
    let service = for_found_tracker(&config, &tracker.name, &tracker.category, &tracker.hosts);
    with_appended(draft, "services", &serde_json::to_string(&service).ok()?)
}

/// Reads the file picked in `input` as text.
async fn picked_text(input: &web_sys::HtmlInputElement) -> Option<String> {
    let file = input.files()?.get(0)?;
    JsFuture::from(file.text()).await.ok()?.as_string()
}

/// The list, for the site whose draft is `draft`.
#[component]
pub fn FoundOnSite(site: String, draft: RwSignal<String>) -> impl IntoView {
    let found = RwSignal::new(None::<Result<Vec<Candidate>, String>>);
    let scanned = RwSignal::new(Vec::<Candidate>::new());
    let status = RwSignal::new(None::<String>);
    spawn_local(async move {
        let answer = api::found_trackers(&site).await.map_err(|e| e.to_string());
        found.set(Some(answer.map(|list| list.into_iter().map(Candidate::from).collect())));
    });
    // The trackers the draft does not name yet; all of them while the draft does not read as a config.
    let missing = Memo::new(move |_| {
        let config = draft.with(|text| SiteConfig::from_json(text).ok());
        let met = found.with(|found| found.as_ref().and_then(|f| f.as_ref().ok()).cloned().unwrap_or_default());
        merged(met, scanned.get())
            .into_iter()
            .filter(|t| config.as_ref().is_none_or(|c| !named_by(c, t)))
            .collect::<Vec<_>>()
    });
    let add = move |tracker: Candidate| match draft.with_untracked(|text| draft_with(text, &tracker)) {
        Some(text) => {
            draft.set(text);
            status.set(Some(format!("{} added to the draft: publish to apply it.", tracker.name)));
        }
        None => status.set(Some("Fix the config's problems first: a tracker is added to a config that reads.".into())),
    };
    let read_report = move |event: leptos::ev::Event| {
        let Some(input) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        spawn_local(async move {
            let Some(text) = picked_text(&input).await else {
                status.set(Some("The file could not be read.".into()));
                return;
            };
            match unlisted(&text) {
                Ok((site, trackers)) => {
                    status.set(Some(format!(
                        "Read the scan of {site}: {} its config did not name.",
                        counted(trackers.len(), "tracker", "trackers")
                    )));
                    scanned.set(trackers.into_iter().map(Candidate::from).collect());
                }
                Err(not_a_report) => status.set(Some(not_a_report.to_string())),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="found-heading">
            <h2 id="found-heading">"Found on your site"</h2>
            <p>
                "Trackers that visitors' browsers held on your pages in the last 30 days, or that a scan found, "
                "because no service of the config names them."
            </p>
            <label for="scan-report">"Add a scan's findings: the report.json of consent scan (read here, not uploaded)"</label>
            <input id="scan-report" type="file" accept=".json,application/json" on:change=read_report />
            {move || match found.get() {
                None => view! { <p aria-busy="true">"Loading…"</p> }.into_any(),
                Some(Err(why)) => view! { <p class="problem" role="alert">{why}</p> }.into_any(),
                Some(Ok(_)) if missing.with(Vec::is_empty) => {
                    view! { <p class="ok">"Nothing to add: the config names every tracker found."</p> }.into_any()
                }
                Some(Ok(_)) => view! {
                    <table class="found">
                        <thead>
                            <tr>
                                <th scope="col">"Tracker"</th>
                                <th scope="col">"Waited for"</th>
                                <th scope="col">"Hosts"</th>
                                <th scope="col">"Met in"</th>
                                <th scope="col"><span class="visually-hidden">"Add"</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            {move || missing.get().into_iter().map(|tracker| {
                                let label = format!("Add to config: {}", tracker.name);
                                let category = if tracker.category == "*" { "every category".to_owned() } else { tracker.category.clone() };
                                let shown = tracker.clone();
                                view! {
                                    <tr>
                                        <th scope="row">{shown.name.clone()}</th>
                                        <td>{category}</td>
                                        <td>{shown.hosts.join(", ")}</td>
                                        <td>{shown.seen.clone()}</td>
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
            <p role="status" class="status">{move || status.get()}</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tracker(name: &str, category: &str, hosts: &[&str]) -> Candidate {
        let hosts = hosts.iter().map(|h| (*h).to_owned()).collect();
        FoundTracker { name: name.into(), category: category.into(), hosts, decisions: 3, granted: 1 }.into()
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

    #[test]
    fn a_tracker_both_met_and_scanned_is_one_row_with_both_hosts_and_both_words() {
        let met = vec![tracker("Hotjar", "analytics", &["static.hotjar.com"])];
        let scanned: Candidate = ScannedTracker {
            name: "Hotjar".into(),
            category: "analytics".into(),
            hosts: vec!["script.hotjar.com".into(), "static.hotjar.com".into()],
            loaded: vec!["before_choice".into()],
        }
        .into();
        let other = tracker("Acme", "*", &["t.acme.example"]);
        let list = merged(met, vec![scanned, other]);
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].hosts, ["static.hotjar.com", "script.hotjar.com"]);
        assert_eq!(list[0].seen, "3 decisions (1 released); the scan: loaded before any choice");
        assert_eq!(list[1].name, "Acme");
    }
}
