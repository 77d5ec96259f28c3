//! One site's page: its name, and the two things a product team does with it — edit its config (with the history,
//! the origins and the embed snippet), or read its dashboard — one button apart, the current one marked for
//! assistive technology.

use leptos::prelude::*;

use crate::api::Session;
use crate::categories_form::focus_later;
use crate::dashboard::Dashboard;
use crate::site_editor::SiteEditor;

/// Which part of the site's page is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Config,
    Dashboard,
}

/// The site's page, opening on its config.
#[component]
pub fn SitePage(session: Session, site: String) -> impl IntoView {
    let part = RwSignal::new(Part::Config);
    let session = StoredValue::new(session);
    let site = StoredValue::new(site);
    let tab = move |which: Part, label: &'static str| {
        view! {
            <button
                type="button"
                class="quiet"
                aria-current=move || (part.get() == which).then_some("page")
                on:click=move |_| part.set(which)
            >
                {label}
            </button>
        }
    };
    // A site opened (or just added): the keyboard starts at its heading, just before its parts.
    focus_later("page-heading".into());
    view! {
        <h1 id="page-heading" tabindex="-1">{site.get_value()}</h1>
        <nav class="site-parts" aria-label="Site">
            {tab(Part::Config, "Config and history")}
            {tab(Part::Dashboard, "Dashboard")}
        </nav>
        {move || match part.get() {
            Part::Config => view! { <SiteEditor session=session.get_value() site=site.get_value() /> }.into_any(),
            Part::Dashboard => view! { <Dashboard site=site.get_value() /> }.into_any(),
        }}
    }
}
