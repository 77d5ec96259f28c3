//! What a TCF site's first layer states about its vendors (IAB Europe's TCF Policies, Appendix B, the first layer's
//! minimum content): that the site and its N partners store or access information on the device and process personal
//! data, for which purposes and stacks (IAB's names, in the layer's language where IAB translated them), which
//! special features need the visitor's permission, which special purposes and features are used without asking,
//! that some partners rely on legitimate interest and the visitor may object, and that the choice applies to this
//! site only and can be changed at any time.
//!
//! The endpoint works out what to state (consent-core's [`FirstLayerTcf`], the first-layer answer's `tcf`); the
//! painted layer and the banner's render it with this same component, so the two stay identical. The list of names
//! is a `<details>`: closed, the sentences and the answers fit a 375 px phone; a visitor opens it with one tap.
//!
//! Its "N partners" opens the preferences at the vendor list (IAB's Policies ask for a direct way from the first layer
//! to the vendors): on the painted layer the boot loader keeps the click, as it keeps "Customise", and the banner
//! opens there when it runs (`early_handover`).

use std::sync::Arc;

use consent_core::plural::format_count;
use consent_core::tcf::FirstLayerTcf;
use leptos::prelude::*;

use crate::locale::Words;

/// The statement, for the first layer of a TCF site; its "N partners" runs `partners`.
#[component]
pub fn TcfStatement(tcf: Arc<FirstLayerTcf>, words: Arc<Words>, partners: Callback<()>) -> impl IntoView {
    let texts = &words.texts;
    let language = words.language.as_str();
    let vendor_count = u32::try_from(tcf.vendor_count).unwrap_or(u32::MAX);
    // "N partners" in the first sentence is the way to the vendor list: in the sentence, it costs the layer no line
    // on a phone, where the answers must stay in reach. A site's own sentence without `{partners}` gets it after.
    let partners_label = format_count(&texts.tcf_partners, language, vendor_count);
    let (before, after) = match texts.tcf_intro.split_once("{partners}") {
        Some((before, after)) => (before.to_owned(), after.to_owned()),
        None => (format!("{} ", texts.tcf_intro), String::new()),
    };
    let objection = tcf.legitimate_interest.then(
        || view! { <p class="cb-text">{texts.tcf_legitimate_interest.replace("{customise}", &texts.customise)}</p> },
    );
    let scope = texts.tcf_scope.replace("{cookie_settings}", &texts.cookie_settings);

    // Stacks stand in for the purposes and special features they group (consent-core chose them); what no stack
    // covers is named on its own.
    let names =
        |list: &[consent_core::tcf::first_layer::Named]| list.iter().map(|n| n.name.clone()).collect::<Vec<_>>();
    let mut purposes: Vec<String> = tcf.stacks.iter().map(|s| s.name.clone()).collect();
    purposes.extend(names(&tcf.purposes));
    let special_features = names(&tcf.special_features);
    let mut without_choice = names(&tcf.special_purposes);
    without_choice.extend(names(&tcf.features));
    let count = purposes.len() + special_features.len() + without_choice.len();
    let summary = texts.tcf_list.replace("{n}", &count.to_string());
    // IAB's names are in English where IAB has no translation: said so, for screen readers' pronunciation.
    let names_lang = (tcf.language != language).then(|| tcf.language.clone());
    // Open if the visitor opened it on the painted layer this one replaces (only in the browser: the endpoint
    // renders it closed).
    #[cfg(target_arch = "wasm32")]
    let open = crate::early_handover::tcf_list_open();
    #[cfg(not(target_arch = "wasm32"))]
    let open = false;
    let groups = [
        (texts.tcf_purposes.clone(), purposes),
        (texts.tcf_special_features.clone(), special_features),
        (texts.tcf_without_choice.clone(), without_choice),
    ]
    .into_iter()
    .filter(|(_, items)| !items.is_empty())
    .map(|(heading, items)| {
        view! {
            <h3 class="cb-tcf-heading">{heading}</h3>
            <ul class="cb-tcf-items" lang=names_lang.clone()>
                {items.into_iter().map(|name| view! { <li>{name}</li> }).collect_view()}
            </ul>
        }
    })
    .collect_view();
    view! {
        <div class="cb-tcf" data-consent-tcf="">
            <p class="cb-text">
                {before}
                <button
                    type="button"
                    class="cb-link cb-link-button"
                    data-consent-action="partners"
                    on:click=move |_| partners.run(())
                >
                    {partners_label}
                </button>
                {after}
            </p>
            {objection}
            <p class="cb-text">{scope}</p>
            <details class="cb-tcf-list" data-consent-tcf-list="" open=open>
                <summary>{summary}</summary>
                {groups}
            </details>
        </div>
    }
}
