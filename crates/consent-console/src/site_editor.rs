//! One site: its config in an editor checked as the product team types (its categories, services, Consent Mode,
//! settings, texts, regions and IAB TCF also as forms), what
//! publishing would change, the draft in the real banner (the live preview), the history with rollback, the origins,
//! and the embed snippet.

use consent_core::SiteConfig;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, Session};
use crate::categories_form::CategoriesForm;
use crate::consent_mode_form::ConsentModeForm;
use crate::counted::counted;
use crate::draft::{changes, check, Change, Problem};
use crate::draft_bar::DraftBar;
use crate::embed_snippet::EmbedSnippet;
use crate::found_on_site::FoundOnSite;
use crate::gvl_api::{self, EndpointSetup};
use crate::history::History;
use crate::json_text::{pretty, with_revision};
use crate::origins_editor::OriginsEditor;
use crate::policy_card::PolicyCard;
use crate::preview::Preview;
use crate::regions_form::RegionsForm;
use crate::services_form::ServicesForm;
use crate::settings_form::SettingsForm;
use crate::tcf_form::TcfForm;
use crate::texts_form::TextsForm;

/// The site's page.
#[component]
pub fn SiteEditor(session: Session, site: String) -> impl IntoView {
    // The config visitors are served now (indented for reading), and the draft being edited.
    let live = RwSignal::new(None::<Result<String, String>>);
    let draft = RwSignal::new(String::new());
    let origins = RwSignal::new(None::<Vec<String>>);
    // Bumped after each publish, so the history is read again.
    let published = RwSignal::new(0u32);
    let status = RwSignal::new(None::<String>);
    let server_fields = RwSignal::new(Vec::<(String, String)>::new());
    let site = StoredValue::new(site);
    let session = StoredValue::new(session);

    let load = move || {
        spawn_local(async move {
            let site = site.get_value();
            match api::live_config(&site).await {
                Ok(text) => {
                    let text = pretty(&text).unwrap_or(text);
                    draft.set(text.clone());
                    live.set(Some(Ok(text)));
                }
                Err(why) => live.set(Some(Err(why.to_string()))),
            }
            if let Ok(sites) = api::sites().await {
                origins.set(sites.into_iter().find(|entry| entry.site == site).map(|entry| entry.allowed_origins));
            }
        });
    };
    load();

    let problems = Memo::new(move |_| check(&draft.get(), &site.get_value()));
    // What the forms show at their fields: the draft's problems, and what the endpoint refused at the last publish
    // (a vendor its Global Vendor List lacks), until the draft changes.
    let field_problems = Memo::new(move |_| {
        let mut all = problems.get();
        all.extend(server_fields.get().into_iter().map(|(path, reason)| Problem { path, reason }));
        all
    });
    Effect::new(move |previous: Option<()>| {
        draft.track();
        if previous.is_some() {
            server_fields.set(Vec::new());
        }
    });
    // What the endpoint was started with (its region header, its vendor list), for the Regions and IAB TCF forms.
    let setup = RwSignal::new(None::<EndpointSetup>);
    spawn_local(async move {
        if let Ok(found) = gvl_api::endpoint_setup().await {
            setup.set(Some(found));
        }
    });
    let pending = Memo::new(move |_| match live.get() {
        Some(Ok(current)) => changes(&current, &draft.get()),
        _ => Vec::new(),
    });
    let live_revision = Memo::new(move |_| match live.get() {
        Some(Ok(current)) => SiteConfig::from_json(&current).map(|config| i64::from(config.revision)).unwrap_or(0),
        _ => 0,
    });

    let publish = move |text: String, what: &'static str| {
        let next = live_revision.get_untracked() + 1;
        let Some(text) = with_revision(&text, next) else {
            status.set(Some("The config must be a JSON object.".into()));
            return;
        };
        status.set(Some(format!("Publishing revision {next}…")));
        server_fields.set(Vec::new());
        let (session, site) = (session.get_value(), site.get_value());
        spawn_local(async move {
            match api::publish(&session, &site, &text).await {
                Ok(()) => {
                    status.set(Some(format!("{what} revision {next}: visitors are served it now.")));
                    published.update(|count| *count += 1);
                    load();
                }
                Err(api::ApiError::Refused { message, fields, .. }) => {
                    status.set(Some(message));
                    server_fields.set(fields);
                }
                Err(other) => status.set(Some(other.to_string())),
            }
        });
    };
    let publish_draft = move |_| publish(draft.get_untracked(), "Published");
    let roll_back = Callback::new(move |text: String| publish(text, "Rolled back as"));

    view! {
        {move || match live.get() {
            None => view! { <p aria-busy="true">"Loading the config…"</p> }.into_any(),
            Some(Err(why)) => view! { <p class="problem" role="alert">{why}</p> }.into_any(),
            Some(Ok(_)) => view! {
                <DraftBar pending problems />
                <CategoriesForm draft problems />
                <ServicesForm draft problems />
                <ConsentModeForm draft />
                <SettingsForm draft problems />
                <TextsForm draft problems />
                <RegionsForm draft problems=field_problems setup />
                <TcfForm draft problems=field_problems setup />
                <div class="columns">
                    <section class="card editor" aria-labelledby="config-heading">
                        <h2 id="config-heading">"Config"</h2>
                        <label for="config-text">"The site's config (JSON), checked as you type"</label>
                        <Problems problems server_fields />
                        <textarea
                            id="config-text"
                            spellcheck="false"
                            rows="28"
                            aria-describedby="config-problems"
                            aria-invalid=move || (!problems.with(Vec::is_empty)).to_string()
                            prop:value=move || draft.get()
                            on:input=move |event| draft.set(event_target_value(&event))
                        ></textarea>
                    </section>
                    <section class="card" aria-labelledby="publish-heading">
                        <h2 id="publish-heading" tabindex="-1">"Publish"</h2>
                        <PendingChanges pending live_revision />
                        {move || {
                            let count = problems.with(Vec::len);
                            (count > 0).then(|| view! {
                                <p class="problem">{format!("Fix the {} in the config to publish it.", counted(count, "problem", "problems"))}</p>
                            })
                        }}
                        <button
                            type="button"
                            disabled=move || !problems.with(Vec::is_empty) || pending.with(Vec::is_empty)
                            on:click=publish_draft
                        >
                            {move || format!("Publish revision {}", live_revision.get() + 1)}
                        </button>
                        <p role="status" class="status">{move || status.get()}</p>
                    </section>
                </div>
                <Preview session=session.get_value() draft problems />
            }
            .into_any(),
        }}
        <PolicyCard session=session.get_value() draft />
        <FoundOnSite site=site.get_value() draft />
        <History site=site.get_value() published live_revision roll_back />
        {move || origins.get().map(|current| {
            view! { <OriginsEditor session=session.get_value() site=site.get_value() current /> }
        })}
        <EmbedSnippet site=site.get_value() draft />
    }
}

/// The draft's problems, each with its field, as `consent config check` words them; and what the endpoint refused.
#[component]
fn Problems(problems: Memo<Vec<Problem>>, server_fields: RwSignal<Vec<(String, String)>>) -> impl IntoView {
    view! {
        <div id="config-problems" aria-live="polite">
            {move || {
                let list = problems.get();
                if list.is_empty() {
                    return view! { <p class="ok">"No problems: the config passes every check."</p> }.into_any();
                }
                let items = list
                    .into_iter()
                    .map(|problem| {
                        let path = if problem.path.is_empty() { "the config".to_owned() } else { problem.path };
                        view! { <li><code>{path}</code>": "{problem.reason}</li> }
                    })
                    .collect_view();
                view! {
                    <p class="problem">{format!("{} to fix before publishing:", counted(problems.with(Vec::len), "problem", "problems"))}</p>
                    <ul class="problems">{items}</ul>
                }
                .into_any()
            }}
            {move || {
                let fields = server_fields.get();
                (!fields.is_empty()).then(|| {
                    let items = fields
                        .into_iter()
                        .map(|(path, reason)| view! { <li><code>{path}</code>": "{reason}</li> })
                        .collect_view();
                    view! { <ul class="problems" aria-label="Refused by the endpoint">{items}</ul> }
                })
            }}
        </div>
    }
}

/// What publishing the draft would change, field by field, and what visitors will see.
#[component]
fn PendingChanges(pending: Memo<Vec<Change>>, live_revision: Memo<i64>) -> impl IntoView {
    move || {
        let list = pending.get();
        if list.is_empty() {
            return view! { <p>"The draft is the live config: nothing to publish."</p> }.into_any();
        }
        let count = list.len();
        let rows = list
            .into_iter()
            .map(|change| {
                view! {
                    <tr>
                        <th scope="row"><code>{change.path}</code></th>
                        <td><code>{change.before.unwrap_or_else(|| "(added)".into())}</code></td>
                        <td><code>{change.after.unwrap_or_else(|| "(removed)".into())}</code></td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <p>
                {format!(
                    "{} against revision {}. Publishing makes a new revision: visitors who chose under an earlier \
                     one are asked again on their next page view.",
                    counted(count, "change", "changes"),
                    live_revision.get(),
                )}
            </p>
            <table class="changes">
                <caption class="visually-hidden">"Changes against the live config"</caption>
                <thead>
                    <tr><th scope="col">"Field"</th><th scope="col">"Live"</th><th scope="col">"Draft"</th></tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    }
}
