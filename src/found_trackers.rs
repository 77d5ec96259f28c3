//! "Also found on this page": trackers the site's config does not list but auto-blocking held, so that the visitor
//! sees everything a category they grant releases (who runs it, and the hosts it was met on).

use leptos::prelude::*;

use crate::boot::FoundTracker;

/// The list under `heading`; nothing when there are none.
#[component]
pub fn FoundTrackers(heading: String, trackers: Vec<FoundTracker>) -> impl IntoView {
    (!trackers.is_empty()).then(|| {
        let items = trackers
            .into_iter()
            .map(|tracker| {
                let hosts = format!("({})", tracker.hosts.join(", "));
                let name = tracker.name.clone();
                view! {
                    <li data-consent-found-tracker=tracker.name>
                        {name} " " <span class="cb-muted">{hosts}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="cb-found" data-consent-found="">
                <p class="cb-found-title">{heading}</p>
                <ul class="cb-found-list">{items}</ul>
            </div>
        }
    })
}
