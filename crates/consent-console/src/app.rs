//! The console as a whole: signed in or not, and which site is open.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Session};
use crate::sign_in::SignIn;
use crate::site_list::SiteList;
use crate::site_page::SitePage;

/// The page: the sign-in form until a session exists (the cookie of an earlier sign-in counts), then the sites.
#[component]
pub fn App() -> impl IntoView {
    let session = RwSignal::new(None::<Session>);
    let checked = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    spawn_local(async move {
        match api::current_session().await {
            Ok(found) => session.set(found),
            Err(error) => problem.set(Some(error.to_string())),
        }
        checked.set(true);
    });
    let sign_out = move |_| {
        let Some(current) = session.get_untracked() else { return };
        spawn_local(async move {
            // Signed out here whatever the endpoint says: the cookie may already be gone.
            let _ = api::sign_out(&current).await;
            session.set(None);
        });
    };
    view! {
        <header class="console-head">
            <p class="console-name">"consent-banner console"</p>
            <Show when=move || session.with(Option::is_some)>
                <button type="button" class="quiet" on:click=sign_out>"Sign out"</button>
            </Show>
        </header>
        <main id="main">
            {move || problem.get().map(|text| view! { <p class="problem" role="alert">{text}</p> })}
            {move || match (checked.get(), session.get()) {
                (false, _) => view! { <p aria-busy="true">"Loading…"</p> }.into_any(),
                (true, None) => view! { <SignIn session /> }.into_any(),
                (true, Some(current)) => view! { <Workspace session=current /> }.into_any(),
            }}
        </main>
    }
}

/// The signed-in console: the site list, or one site.
#[component]
fn Workspace(session: Session) -> impl IntoView {
    let open = RwSignal::new(None::<String>);
    let session = StoredValue::new(session);
    view! {
        {move || match open.get() {
            None => view! { <SiteList session=session.get_value() open /> }.into_any(),
            Some(site) => view! {
                <nav aria-label="Breadcrumb">
                    <button type="button" class="quiet" on:click=move |_| open.set(None)>"← All sites"</button>
                </nav>
                <SitePage session=session.get_value() site />
            }
            .into_any(),
        }}
    }
}
