//! Taking over from the first layer the boot loader painted before the WebAssembly arrived
//! (boot/deferred/early-layer.js, rendered by [`crate::early_layer`] on the endpoint): the banner's own layers
//! replace it in the same task, so nothing flickers, and what the visitor clicked on it meanwhile is carried out.

use consent_core::Choice;

use crate::banner::Layer;
use crate::shadow_host::TAG;

/// What the visitor clicked on the painted first layer (the boot loader's `boot.early`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EarlyAction {
    /// "Accept all" or "Reject all": the painted layer is already gone; the choice is applied without showing one.
    Decided(Choice),
    /// "Customise": the preferences open over the first layer.
    Customise,
    /// A TCF site's "N partners": the preferences open over the first layer, at the vendor list.
    Partners,
    /// The privacy policy link: the policy view opens over the first layer.
    Policy,
}

impl EarlyAction {
    /// The layer the banner opens on instead of the first layer.
    pub fn opening(&self) -> Option<Layer> {
        match self {
            EarlyAction::Decided(_) => None,
            EarlyAction::Customise | EarlyAction::Partners => Some(Layer::Preferences),
            EarlyAction::Policy => Some(Layer::FirstLayer),
        }
    }
}

/// Takes what the visitor clicked on the painted layer, if anything: read once, when the banner is about to mount.
pub fn take_action() -> Option<EarlyAction> {
    match crate::boot::take_early_action()?.as_str() {
        "accept-all" => Some(EarlyAction::Decided(Choice::AcceptAll)),
        "reject-all" => Some(EarlyAction::Decided(Choice::RejectAll)),
        "customise" => Some(EarlyAction::Customise),
        "partners" => Some(EarlyAction::Partners),
        "policy" => Some(EarlyAction::Policy),
        _ => None,
    }
}

thread_local! {
    /// The `data-consent-action` of the painted layer's control that had focus when the banner replaced it.
    static FOCUSED_ACTION: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
    /// Whether the painted layer's TCF list was open when it was removed.
    static LIST_OPEN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Removes the painted layer, once the banner's own is in the page, remembering which of its controls had focus (the
/// "Customise" a keyboard visitor pressed, which loaded the banner): the dialog it opened gives focus back to the
/// banner's own (see [`take_focused_action`]).
pub fn remove_painted() {
    let Some(document) = web_sys::window().and_then(|window| window.document()) else { return };
    let Some(painted) = document.query_selector(&format!("{TAG}[data-consent-early]")).ok().flatten() else { return };
    if document.active_element().as_ref() == Some(&painted) {
        let focused = painted.shadow_root().and_then(|root| root.active_element());
        let action = focused.and_then(|control| control.get_attribute("data-consent-action"));
        FOCUSED_ACTION.with(|kept| kept.replace(action));
    }
    let list = painted.shadow_root().and_then(|root| root.query_selector("details[data-consent-tcf-list][open]").ok());
    LIST_OPEN.with(|open| open.set(list.flatten().is_some()));
    painted.remove();
}

/// Whether the visitor opened the TCF statement's list of purposes on the painted layer, which [`remove_painted`]
/// noted: the banner's own first layer, mounted just after, shows it open too. Taken once.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub fn tcf_list_open() -> bool {
    LIST_OPEN.with(|open| open.replace(false))
}

/// The action of the painted layer's control that had focus when it was removed, once.
pub fn take_focused_action() -> Option<String> {
    FOCUSED_ACTION.with(|kept| kept.take())
}
