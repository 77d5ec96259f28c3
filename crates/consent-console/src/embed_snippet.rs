//! The script tag a site adds first thing in its `<head>`, with this endpoint's address, ready to copy.

use leptos::prelude::*;

/// The snippet for `site`, as the README's "Adding the banner to a site" gives it: for a config with `tcf` (the draft
/// being edited), the TCF flavour of the boot loader, which defines `__tcfapi` and loads the banner built with TCF
/// (the plain one writes no TC string).
#[component]
pub fn EmbedSnippet(site: String, #[prop(into)] draft: Signal<String>) -> impl IntoView {
    let origin = web_sys::window().and_then(|window| window.location().origin().ok()).unwrap_or_default();
    let snippet = Memo::new(move |_| {
        let tcf = draft.with(|text| {
            serde_json::from_str::<serde_json::Value>(text)
                .is_ok_and(|config| config.get("tcf").is_some_and(|tcf| !tcf.is_null()))
        });
        let boot = if tcf { "consent-boot-tcf.js" } else { "consent-boot.js" };
        format!(
            "<script src=\"{origin}/consent/{boot}\"\n        data-config=\"{origin}/v1/sites/{site}/config\" \
             data-endpoint=\"{origin}/\"></script>"
        )
    });
    let copied = RwSignal::new(false);
    let copy = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().clipboard().write_text(&snippet.get_untracked());
            copied.set(true);
        }
    };
    view! {
        <section class="card" aria-labelledby="embed-heading">
            <h2 id="embed-heading">"Embed"</h2>
            <p>"First thing in every page's " <code>"<head>"</code> ":"</p>
            <pre><code id="embed-snippet">{move || snippet.get()}</code></pre>
            <button type="button" on:click=copy aria-describedby="embed-snippet">"Copy the snippet"</button>
            <p role="status">{move || copied.get().then_some("Copied.")}</p>
        </section>
    }
}
