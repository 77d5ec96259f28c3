//! The live preview: the real banner (the endpoint's own bundle under `/consent/`) running the draft in a frame, as
//! visitors would meet it, updated as the product team types. Only a draft that passes the checks is run, once
//! typing pauses; while the draft has a problem the last good one stays on screen, and the preview says so. Light or
//! dark, phone or desktop width; the preferences and the policy view open in it from here.
//!
//! The frame's banner runs in preview mode (`data-preview`): what is clicked in it is neither stored in the browser
//! nor sent to the endpoint, so trying the draft out is never logged as consent.
//!
//! A draft that enables IAB TCF is shown with its own vendors before it is published: the endpoint serves visitors
//! the vendor layer and the first layer's statement of the published config only, so the console asks it what it
//! would serve for the draft (`POST /v1/admin/gvl/preview`, which stores nothing) and the preview page hands that
//! to the banner.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiError, Session};
use crate::boot_flavour::has_tcf;
use crate::counted::counted;
use crate::draft::Problem;
use crate::gvl_api;
use crate::preview_config::{preview_config, Scheme, Width, PREVIEW_LANGUAGE};
use crate::preview_frame::{self, DraftTcf, PreviewError, PreviewPage, View};
use crate::toggle::Toggle;

/// How long typing must pause before the preview runs the draft: a banner start per keystroke would make the
/// preview flicker and load the WASM again and again.
const PAUSE: Duration = Duration::from_millis(400);

/// The preview, for the draft being edited and its problems (`crate::draft::check`); `session` asks the endpoint
/// what a TCF draft's banner would be served.
#[component]
pub fn Preview(session: Session, #[prop(into)] draft: Signal<String>, problems: Memo<Vec<Problem>>) -> impl IntoView {
    let scheme = RwSignal::new(Scheme::Light);
    let width = RwSignal::new(Width::Desktop);
    let shown = last_good_draft(draft, problems);
    let served = served_for_tcf(session, shown);
    // The frame's page, for the draft shown in the scheme picked. Replacing it revokes the previous blob: URLs.
    let page = RwSignal::new(None::<Result<(PreviewPage, String), PreviewError>>);
    let action_problem = RwSignal::new(None::<String>);
    let tcf_problem = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let Some(text) = shown.get() else { return };
        let scheme = scheme.get();
        let tcf = if has_tcf(&text) {
            // A TCF draft waits for the endpoint's answer (the previous frame stays until it comes).
            let answer = served.with(|served| served.as_ref().filter(|(of, _)| *of == text).map(|(_, a)| a.clone()));
            let Some(answer) = answer else { return };
            Some(answer)
        } else {
            None
        };
        let Some(config) = preview_config(&text, scheme) else { return };
        // What went wrong in the previous frame does not concern the new one.
        action_problem.set(None);
        tcf_problem.set(tcf.as_ref().and_then(|answer| answer.as_ref().err()).map(|e| {
            format!("The preview cannot show this draft's IAB vendors, so its banner offers no \"Accept all\": {e}")
        }));
        // An answer the browser could not hold as a blob is no answer either: the banner gets none, and fails closed.
        let tcf = tcf.map(|answer| match answer.map(|text| preview_frame::JsonBlob::new(&text)) {
            Ok(Ok(blob)) => DraftTcf::Served(blob),
            _ => DraftTcf::Unavailable,
        });
        page.set(Some(PreviewPage::new(&config, tcf).map(|page| {
            let url = page.url(scheme);
            (page, url)
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
            <p class="problem" role="status">{move || tcf_problem.get()}</p>
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

/// For each TCF draft `shown`, what the endpoint would serve its banner in the preview's language (the JSON text), or
/// why it cannot, with the draft it is for: an answer that comes after the draft shown changed is not kept.
fn served_for_tcf(
    session: Session,
    shown: RwSignal<Option<String>>,
) -> ReadSignal<Option<(String, Result<String, ApiError>)>> {
    let (served, set_served) = signal(None::<(String, Result<String, ApiError>)>);
    Effect::new(move |_| {
        let Some(text) = shown.get().filter(|text| has_tcf(text)) else { return };
        let session = session.clone();
        spawn_local(async move {
            let answer = gvl_api::draft_served(&session, &text, PREVIEW_LANGUAGE).await;
            if shown.with_untracked(|shown| shown.as_deref() == Some(text.as_str())) {
                set_served.set(Some((text, answer)));
            }
        });
    });
    served
}

/// The preview page's address for the page made, if one was.
fn page_url(page: RwSignal<Option<Result<(PreviewPage, String), PreviewError>>>) -> Option<String> {
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
