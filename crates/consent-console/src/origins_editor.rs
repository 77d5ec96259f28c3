//! The origins allowed to send a site's consents cross-origin, one a line.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Session};

/// The origins written one a line (blank lines skipped); the endpoint checks each one and names a bad one.
pub fn parse_origins(text: &str) -> Result<Vec<String>, String> {
    let origins: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| line.trim_end_matches('/').to_owned())
        .collect();
    match origins.iter().find(|origin| !origin.starts_with("https://") && !origin.starts_with("http://")) {
        Some(bad) => Err(format!("Origins: '{bad}' is not an origin such as https://shop.example")),
        None => Ok(origins),
    }
}

/// The editor of a site's origins.
#[component]
pub fn OriginsEditor(session: Session, site: String, current: Vec<String>) -> impl IntoView {
    let text = RwSignal::new(current.join("\n"));
    let status = RwSignal::new(None::<String>);
    let session = StoredValue::new(session);
    let site = StoredValue::new(site);
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let origins = match parse_origins(&text.get_untracked()) {
            Ok(list) => list,
            Err(reason) => {
                status.set(Some(reason));
                return;
            }
        };
        let (session, site) = (session.get_value(), site.get_value());
        spawn_local(async move {
            status.set(Some(match api::set_origins(&session, &site, &origins).await {
                Ok(()) => "Saved: these origins may send consents now.".into(),
                Err(why) => why.to_string(),
            }));
        });
    };
    view! {
        <form class="card" on:submit=save>
            <h2>"Origins"</h2>
            <label for="site-origins">"Origins allowed to send consents (one per line)"</label>
            <textarea
                id="site-origins"
                rows="3"
                prop:value=move || text.get()
                on:input=move |event| text.set(event_target_value(&event))
            ></textarea>
            <p role="status">{move || status.get()}</p>
            <button type="submit">"Save origins"</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::parse_origins;

    #[test]
    fn origins_are_read_one_a_line_and_a_bad_one_is_named() {
        assert_eq!(
            parse_origins(" https://a.example/\n\nhttp://localhost:3000\n").unwrap(),
            ["https://a.example", "http://localhost:3000"]
        );
        assert!(parse_origins("shop.example").unwrap_err().contains("'shop.example'"));
        assert!(parse_origins("").unwrap().is_empty());
    }
}
