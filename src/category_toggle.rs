//! One category in the preferences: its title, what it is for, its switch, and the services inside it.

use std::sync::Arc;

use consent_core::choice::CustomChoice;
use consent_core::policy::SectionId;
use consent_core::{Category, SiteConfig};
use leptos::prelude::*;

use crate::boot::FoundTracker;
use crate::found_trackers::FoundTrackers;
use crate::locale::Words;
use crate::service_row::ServiceRow;
use crate::switch::Switch;

/// A category and its switch (strictly necessary ones are shown on, and locked), then its services in a disclosure,
/// each with a switch of its own. Switching the category switches its services; the rules are
/// `consent_core::choice::CustomChoice`'s.
#[component]
pub fn CategoryToggle(
    config: Arc<SiteConfig>,
    words: Arc<Words>,
    category: Category,
    selection: RwSignal<CustomChoice>,
    /// The policy section about this category, and how to open it.
    policy_link: Option<(SectionId, Callback<Option<SectionId>>)>,
    /// Trackers held in this category that no service of the config names.
    found: Vec<FoundTracker>,
) -> impl IntoView {
    let input_id = format!("cb-category-{}", category.id);
    let description_id = format!("{input_id}-description");
    let required = category.required;
    let id = category.id.clone();
    let checked = {
        let id = id.clone();
        Box::new(move || required || selection.with(|s| s.has_category(&id)))
    };
    let toggle_config = config.clone();
    let toggle = Box::new(move |on| selection.update(|s| s.set_category(&toggle_config, &id, on)));
    // Words the site did not translate are in the config's language: say so, for screen readers.
    let lang_of = |language: &consent_core::LanguageTag| (language != &words.language).then(|| language.to_string());
    let title = config.category_title(&category, &words.language);
    let description = config.category_description(&category, &words.language);
    let more = policy_link.map(|(section, open)| {
        let label = words.texts.policy_more.replace("{category}", title.text);
        view! {
            <button
                type="button"
                class="cb-link cb-link-button cb-category-policy"
                data-consent-action="policy"
                on:click=move |_| open.run(Some(section.clone()))
            >
                {label}
            </button>
        }
    });
    let always_on = required.then(|| ("cb-always-on", words.texts.always_on.clone(), None));
    let services: Vec<_> = config.services.iter().filter(|s| s.category == category.id).cloned().collect();
    let count = services.len();
    let rows = services
        .into_iter()
        .map(|service| {
            view! {
                <ServiceRow
                    config=config.clone()
                    words=words.clone()
                    service=service
                    selection=selection
                    required=required
                />
            }
        })
        .collect_view();
    view! {
        <li class="cb-category">
            <Switch
                id=input_id
                hook=("data-consent-category", category.id.to_string())
                described_by=description_id.clone()
                checked
                on_change=toggle
                label=title.text.to_owned()
                label_class="cb-category-title"
                lang=lang_of(title.language)
                disabled=required
                after=always_on
            />
            <p id=description_id class="cb-category-description" lang=lang_of(description.language)>
                {description.text.to_owned()}
            </p>
            {more}
            {(count > 0)
                .then(|| {
                    view! {
                        <details class="cb-services">
                            <summary>{format!("{} ({count})", words.texts.services)}</summary>
                            <ul class="cb-service-list">{rows}</ul>
                        </details>
                    }
                })}
            <FoundTrackers heading=words.texts.also_found.clone() trackers=found />
        </li>
    }
}
