//! Google's ad technology providers in the preferences of a TCF site: the providers the config names
//! (`tcf.google_ad_tech_providers`) that are not in IAB's Global Vendor List, listed after the IAB vendors, each with
//! its name, its privacy policy and a consent switch. Google passes the visitor's answer to them through the
//! Additional Consent string (`addtl_consent`), which a choice saved here writes from these switches
//! (`consent_core::tcf::ac_string_for_answer`).
//!
//! Each switch is off until the visitor switches it on (consent is never pre-ticked); it starts from the visitor's
//! standing AC string when they reopen the preferences (`TcfToggles::start`), so after "Accept all" every one is on.

use std::sync::Arc;

use consent_core::tcf::GoogleAdTechProvider;
use leptos::prelude::*;

use crate::locale::Words;
use crate::tcf::{TcfToggles, Toggle};

/// The providers' list, or nothing for a site that names none.
#[component]
pub fn AdTechProviders(
    words: Arc<Words>,
    providers: Vec<GoogleAdTechProvider>,
    toggles: RwSignal<TcfToggles>,
) -> impl IntoView {
    let texts = &words.texts;
    let summary = texts.tcf_ad_tech_providers.replace("{n}", &providers.len().to_string());
    let intro = texts.tcf_ad_tech_providers_intro.clone();
    let shown = !providers.is_empty();
    let rows = providers
        .into_iter()
        .map(|provider| view! { <AdTechProvider words=words.clone() provider toggles /> })
        .collect_view();
    shown.then(|| {
        view! {
            <details class="cb-services" data-tcf-ad-tech-providers="">
                <summary>{summary}</summary>
                <p class="cb-text">{intro}</p>
                <ul class="cb-service-list">{rows}</ul>
            </details>
        }
    })
}

/// One provider: its name, its privacy policy, and its consent switch (`data-tcf="ad-tech-provider-<id>"`).
#[component]
fn AdTechProvider(words: Arc<Words>, provider: GoogleAdTechProvider, toggles: RwSignal<TcfToggles>) -> impl IntoView {
    let texts = &words.texts;
    let toggle = Toggle::AdTechProvider(provider.id);
    let input_id = format!("cb-tcf-{}", toggle.hook());
    let name_id = format!("{input_id}-name");
    view! {
        <li class="cb-service cb-vendor" data-ad-tech-provider=provider.id.to_string()>
            <p id=name_id.clone() class="cb-service-name">
                {provider.name.clone()}
            </p>
            <p class="cb-vendor-links">
                <a class="cb-link" href=provider.privacy_url>
                    {texts.provider_policy.replace("{provider}", &provider.name)}
                </a>
            </p>
            <div class="cb-vendor-switches">
                <div class="cb-switch-row">
                    <input
                        type="checkbox"
                        role="switch"
                        class="cb-switch"
                        id=input_id.clone()
                        data-tcf=toggle.hook()
                        aria-describedby=name_id
                        prop:checked=move || toggles.with(|t| toggle.is_on(t))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            toggles.update(|t| toggle.set(t, on));
                        }
                    />
                    <label for=input_id>{texts.tcf_consent.clone()}</label>
                </div>
            </div>
        </li>
    }
}
