//! The preferences' section for a TCF site's IAB vendors: the purposes asked for consent (each off until switched
//! on), the purposes claimed on legitimate interest (each on until the visitor objects), the special features (each
//! an opt-in), what the vendors use without a choice, the list of vendors ([`crate::vendor_row`]) and Google's ad
//! tech providers outside IAB's list ([`crate::ad_tech_providers`]). The words are
//! IAB's standard texts in the visitor's language, from the vendor layer's file.

use std::collections::BTreeSet;
use std::sync::Arc;

use consent_core::tcf::vendor_layer::Described;
use consent_core::tcf::VendorLayer;
use leptos::prelude::*;

use crate::ad_tech_providers::AdTechProviders;
use crate::locale::Words;
use crate::switch::Switch;
use crate::tcf::{TcfToggles, Toggle};
use crate::vendor_row::VendorRow;

/// The section, or why it cannot be shown: a TCF site whose vendor list could not be loaded says that its vendors get
/// no consent (the banner writes no TC string then).
#[component]
pub fn TcfChoices(
    words: Arc<Words>,
    layer: Option<Arc<VendorLayer>>,
    toggles: RwSignal<TcfToggles>,
    /// The vendor list starts open (the visitor came by the first layer's "N partners").
    at_vendors: bool,
) -> impl IntoView {
    let texts = &words.texts;
    let Some(layer) = layer else {
        return view! {
            <section class="cb-tcf" data-tcf-unavailable="" tabindex="-1">
                <p class="cb-tcf-note">{texts.tcf_unavailable.clone()}</p>
            </section>
        }
        .into_any();
    };
    let lang = Some(layer.language.clone()).filter(|l| l.as_str() != words.language.as_str());
    let switches = |list: &[Described], ids: &BTreeSet<u8>, toggle: fn(u8) -> Toggle, hint: Option<String>| {
        list.iter()
            .filter_map(|d| Some((d, u8::try_from(d.id).ok().filter(|id| ids.contains(id))?)))
            .map(|(d, id)| {
                view! { <TcfSwitch described=d.clone() toggle=toggle(id) toggles hint=hint.clone() lang=lang.clone() examples=texts.tcf_examples.clone() /> }
            })
            .collect_view()
    };
    let tc = &layer.tc;
    let (has_interests, has_features) = (!tc.legitimate_interest_purposes.is_empty(), !tc.special_features.is_empty());
    let consent_view = switches(&layer.purposes, &tc.consent_purposes, Toggle::Purpose, None);
    let interests_view = switches(
        &layer.purposes,
        &tc.legitimate_interest_purposes,
        Toggle::PurposeInterest,
        Some(texts.tcf_object_hint.clone()),
    );
    let features_view = switches(&layer.special_features, &tc.special_features, Toggle::SpecialFeature, None);
    let disclosed = layer
        .special_purposes
        .iter()
        .chain(&layer.features)
        .map(|d| {
            view! {
                <li>
                    <strong>{d.name.clone()}</strong>
                    ": "
                    {d.description.clone()}
                </li>
            }
        })
        .collect_view();
    let vendors = layer
        .vendors
        .iter()
        .map(|vendor| {
            view! { <VendorRow words=words.clone() layer=layer.clone() vendor=vendor.clone() toggles /> }
        })
        .collect_view();
    let count = layer.vendors.len();
    view! {
        <section class="cb-tcf" aria-labelledby="cb-tcf-title">
            <h3 id="cb-tcf-title" class="cb-tcf-title">{texts.tcf_title.clone()}</h3>
            <p class="cb-text">{texts.tcf_section_intro.clone()}</p>
            <h4 class="cb-tcf-heading">{texts.tcf_purposes.clone()}</h4>
            <ul class="cb-categories">{consent_view}</ul>
            {has_interests
                .then(|| {
                    view! {
                        <h4 class="cb-tcf-heading">{texts.tcf_legitimate_interests.clone()}</h4>
                        <ul class="cb-categories">{interests_view}</ul>
                    }
                })}
            {has_features
                .then(|| {
                    view! {
                        <h4 class="cb-tcf-heading">{texts.tcf_special_features.clone()}</h4>
                        <ul class="cb-categories">{features_view}</ul>
                    }
                })}
            <details class="cb-services">
                <summary>{texts.tcf_without_choice.clone()}</summary>
                <ul class="cb-tcf-disclosed">{disclosed}</ul>
            </details>
            <details class="cb-services" data-tcf-vendors="" open=at_vendors>
                <summary>{texts.tcf_vendors.replace("{n}", &count.to_string())}</summary>
                <ul class="cb-service-list">{vendors}</ul>
            </details>
            <AdTechProviders words=words.clone() providers=layer.google_ad_tech_providers.clone() toggles />
        </section>
    }
    .into_any()
}

/// A purpose's or special feature's switch, labelled by its standard name and described by its standard text.
#[component]
fn TcfSwitch(
    described: Described,
    toggle: Toggle,
    toggles: RwSignal<TcfToggles>,
    /// Said before the description (for a legitimate interest: that switching off objects).
    hint: Option<String>,
    /// The texts' language, when it is not the banner's.
    lang: Option<String>,
    /// The words that open IAB's illustrations ("Examples").
    examples: String,
) -> impl IntoView {
    let input_id = format!("cb-tcf-{}", toggle.hook());
    let description_id = format!("{input_id}-description");
    view! {
        <li class="cb-category">
            <Switch
                id=input_id
                hook=("data-tcf", toggle.hook())
                described_by=description_id.clone()
                checked=toggle.checked(toggles)
                on_change=toggle.on_change(toggles)
                label=described.name.clone()
                label_class="cb-category-title"
                lang=lang.clone()
            />
            <p id=description_id class="cb-category-description" lang=lang.clone()>
                {hint.map(|hint| view! { <strong>{hint}</strong> " " })}
                {described.description.clone()}
            </p>
            {(!described.illustrations.is_empty())
                .then(|| {
                    let items = described
                        .illustrations
                        .iter()
                        .map(|example| view! { <li>{example.clone()}</li> })
                        .collect_view();
                    view! {
                        <details class="cb-services">
                            <summary>{examples}</summary>
                            <ul class="cb-tcf-disclosed" lang=lang>{items}</ul>
                        </details>
                    }
                })}
        </li>
    }
}
