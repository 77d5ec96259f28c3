//! The preferences: every category with what it is for and a toggle, and the same three ways to answer.

use std::collections::BTreeSet;
use std::sync::Arc;

use consent_core::{Category, CategoryId, Choice, SiteConfig, UiLayer};
use leptos::prelude::*;

use crate::{browser, storage};

/// The preferences dialog. Toggles start from the visitor's own standing choice, else all off: nothing is pre-ticked.
#[component]
pub fn PreferencesDialog(
    config: Arc<SiteConfig>,
    decide: Callback<(Choice, UiLayer)>,
    close: Callback<()>,
) -> impl IntoView {
    let standing = storage::load().filter(|s| s.is_valid_for(&config, browser::now_ms()));
    let selected = RwSignal::new(standing.map(|s| s.granted.into_iter().collect::<BTreeSet<_>>()).unwrap_or_default());
    let texts = config.texts_for(&config.language, None);
    let dialog = NodeRef::<leptos::html::Section>::new();
    Effect::new(move |_| {
        if let Some(section) = dialog.get() {
            let _ = section.focus();
        }
    });
    let toggles = config
        .categories
        .iter()
        .map(|category| view! { <li><CategoryToggle category=category.clone() selected=selected always_on=texts.always_on.clone() /></li> })
        .collect_view();

    view! {
        <div class="cb-backdrop" aria-hidden="true"></div>
        <section
            class="cb-preferences"
            data-consent-preferences=""
            role="dialog"
            aria-modal="true"
            aria-labelledby="cb-preferences-title"
            tabindex="-1"
            node_ref=dialog
            on:keydown=move |ev| if ev.key() == "Escape" { close.run(()) }
        >
            <h2 id="cb-preferences-title" class="cb-title">{texts.preferences_title.clone()}</h2>
            <crate::banner::GpcNotice config=config.clone() />
            <ul class="cb-categories">{toggles}</ul>
            <div class="cb-actions">
                <button type="button" class="cb-button" data-consent-action="accept-all"
                    on:click=move |_| decide.run((Choice::AcceptAll, UiLayer::Preferences))>
                    {texts.accept_all.clone()}
                </button>
                <button type="button" class="cb-button" data-consent-action="reject-all"
                    on:click=move |_| decide.run((Choice::RejectAll, UiLayer::Preferences))>
                    {texts.reject_all.clone()}
                </button>
                <button type="button" class="cb-button" data-consent-action="save"
                    on:click=move |_| decide.run((Choice::Custom(selected.get().into()), UiLayer::Preferences))>
                    {texts.save.clone()}
                </button>
            </div>
            <button type="button" class="cb-close" data-consent-action="close" aria-label="Close"
                on:click=move |_| close.run(())>"×"</button>
        </section>
    }
}

/// One category: its title, what it is for, and its switch (strictly necessary ones are shown on and locked).
#[component]
fn CategoryToggle(category: Category, selected: RwSignal<BTreeSet<CategoryId>>, always_on: String) -> impl IntoView {
    let input_id = format!("cb-category-{}", category.id);
    let description_id = format!("{input_id}-description");
    let id = category.id.clone();
    let checked = {
        let id = id.clone();
        move || category.required || selected.with(|s| s.contains(&id))
    };
    let toggle = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        selected.update(|s| {
            if on {
                s.insert(id.clone());
            } else {
                s.remove(&id);
            }
        });
    };
    view! {
        <div class="cb-category">
            <input type="checkbox" id=input_id.clone() data-consent-category=category.id.to_string()
                aria-describedby=description_id.clone()
                prop:checked=checked disabled=category.required on:change=toggle />
            <label for=input_id class="cb-category-title">{category.title.clone()}</label>
            {category.required.then(|| view! { <span class="cb-always-on">{always_on}</span> })}
            <p id=description_id class="cb-category-description">{category.description.clone()}</p>
        </div>
    }
}
