//! The banner as the visitor meets it: the first layer, and the preferences behind "Customise".

use std::sync::Arc;

use consent_core::{Choice, SiteConfig, UiLayer};
use leptos::prelude::*;

use crate::preferences::PreferencesDialog;
use crate::{apply, boot, gpc, storage};

/// Which layer of the banner is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    FirstLayer,
    Preferences,
}

/// The whole banner. It shows `first`, and disappears once the visitor has chosen; "Cookie settings" links on the page
/// bring the preferences back.
#[component]
pub fn ConsentUi(config: Arc<SiteConfig>, first: Option<Layer>) -> impl IntoView {
    let (layer, set_layer) = signal(first);
    boot::on_show_preferences(move || set_layer.set(Some(Layer::Preferences)));
    let grant_config = config.clone();
    boot::on_grant(move |category| {
        apply::grant_category(&grant_config, &category);
        set_layer.set(None);
    });

    let decide_config = config.clone();
    let decide = Callback::new(move |(choice, ui_layer): (Choice, UiLayer)| {
        apply::apply(&decide_config, &choice, ui_layer);
        set_layer.set(None);
    });
    // Closing the preferences is not consent: without a choice that still stands, the first layer comes back.
    let close_config = config.clone();
    let close = Callback::new(move |()| {
        let decided = storage::load().is_some_and(|s| s.is_valid_for(&close_config, crate::browser::now_ms()));
        set_layer.set(if decided { None } else { Some(Layer::FirstLayer) });
    });
    let customise = Callback::new(move |()| set_layer.set(Some(Layer::Preferences)));

    move || match layer.get() {
        Some(Layer::FirstLayer) => {
            view! { <FirstLayer config=config.clone() decide=decide customise=customise /> }.into_any()
        }
        Some(Layer::Preferences) => {
            view! { <PreferencesDialog config=config.clone() decide=decide close=close /> }.into_any()
        }
        None => ().into_any(),
    }
}

/// The first layer: what we ask, and three equal ways to answer.
#[component]
fn FirstLayer(config: Arc<SiteConfig>, decide: Callback<(Choice, UiLayer)>, customise: Callback<()>) -> impl IntoView {
    let texts = config.texts_for(&config.language, None);
    let dialog = NodeRef::<leptos::html::Section>::new();
    Effect::new(move |_| {
        if let Some(section) = dialog.get() {
            let _ = section.focus();
        }
    });
    view! {
        <section
            class="cb-banner"
            data-consent-banner=""
            role="dialog"
            aria-modal="false"
            aria-labelledby="cb-title"
            aria-describedby="cb-text"
            tabindex="-1"
            node_ref=dialog
        >
            <h2 id="cb-title" class="cb-title">{texts.title.clone()}</h2>
            <p id="cb-text" class="cb-text">
                {texts.description.clone()}
                {config.policy_url.clone().map(|url| view! {
                    " " <a class="cb-link" href=url>{texts.policy_link.clone()}</a>
                })}
            </p>
            <GpcNotice config=config.clone() />
            <div class="cb-actions">
                <button type="button" class="cb-button" data-consent-action="accept-all"
                    on:click=move |_| decide.run((Choice::AcceptAll, UiLayer::FirstLayer))>
                    {texts.accept_all.clone()}
                </button>
                <button type="button" class="cb-button" data-consent-action="reject-all"
                    on:click=move |_| decide.run((Choice::RejectAll, UiLayer::FirstLayer))>
                    {texts.reject_all.clone()}
                </button>
                <button type="button" class="cb-button" data-consent-action="customise"
                    on:click=move |_| customise.run(())>
                    {texts.customise.clone()}
                </button>
            </div>
        </section>
    }
}

/// Says that the browser's Global Privacy Control signal is honoured, naming the categories it keeps off. Nothing is
/// shown without the signal, or when no category sells or shares data.
#[component]
pub fn GpcNotice(config: Arc<SiteConfig>) -> impl IntoView {
    let titles: Vec<&str> =
        config.categories.iter().filter(|c| c.sale_or_sharing && !c.required).map(|c| c.title.as_str()).collect();
    (gpc::is_set() && !titles.is_empty()).then(|| {
        let text = config.texts_for(&config.language, None).gpc_notice.replace("{categories}", &titles.join(", "));
        view! { <p class="cb-gpc" data-consent-gpc="" role="note">{text}</p> }
    })
}
