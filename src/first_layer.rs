//! The first layer: what we ask, a link to the policy, and three equal ways to answer.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use consent_core::policy::SectionId;
use consent_core::tcf::FirstLayerTcf;
use consent_core::{Choice, SiteConfig, UiLayer};
use leptos::either::Either;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;

use crate::accept_or_reject::AcceptOrReject;
use crate::gpc_notice::GpcNotice;
use crate::locale::Words;
use crate::tcf_statement::TcfStatement;
use crate::{focus_not_obscured, focus_trap};

/// What the first layer says that depends on the visitor's browser. The banner reads it there
/// ([`Circumstances::of_this_visitor`]); the first layer the endpoint renders for the boot loader to paint before the
/// WebAssembly runs (see `early_layer`) is only used when both are false, its default.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Circumstances {
    /// The browser sends Global Privacy Control: the layer says which categories it keeps off.
    pub gpc: bool,
    /// The visitor chose under an earlier revision of the config: the layer shows the config's `revision_note`.
    pub site_changed: bool,
}

impl Circumstances {
    /// Read from this browser.
    pub fn of_this_visitor(config: &SiteConfig) -> Self {
        Self { gpc: crate::gpc::is_set(), site_changed: crate::revision_note::site_changed(config) }
    }
}

/// The first layer. It takes focus when it first appears, so that screen readers read it. As a bar or a corner box
/// it is a non-modal dialog that keeps the page's focused element from disappearing under it; as a modal
/// (`"layout": "modal"`) it covers the page with a backdrop and keeps Tab and Shift+Tab inside until the visitor
/// answers (Escape does nothing: closing is not an answer).
///
/// On a TCF site (`config.tcf`) it states what IAB's policies require of a first layer ([`TcfStatement`], from `tcf`,
/// the endpoint's statement); without it there is no informed consent to give, so it offers no "Accept all"
/// (see [`crate::tcf_first_layer`]).
#[component]
pub fn Banner(
    config: Arc<SiteConfig>,
    words: Arc<Words>,
    decide: Callback<(Choice, UiLayer)>,
    customise: Callback<()>,
    /// Opens the preferences at the vendor list (a TCF site's "N partners").
    partners: Callback<()>,
    /// Opens the policy view, when the config has a policy it can show; else the link goes to `policy_url`.
    open_policy: Option<Callback<Option<SectionId>>>,
    /// Hidden (but kept) while the preferences are open over it.
    #[prop(into)]
    hidden: Signal<bool>,
    circumstances: Circumstances,
    /// What a TCF site's first layer states; `None` for other sites, or when it could not be had.
    #[prop(optional_no_strip)]
    tcf: Option<Arc<FirstLayerTcf>>,
) -> impl IntoView {
    let texts = &words.texts;
    let without_accept = config.tcf.is_some() && tcf.is_none();
    let statement = tcf.map(|tcf| view! { <TcfStatement tcf words=words.clone() partners /> });
    let modal = config.layout.is_modal();
    let section = NodeRef::<leptos::html::Section>::new();
    let reservation = SendWrapper::new(Rc::new(RefCell::new(None)));
    let kept = reservation.clone();
    Effect::new(move |_| {
        let Some(section) = section.get() else { return };
        // A preview is framed in a page someone is working in (the console's editor): it must not take their focus
        // each time it shows the draft again.
        if !crate::boot::is_preview() {
            crate::focus_return::focus_without_scrolling(&section);
        }
        let host = section.parent_element().and_then(|p| p.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(host) = host.filter(|_| !modal) {
            *kept.borrow_mut() = focus_not_obscured::reserve(&section, &host);
        }
    });
    on_cleanup(move || drop(reservation.borrow_mut().take()));
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if let Some(section) = section.get().filter(|_| modal) {
            focus_trap::wrap_tab(&ev, &section);
        }
    };

    let policy_link = match open_policy {
        Some(open) => Some(Either::Left(view! {
            " "
            <button type="button" class="cb-link cb-link-button" data-consent-action="policy" on:click=move |_| open.run(None)>
                {texts.policy_link.clone()}
            </button>
        })),
        None => config.policy_url.clone().map(|url| {
            Either::Right(view! {
                " "
                <a class="cb-link" href=url>
                    {texts.policy_link.clone()}
                </a>
            })
        }),
    };
    view! {
        {modal.then(|| view! { <div class="cb-backdrop" aria-hidden="true" hidden=move || hidden.get()></div> })}
        <section
            class="cb-banner"
            data-consent-banner=""
            role="dialog"
            aria-modal=if modal { "true" } else { "false" }
            aria-labelledby="cb-title"
            aria-describedby="cb-text"
            tabindex="-1"
            node_ref=section
            hidden=move || hidden.get()
            on:keydown=on_keydown
        >
            <h2 id="cb-title" class="cb-title">
                {texts.title.clone()}
            </h2>
            <p id="cb-text" class="cb-text">
                {texts.description.clone()}
                {policy_link}
            </p>
            {statement}
            <crate::revision_note::RevisionNote config=config.clone() changed=circumstances.site_changed />
            <GpcNotice config=config.clone() words=words.clone() signal=circumstances.gpc />
            <div class="cb-actions">
                <AcceptOrReject words=words.clone() decide layer=UiLayer::FirstLayer without_accept />
                <button
                    type="button"
                    class="cb-button"
                    data-consent-action="customise"
                    on:click=move |_| customise.run(())
                >
                    {texts.customise.clone()}
                </button>
            </div>
        </section>
    }
}
