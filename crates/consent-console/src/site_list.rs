//! The sites this endpoint serves, and adding one.

use consent_core::config::check_site_id;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Session, SiteEntry};
use crate::categories_form::focus_later;
use crate::draft::starter_config;
use crate::origins_editor::parse_origins;
use crate::timestamp::readable;

/// The list, each site one click from its editor, and the form that adds a site.
#[component]
pub fn SiteList(session: Session, open: RwSignal<Option<String>>) -> impl IntoView {
    let sites = RwSignal::new(None::<Result<Vec<SiteEntry>, String>>);
    spawn_local(async move { sites.set(Some(api::sites().await.map_err(|e| e.to_string()))) });
    // Signed in, or back from a site: the keyboard starts at the page's heading, not at the top of the document.
    focus_later("page-heading".into());
    view! {
        <h1 id="page-heading" tabindex="-1">"Sites"</h1>
        {move || match sites.get() {
            None => view! { <p aria-busy="true">"Loading the sites…"</p> }.into_any(),
            Some(Err(why)) => view! { <p class="problem" role="alert">{why}</p> }.into_any(),
            Some(Ok(list)) if list.is_empty() => view! { <p>"No site yet: add the first below."</p> }.into_any(),
            Some(Ok(list)) => view! { <SiteTable list open /> }.into_any(),
        }}
        <AddSite session open />
    }
}

#[component]
fn SiteTable(list: Vec<SiteEntry>, open: RwSignal<Option<String>>) -> impl IntoView {
    let rows = list
        .into_iter()
        .map(|entry| {
            let site = entry.site.clone();
            let origins = if entry.allowed_origins.is_empty() {
                "only its own".to_owned()
            } else {
                entry.allowed_origins.join(", ")
            };
            view! {
                <tr>
                    <th scope="row">
                        <button type="button" class="link" on:click=move |_| open.set(Some(site.clone()))>
                            {entry.site.clone()}
                        </button>
                    </th>
                    <td>{entry.revision}</td>
                    <td>{origins}</td>
                    <td><time datetime=entry.updated_at.clone()>{readable(&entry.updated_at)}</time></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="sites">
            <caption class="visually-hidden">"Sites served by this endpoint"</caption>
            <thead>
                <tr>
                    <th scope="col">"Site"</th>
                    <th scope="col">"Revision"</th>
                    <th scope="col">"Origins allowed to send consents"</th>
                    <th scope="col">"Last changed"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// Adds a site: its id and allowed origins; it starts with a config that passes every check, to be completed in the
/// editor, which opens at once.
#[component]
fn AddSite(session: Session, open: RwSignal<Option<String>>) -> impl IntoView {
    let id = RwSignal::new(String::new());
    let origins = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let session = StoredValue::new(session);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let site = id.get_untracked().trim().to_owned();
        if let Err(reason) = check_site_id(&site) {
            error.set(Some(format!("Site id: {reason}")));
            return;
        }
        let wanted = match parse_origins(&origins.get_untracked()) {
            Ok(list) => list,
            Err(reason) => {
                error.set(Some(reason));
                return;
            }
        };
        error.set(None);
        let session = session.get_value();
        spawn_local(async move {
            let outcome = async {
                api::publish(&session, &site, &starter_config(&site)).await?;
                api::set_origins(&session, &site, &wanted).await
            };
            match outcome.await {
                Ok(()) => open.set(Some(site)),
                Err(why) => error.set(Some(why.to_string())),
            }
        });
    };
    view! {
        <h2>"Add a site"</h2>
        <form class="card narrow" on:submit=submit>
            <label for="new-site-id">"Site id"</label>
            <p class="hint" id="new-site-id-hint">"Lowercase letters, digits and hyphens, as in the endpoint's URLs."</p>
            <input
                id="new-site-id"
                aria-describedby="new-site-id-hint"
                prop:value=move || id.get()
                on:input=move |event| id.set(event_target_value(&event))
            />
            <label for="new-site-origins">"Origins allowed to send consents"</label>
            <p class="hint" id="new-site-origins-hint">"One per line, such as https://shop.example; may be left empty."</p>
            <textarea
                id="new-site-origins"
                rows="3"
                aria-describedby="new-site-origins-hint"
                prop:value=move || origins.get()
                on:input=move |event| origins.set(event_target_value(&event))
            ></textarea>
            <p class="problem" role="alert">{move || error.get()}</p>
            <button type="submit">"Add site"</button>
        </form>
    }
}
