//! The script tag a site adds first thing in its `<head>`, with this endpoint's address, ready to copy: with the
//! flavour of the boot loader the site needs ([`BootFlavour`]), and a sentence saying what that flavour adds.

use leptos::prelude::*;

use crate::boot_flavour::{has_tcf, opts_out_in_us, BootFlavour};

/// The snippet for `site`, as the README's "Adding the banner to a site" gives it, for the draft being edited: with
/// `__tcfapi` for a config with `tcf` (the plain banner writes no TC string), and with `__gpp` when "Also answer IAB
/// GPP" is ticked. That box starts ticked for a draft whose regional rules let visitors in the US opt out, whose
/// choices ad tech reads through GPP; the product team may tick it for other reasons, or untick it.
#[component]
pub fn EmbedSnippet(site: String, #[prop(into)] draft: Signal<String>) -> impl IntoView {
    let origin = web_sys::window().and_then(|window| window.location().origin().ok()).unwrap_or_default();
    let tcf = Memo::new(move |_| draft.with(|text| has_tcf(text)));
    let suggested = Memo::new(move |_| draft.with(|text| opts_out_in_us(text)));
    // The product team's own answer, once they give one; until then, what the config suggests.
    let chosen = RwSignal::new(None::<bool>);
    let gpp = Memo::new(move |_| chosen.get().unwrap_or_else(|| suggested.get()));
    let flavour = Memo::new(move |_| BootFlavour::new(tcf.get(), gpp.get()));
    let snippet = Memo::new(move |_| {
        format!(
            "<script src=\"{origin}/consent/{}\"\n        data-config=\"{origin}/v1/sites/{site}/config\" \
             data-endpoint=\"{origin}/\"></script>",
            flavour.get().file()
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
            <div class="check">
                <input
                    id="embed-gpp"
                    type="checkbox"
                    aria-describedby="embed-gpp-hint"
                    prop:checked=move || gpp.get()
                    on:change=move |event| {
                        chosen.set(Some(event_target_checked(&event)));
                        copied.set(false);
                    }
                />
                <label for="embed-gpp">"Also answer IAB GPP (" <code>"__gpp"</code> ") for US visitors"</label>
            </div>
            <p class="hint" id="embed-gpp-hint">
                {move || if suggested.get() {
                    "Suggested for this config: its regional rules let visitors in the US opt out."
                } else {
                    "For a site whose ad tech reads the opt-outs of visitors in the US through IAB GPP."
                }}
            </p>
            <p>"First thing in every page's " <code>"<head>"</code> ":"</p>
            <pre><code id="embed-snippet">{move || snippet.get()}</code></pre>
            <p id="embed-flavour">{move || flavour.get().adds()}</p>
            <button type="button" on:click=copy aria-describedby="embed-snippet">"Copy the snippet"</button>
            <p role="status">{move || copied.get().then_some("Copied.")}</p>
        </section>
    }
}
