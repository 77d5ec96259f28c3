//! One IAB vendor in the preferences' vendor list: what the Policies require a vendor layer to show about it (its
//! purposes by legal basis, special purposes and features, special features, how long it keeps data, the categories
//! of data it collects, how long its cookies live, its privacy policy and legitimate-interest claim), and its switches:
//! consent where it asks for consent, legitimate interest where it claims one the visitor may object to.

use std::sync::Arc;

use consent_core::lifetime::Lifetime;
use consent_core::tcf::gvl::DataRetention;
use consent_core::tcf::retention::RetentionOf;
use consent_core::tcf::vendor_layer::{Described, VendorEntry};
use consent_core::tcf::{LegitimateInterest, VendorLayer};
use leptos::prelude::*;

use crate::locale::Words;
use crate::switch::Switch;
use crate::tcf::{TcfToggles, Toggle};

/// The names of `ids` in `list`, joined.
fn names<T: Copy + Into<u16>>(list: &[Described], ids: &[T]) -> String {
    let ids: Vec<u16> = ids.iter().map(|&id| id.into()).collect();
    list.iter().filter(|d| ids.contains(&d.id)).map(|d| d.name.as_str()).collect::<Vec<_>>().join(", ")
}

/// How long a vendor keeps data: its standard period, and each purpose or special purpose whose period differs, by
/// name ("Measure content performance", "30 days"), which the vendor layer's file keeps (consent-core's
/// `tcf::retention`). With such exceptions the standard period says that they follow ("365 days, except:").
fn retention(declared: &DataRetention, layer: &VendorLayer, words: &Words) -> (Option<String>, Vec<(String, String)>) {
    let texts = &words.texts;
    let days = |days| texts.lifetime(Lifetime::Days(days), words.language.as_str());
    let exceptions: Vec<_> = declared
        .exceptions()
        .into_iter()
        .filter_map(|exception| {
            let (list, id) = match exception.of {
                RetentionOf::Purpose(id) => (&layer.purposes, id),
                RetentionOf::SpecialPurpose(id) => (&layer.special_purposes, id),
            };
            let name = list.iter().find(|d| d.id == u16::from(id))?.name.clone();
            Some((name, days(exception.days)))
        })
        .collect();
    let standard = declared.std_retention.map(days);
    let standard = match exceptions.is_empty() {
        true => standard,
        false => standard.map(|period| texts.tcf_retention_standard.replace("{period}", &period)),
    };
    (standard, exceptions)
}

/// A cookie's life in the largest whole unit that fits (none or negative: the session).
fn cookie_life(seconds: i64) -> Lifetime {
    let whole = |unit: i64| u32::try_from(seconds / unit).unwrap_or(u32::MAX);
    match seconds {
        ..=0 => Lifetime::Session,
        1..=3_599 => Lifetime::Minutes(whole(60).max(1)),
        3_600..=86_399 => Lifetime::Hours(whole(3_600)),
        _ => Lifetime::Days(whole(86_400)),
    }
}

/// A vendor with its facts, links and switches.
#[component]
pub fn VendorRow(
    words: Arc<Words>,
    layer: Arc<VendorLayer>,
    vendor: VendorEntry,
    toggles: RwSignal<TcfToggles>,
) -> impl IntoView {
    let texts = &words.texts;
    let language = words.language.as_str();
    let terms = layer.tc.vendor(vendor.id).copied();
    let asks_consent = terms.is_some_and(|t| t.consent);
    let objectable = terms.is_some_and(|t| t.legitimate_interest == LegitimateInterest::Objectable);
    let name_id = format!("cb-vendor-{}", vendor.id);
    let fact = |label: &str, value: String| {
        (!value.is_empty()).then(|| {
            view! {
                <div>
                    <dt>{label.to_owned()}</dt>
                    <dd>{value}</dd>
                </div>
            }
        })
    };
    let without_choice =
        [names(&layer.special_purposes, &vendor.special_purposes), names(&layer.features, &vendor.features)]
            .into_iter()
            .filter(|n| !n.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
    let (standard, exceptions) =
        vendor.data_retention.as_ref().map(|r| retention(r, &layer, &words)).unwrap_or_default();
    let retention = (standard.is_some() || !exceptions.is_empty()).then(|| {
        let exceptions = (!exceptions.is_empty()).then(|| {
            let items = exceptions.into_iter().map(|(name, period)| view! { <li>{name} ": " {period}</li> });
            view! { <ul class="cb-vendor-retention">{items.collect_view()}</ul> }
        });
        view! {
            <div>
                <dt>{texts.tcf_retention.clone()}</dt>
                <dd>{standard}{exceptions}</dd>
            </div>
        }
    });
    let cookie_age = vendor.cookie_max_age_seconds.filter(|_| vendor.uses_cookies);
    let cookie_age = cookie_age.map(|s| texts.lifetime(cookie_life(s), language)).unwrap_or_default();
    let facts = view! {
        <dl class="cb-vendor-facts">
            {fact(&texts.tcf_purposes, names(&layer.purposes, &vendor.purposes))}
            {fact(&texts.tcf_legitimate_interests, names(&layer.purposes, &vendor.leg_int_purposes))}
            {fact(&texts.tcf_without_choice, without_choice)}
            {fact(&texts.tcf_special_features, names(&layer.special_features, &vendor.special_features))}
            {retention}
            {fact(&texts.tcf_data, names(&layer.data_categories, &vendor.data_declaration))}
            {fact(&texts.tcf_cookie_max_age, cookie_age)}
        </dl>
    };
    let links = vendor.urls.first().map(|url| {
        let claim = url.leg_int_claim.clone().map(|claim| {
            view! { <a class="cb-link" href=claim>{texts.tcf_claim.clone()}</a> }
        });
        view! {
            <p class="cb-vendor-links">
                <a class="cb-link" href=url.privacy.clone()>
                    {texts.provider_policy.replace("{provider}", &vendor.name)}
                </a>
                {claim}
            </p>
        }
    });
    let switch = |toggle: Toggle, label: String| {
        view! {
            <Switch
                id=format!("cb-tcf-{}", toggle.hook())
                hook=("data-tcf", toggle.hook())
                described_by=name_id.clone()
                checked=toggle.checked(toggles)
                on_change=toggle.on_change(toggles)
                label
            />
        }
    };
    view! {
        <li class="cb-service cb-vendor" data-tcf-vendor=vendor.id.to_string()>
            <p id=name_id.clone() class="cb-service-name">
                {vendor.name.clone()}
            </p>
            {facts}
            {links}
            <div class="cb-vendor-switches">
                {asks_consent.then(|| switch(Toggle::Vendor(vendor.id), texts.tcf_consent.clone()))}
                {objectable.then(|| switch(Toggle::VendorInterest(vendor.id), texts.tcf_interest_switch.clone()))}
            </div>
        </li>
    }
}
