//! The live preview: the real banner (the endpoint's own bundle under `/consent/`) running the draft in a frame, as
//! visitors would meet it, updated as the product team types. Only a draft that passes the checks is run, once
//! typing pauses; while the draft has a problem the last good one stays on screen, and the preview says so. Light or
//! dark, phone or desktop width; the preferences and the policy view open in it from here.
//!
//! The frame's banner runs in preview mode (`data-preview`): what is clicked in it is neither stored in the browser
//! nor sent to the endpoint, so trying the draft out is never logged as consent.

use std::time::Duration;

use leptos::prelude::*;

use crate::counted::counted;
use crate::draft::Problem;
use crate::preview_config::{preview_config, Scheme, Width};
use crate::preview_frame::{self, ConfigBlob, PreviewError, View};
use crate::toggle::Toggle;

/// How long typing must pause before the preview runs the draft: a banner start per keystroke would make the
/// preview flicker and load the WASM again and again.
const PAUSE: Duration = Duration::from_millis(400);

/// The preview, for the draft being edited and its problems (`crate::draft::check`).
#[component]
pub fn Preview(#[prop(into)] draft: Signal<String>, problems: Memo<Vec<Problem>>) -> impl IntoView {
    let scheme = RwSignal::new(Scheme::Light);
    let width = RwSignal::new(Width::Desktop);
    let shown = last_good_draft(draft, problems);
    // The frame's page, for the draft shown in the scheme picked. Replacing it revokes the previous blob: URL.
    let page = RwSignal::new(None::<Result<(ConfigBlob, String), PreviewError>>);
    let action_problem = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let Some(text) = shown.get() else { return };
        let scheme = scheme.get();
        let Some(config) = preview_config(&text, scheme) else { return };
        // What went wrong in the previous frame does not concern the new one.
        action_problem.set(None);
        page.set(Some(ConfigBlob::new(&config).map(|blob| {
            let url = blob.page_url(scheme);
            (blob, url)
        })));
    });
    let frame = NodeRef::<leptos::html::Iframe>::new();
    let open = move |view: View| {
        let Some(frame) = frame.get_untracked() else { return };
        let late = move |problem: PreviewError| action_problem.set(Some(problem.to_string()));
        action_problem.set(preview_frame::open(&frame, view, late).err().map(|problem| problem.to_string()));
    };

    view! {
        <section class="card preview" aria-labelledby="preview-heading">
            <h2 id="preview-heading" tabindex="-1">"Preview"</h2>
            <p class="hint">
                "The banner as visitors will see it with this draft. Nothing done in the preview is stored or \
                 sent: it is not consent."
            </p>
            <div class="preview-controls">
                <div role="group" aria-label="Show in the preview">
                    <button type="button" class="quiet" on:click=move |_| open(View::FirstLayer)>"First layer"</button>
                    " "
                    <button type="button" class="quiet" on:click=move |_| open(View::Preferences)>"Preferences"</button>
                    " "
                    <button type="button" class="quiet" on:click=move |_| open(View::Policy)>"Policy"</button>
                </div>
                <Toggle label="Colour scheme" choices=Scheme::ALL.map(|s| (s, s.label())) picked=scheme />
                <Toggle label="Width" choices=Width::ALL.map(|w| (w, w.label())) picked=width />
            </div>
            <p class="problem" role="status">
                {move || stale_note(problems.with(Vec::len), shown.with(Option::is_some))}
            </p>
            <p class="problem" role="status">{move || action_problem.get()}</p>
            <div class="preview-stage">
                <div class="preview-fit" data-width=move || width.get().name()>
                    // Keyed by its address, so that each draft gets a new frame: setting another address on the same
                    // frame would only move its fragment (no new page), and would add to the console's history.
                    <For each=move || page_url(page) key=String::clone let:url>
                        <iframe
                            node_ref=frame
                            src=url
                            title="Preview of the banner with this draft"
                            width=move || width.get().viewport().0
                            height=move || width.get().viewport().1
                        ></iframe>
                    </For>
                    {move || page.with(|page| match page {
                        Some(Err(problem)) => Some(view! { <p class="problem">{problem.to_string()}</p> }),
                        _ => None,
                    })}
                </div>
            </div>
        </section>
    }
}

/// The draft the preview runs: the first one at once, then each that passes the checks once typing has paused for
/// [`PAUSE`]. A draft with a problem leaves the last good one in place.
fn last_good_draft(draft: Signal<String>, problems: Memo<Vec<Problem>>) -> RwSignal<Option<String>> {
    let shown = RwSignal::new(None::<String>);
    let waiting = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let text = draft.get();
        let passes = problems.with(Vec::is_empty);
        if let Some(handle) = waiting.get_value() {
            handle.clear();
        }
        if !passes || shown.with_untracked(|shown| shown.as_deref() == Some(text.as_str())) {
            return;
        }
        if shown.with_untracked(Option::is_none) {
            shown.set(Some(text));
            return;
        }
        waiting.set_value(set_timeout_with_handle(move || shown.set(Some(text)), PAUSE).ok());
    });
    shown
}

/// The preview page's address for the page made, if one was.
fn page_url(page: RwSignal<Option<Result<(ConfigBlob, String), PreviewError>>>) -> Option<String> {
    page.with(|page| match page {
        Some(Ok((_, url))) => Some(url.clone()),
        _ => None,
    })
}

/// What the preview says while the draft it shows is not the one being edited.
fn stale_note(problems: usize, something_shown: bool) -> Option<String> {
    match (problems, something_shown) {
        (0, _) => None,
        (count, true) => Some(format!(
            "The draft has {}: the preview shows the last draft that passed the checks.",
            counted(count, "problem", "problems")
        )),
        (1, false) => Some("The preview starts once the draft's problem is fixed.".to_owned()),
        (count, false) => Some(format!("The preview starts once the draft's {count} problems are fixed.")),
    }
}
