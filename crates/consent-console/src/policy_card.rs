//! The Policy card: the site's privacy policy pasted or picked as a file (Markdown or plain text), imported by the
//! endpoint (`POST /v1/policy/import`), and what the import found — title, effective date, the outline of its
//! sections, the tracking technologies it mentions and the categories it suggests, each addable to the draft in one
//! click — with a button that makes it the policy the banner shows. The policy's words are shown as text, never as
//! markup: Leptos writes them as text nodes.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::api::{self, Session};
use crate::card_header::CardHeader;
use crate::policy_edit::{has_category, with_policy, with_suggested_category, PolicyFormat};
use crate::policy_report::{suggestion_words, technology_words, PolicyReport, SectionOutline};

/// The card, adding to `draft`.
#[component]
pub fn PolicyCard(session: Session, draft: RwSignal<String>) -> impl IntoView {
    let session = StoredValue::new(session);
    let text = RwSignal::new(String::new());
    let format = RwSignal::new(PolicyFormat::Markdown);
    // The last import: the text and format it was made from, and what the endpoint found.
    let imported = RwSignal::new(None::<(String, PolicyFormat, PolicyReport)>);
    let status = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let pick_file = move |event: leptos::ev::Event| {
        let Some(input) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        spawn_local(async move {
            let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
            match JsFuture::from(file.text()).await.ok().and_then(|t| t.as_string()) {
                Some(read) => {
                    format.set(PolicyFormat::from_file_name(&file.name()));
                    text.set(read);
                    status.set(Some(format!("Read {}: import it to see what it holds.", file.name())));
                }
                None => status.set(Some("The file could not be read as text.".into())),
            }
        });
    };
    let import = move |_| {
        let (policy, written) = (text.get_untracked(), format.get_untracked());
        busy.set(true);
        status.set(Some("Importing the policy…".into()));
        spawn_local(async move {
            match api::import_policy(&session.get_value(), &policy, written.as_str()).await {
                Ok(report) => {
                    status.set(Some(format!(
                        "Imported: {}, {}, {}.",
                        count(report.sections.len(), "section", "sections"),
                        count(report.tracking.len(), "tracking technology", "tracking technologies"),
                        count(report.suggested_categories.len(), "suggested category", "suggested categories"),
                    )));
                    imported.set(Some((policy, written, report)));
                }
                Err(api::ApiError::Refused { message, fields, .. }) => {
                    let reason = fields.into_iter().map(|(path, reason)| format!("{path}: {reason}")).next();
                    status.set(Some(reason.unwrap_or(message)));
                }
                Err(other) => status.set(Some(other.to_string())),
            }
            busy.set(false);
        });
    };

    view! {
        <section class="card policy" aria-labelledby="policy-heading">
            <CardHeader heading_id="policy-heading" title="Privacy policy">
                "Paste the site's privacy policy, or pick its file, and import it: the endpoint reads its sections, the "
                "tracking technologies it mentions and the categories it supports. Nothing changes until you add a "
                "category or use the policy."
            </CardHeader>
            <label for="policy-file">"Policy file (.md or .txt)"</label>
            <input
                id="policy-file"
                type="file"
                accept=".md,.markdown,.txt,text/markdown,text/plain"
                on:change=pick_file
            />
            <label for="policy-text">"Policy text"</label>
            <textarea
                id="policy-text"
                rows="10"
                prop:value=move || text.get()
                on:input=move |event| text.set(event_target_value(&event))
            ></textarea>
            <fieldset class="policy-format">
                <legend>"Written as"</legend>
                {[PolicyFormat::Markdown, PolicyFormat::Text]
                    .map(|choice| {
                        let id = format!("policy-format-{}", choice.as_str());
                        let words = match choice {
                            PolicyFormat::Markdown => "Markdown",
                            PolicyFormat::Text => "Plain text",
                        };
                        view! {
                            <span class="check">
                                <input
                                    type="radio"
                                    name="policy-format"
                                    id=id.clone()
                                    prop:checked=move || format.get() == choice
                                    on:change=move |_| format.set(choice)
                                />
                                <label for=id>{words}</label>
                            </span>
                        }
                    })
                    .into_iter()
                    .collect_view()}
            </fieldset>
            <button
                type="button"
                id="policy-import"
                disabled=move || busy.get() || text.with(|t| t.trim().is_empty())
                on:click=import
            >
                "Import"
            </button>
            <p role="status" class="status">{move || status.get()}</p>
            {move || imported.get().map(|(policy, written, report)| {
                view! { <ImportedPolicy policy written report draft /> }
            })}
        </section>
    }
}

/// `n` things, in words: "1 section", "3 sections".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What the import found, with its actions.
#[component]
fn ImportedPolicy(
    policy: String,
    written: PolicyFormat,
    report: PolicyReport,
    draft: RwSignal<String>,
) -> impl IntoView {
    let outcome = RwSignal::new(None::<String>);
    let policy = StoredValue::new(policy);
    let use_policy = move |_| match draft.with_untracked(|text| with_policy(text, written, &policy.get_value())) {
        Some(text) => {
            draft.set(text);
            outcome
                .set(Some("The imported policy is now the draft's policy: publish to show it in the banner.".into()));
        }
        None => outcome.set(Some("Fix the JSON first: the policy is set in a config that reads as JSON.".into())),
    };
    let title = report.title.clone().unwrap_or_else(|| "Untitled policy".into());
    let tracking = if report.tracking.is_empty() {
        view! { <p>"No cookies or other tracking technologies are mentioned."</p> }.into_any()
    } else {
        let items = report
            .tracking
            .iter()
            .map(|mention| {
                let place = if mention.section_headings.is_empty() {
                    String::new()
                } else {
                    format!(" (in {})", mention.section_headings.join(", "))
                };
                view! { <li><strong>{technology_words(&mention.technology).to_owned()}</strong>{place}</li> }
            })
            .collect_view();
        view! { <ul class="policy-tracking">{items}</ul> }.into_any()
    };
    let suggestions = if report.suggested_categories.is_empty() {
        view! { <p>"The policy's text supports no optional category."</p> }.into_any()
    } else {
        let items = report
            .suggested_categories
            .iter()
            .map(|id| view! { <Suggestion id=id.clone() draft outcome /> })
            .collect_view();
        view! { <ul class="policy-suggestions">{items}</ul> }.into_any()
    };
    view! {
        <div class="imported-policy">
            <h3>{title}</h3>
            {report.effective_date.clone().map(|date| view! { <p>"Effective date: "{date}</p> })}
            <h4>"Sections"</h4>
            {if report.sections.is_empty() {
                view! { <p>"No sections were found: the whole text is one part."</p> }.into_any()
            } else {
                view! { <Outline sections=report.sections.clone() /> }.into_any()
            }}
            <h4>"Tracking technologies found"</h4>
            {tracking}
            <h4>"Suggested categories"</h4>
            {suggestions}
            <h4>"Show it in the banner"</h4>
            <p class="hint">
                {format!(
                    "The banner's policy view can show this policy: it goes into the config as its policy ({{\"{}\": …}}), \
                     replacing the current one, and the endpoint imports it when it serves the config.",
                    written.as_str(),
                )}
            </p>
            <button type="button" class="quiet" on:click=use_policy>"Use as the site's policy"</button>
            <p role="status" class="status">{move || outcome.get()}</p>
        </div>
    }
}

/// The sections as a nested list of their headings.
#[component]
fn Outline(sections: Vec<SectionOutline>) -> AnyView {
    let items = sections
        .into_iter()
        .map(|section| {
            let children =
                (!section.sections.is_empty()).then(|| view! { <Outline sections=section.sections /> }.into_any());
            view! { <li>{section.heading}{children}</li> }
        })
        .collect_view();
    view! { <ol class="policy-outline">{items}</ol> }.into_any()
}

/// A suggested category, with the button that adds it to the draft (disabled once the draft has it).
#[component]
fn Suggestion(id: String, draft: RwSignal<String>, outcome: RwSignal<Option<String>>) -> impl IntoView {
    let (title, description) = suggestion_words(&id);
    let id = StoredValue::new(id);
    let present = Memo::new(move |_| draft.with(|text| has_category(text, &id.get_value())));
    let name = title.clone();
    let add = move |_| match draft.with_untracked(|text| with_suggested_category(text, &id.get_value())) {
        Ok(text) => {
            draft.set(text);
            outcome.set(Some(format!("{name} added to the draft's categories: publish to apply it.")));
        }
        Err(why) => outcome.set(Some(why.to_string())),
    };
    view! {
        <li>
            <strong>{title.clone()}</strong>" "<code>{id.get_value()}</code>": "{description}" "
            <button type="button" class="quiet" disabled=move || present.get() on:click=add>
                "Add category"<span class="visually-hidden">" "{title.clone()}</span>
            </button>
            {move || present.get().then(|| view! { <span class="hint">" In the draft's categories."</span> })}
        </li>
    }
}
