//! One service in the preferences: its name and provider, what it does, its own switch, and its cookie table.

use std::sync::Arc;

use consent_core::choice::CustomChoice;
use consent_core::{Service, SiteConfig};
use leptos::prelude::*;

use crate::cookie_table::CookieTable;
use crate::locale::Words;
use crate::switch::Switch;

/// A service with its switch (locked on inside a strictly necessary category). Switching it on switches its category
/// on too; switching it off leaves the category as it is.
#[component]
pub fn ServiceRow(
    config: Arc<SiteConfig>,
    words: Arc<Words>,
    service: Service,
    selection: RwSignal<CustomChoice>,
    /// Whether its category is strictly necessary.
    required: bool,
) -> impl IntoView {
    let input_id = format!("cb-service-{}", service.id);
    let description_id = format!("{input_id}-description");
    let checked = {
        let (config, id) = (config.clone(), service.id.clone());
        Box::new(move || required || selection.with(|s| s.has_service(&config, &id)))
    };
    let toggle = {
        let (config, id) = (config.clone(), service.id.clone());
        Box::new(move |on| selection.update(|s| s.set_service(&config, &id, on)))
    };
    // A service's own words are the config's (or the catalog's, which are English).
    let lang = (config.language != words.language).then(|| config.language.to_string());
    let provider = (!service.provider.is_empty()).then(|| ("cb-provider", service.provider.clone(), lang.clone()));
    let policy = service.privacy_policy_url.clone().map(|url| {
        let provider = if service.provider.is_empty() { &service.name } else { &service.provider };
        let label = words.texts.provider_policy.replace("{provider}", provider);
        view! {
            <a class="cb-link cb-service-policy" href=url>
                {label}
            </a>
        }
    });
    view! {
        <li class="cb-service">
            <Switch
                id=input_id
                hook=("data-consent-service", service.id.to_string())
                described_by=description_id.clone()
                checked
                on_change=toggle
                label=service.name.clone()
                label_class="cb-service-name"
                disabled=required
                after=provider
            />
            <p id=description_id class="cb-service-description" lang=lang.clone()>
                {service.description.clone()}
            </p>
            {policy}
            <CookieTable words=words.clone() service=service.clone() lang=lang />
        </li>
    }
}
