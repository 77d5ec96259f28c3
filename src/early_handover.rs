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
    /// The privacy policy link: the policy view opens over the first layer.
    Policy,
}

impl EarlyAction {
    /// The layer the banner opens on instead of the first layer.
    pub fn opening(&self) -> Option<Layer> {
        match self {
            EarlyAction::Decided(_) => None,
            EarlyAction::Customise => Some(Layer::Preferences),
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
        "policy" => Some(EarlyAction::Policy),
        _ => None,
    }
}

/// Removes the painted layer, once the banner's own is in the page.
pub fn remove_painted() {
    let painted = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.query_selector(&format!("{TAG}[data-consent-early]")).ok().flatten());
    if let Some(painted) = painted {
        painted.remove();
    }
}
