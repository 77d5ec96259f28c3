//! Signing in with the endpoint's admin token, which is exchanged for a session at once and never kept by the page.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Session};
use crate::categories_form::focus_later;

/// The sign-in form.
#[component]
pub fn SignIn(session: RwSignal<Option<Session>>) -> impl IntoView {
    let token = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let presented = token.get_untracked();
        if presented.trim().is_empty() {
            error.set(Some("Enter the admin token the endpoint was started with.".into()));
            return;
        }
        busy.set(true);
        spawn_local(async move {
            match api::sign_in(presented.trim()).await {
                Ok(started) => {
                    token.set(String::new());
                    session.set(Some(started));
                }
                Err(why) => error.set(Some(why.to_string())),
            }
            busy.set(false);
        });
    };
    // On opening the console, and after signing out, the token field is ready to type in.
    focus_later("admin-token".into());
    view! {
        <h1>"Sign in"</h1>
        <form class="card narrow" on:submit=submit>
            <label for="admin-token">"Admin token"</label>
            <p class="hint" id="admin-token-hint">
                "The token given to consent serve with --admin-token or CONSENT_ADMIN_TOKEN."
            </p>
            <input
                id="admin-token"
                type="password"
                autocomplete="current-password"
                aria-describedby="admin-token-hint admin-token-error"
                aria-invalid=move || error.with(Option::is_some).to_string()
                prop:value=move || token.get()
                on:input=move |event| token.set(event_target_value(&event))
            />
            <p id="admin-token-error" class="problem" role="alert">{move || error.get()}</p>
            <button type="submit" disabled=move || busy.get()>"Sign in"</button>
        </form>
    }
}
