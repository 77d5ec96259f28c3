//! The script tag a site adds first thing in its `<head>`, with this endpoint's address, ready to copy.

use leptos::prelude::*;

/// The snippet for `site`, as the README's "Adding the banner to a site" gives it.
#[component]
pub fn EmbedSnippet(site: String) -> impl IntoView {
    let origin = web_sys::window().and_then(|window| window.location().origin().ok()).unwrap_or_default();
    let snippet = format!(
        "<script src=\"{origin}/consent/consent-boot.js\"\n        data-config=\"{origin}/v1/sites/{site}/config\" \
         data-endpoint=\"{origin}/\"></script>"
    );
    let copied = RwSignal::new(false);
    let text = snippet.clone();
    let copy = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().clipboard().write_text(&text);
            copied.set(true);
        }
    };
    view! {
        <section class="card" aria-labelledby="embed-heading">
            <h2 id="embed-heading">"Embed"</h2>
            <p>"First thing in every page's " <code>"<head>"</code> ":"</p>
            <pre><code id="embed-snippet">{snippet}</code></pre>
            <button type="button" on:click=copy aria-describedby="embed-snippet">"Copy the snippet"</button>
            <p role="status">{move || copied.get().then_some("Copied.")}</p>
        </section>
    }
}
