//! What the endpoint's first-layer answer tells the boot loader about the visitor's regime
//! (`boot/deferred/regime.js` acts on it): the regime and jurisdiction the endpoint decided for this request, what is
//! on before any choice (with and without Global Privacy Control) and the Consent Mode state that follows, and the
//! words of the "Do Not Sell or Share" link and of the notice. Computed here so that the boot loader only copies it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::before_choice::before_choice;
use super::regime::Regime;
use super::resolve::Applicable;
use crate::choice::service_decisions;
use crate::config::consent_mode::{self, ConsentModeType};
use crate::decision::Decision;
use crate::id::{CategoryId, ServiceId};
use crate::SiteConfig;

/// The English words of the link an opt-out regime shows, as the California regulations name it.
pub const DO_NOT_SELL: &str = "Do Not Sell or Share My Personal Information";
/// The English words of the notice a notice regime shows.
pub const NOTICE: &str = "This site uses cookies and similar technologies, for example to measure visits and show \
     advertising. You can change what is used at any time in the cookie settings.";
/// The English words of the button that closes the notice.
pub const NOTICE_OK: &str = "OK";

/// The regime for one request, as the boot loader reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegimeAnswer {
    /// The regime the endpoint decided.
    pub regime: Regime,
    /// Where the endpoint decided the visitor is: `US-CA`, `DE` or `unknown`.
    pub jurisdiction: String,
    /// What is on before any choice, for a visitor without Global Privacy Control.
    pub before_choice: BeforeChoice,
    /// The same for a visitor whose browser sends Global Privacy Control (sale and sharing off).
    pub with_gpc: BeforeChoice,
    /// The words the page shows for this regime.
    pub texts: RegimeTexts,
}

/// Categories and services on, and the Consent Mode state, before any choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BeforeChoice {
    /// The categories on (always the strictly necessary ones).
    pub categories: Vec<CategoryId>,
    /// The services on: those of the categories on.
    pub services: Vec<ServiceId>,
    /// Google Consent Mode's state, for `gtag('consent', …)`.
    pub consent_mode: BTreeMap<ConsentModeType, Decision>,
}

/// The words of the regime's link and notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegimeTexts {
    /// The opt-out link.
    pub do_not_sell: String,
    /// The notice.
    pub notice: String,
    /// The notice's button.
    pub ok: String,
}

impl BeforeChoice {
    fn new(config: &SiteConfig, regime: Regime, gpc: bool) -> Self {
        let decisions = before_choice(config, regime, gpc);
        let services = service_decisions(config, &decisions);
        let on = |decision: &Decision| *decision == Decision::Granted;
        BeforeChoice {
            categories: decisions.iter().filter(|(_, d)| on(d)).map(|(id, _)| id.clone()).collect(),
            services: services.iter().filter(|(_, d)| on(d)).map(|(id, _)| id.clone()).collect(),
            consent_mode: consent_mode::state(&config.consent_mode, &decisions),
        }
    }
}

impl RegimeAnswer {
    /// The answer for a visitor to whom `applicable` applies under `config`.
    pub fn new(config: &SiteConfig, applicable: &Applicable) -> Self {
        let regime = applicable.regime;
        let texts = config.regions.as_ref().map(|rules| rules.texts.clone()).unwrap_or_default();
        RegimeAnswer {
            regime,
            jurisdiction: applicable.jurisdiction.clone(),
            before_choice: BeforeChoice::new(config, regime, false),
            with_gpc: BeforeChoice::new(config, regime, true),
            texts: RegimeTexts {
                do_not_sell: texts.do_not_sell.unwrap_or_else(|| DO_NOT_SELL.into()),
                notice: texts.notice.unwrap_or_else(|| NOTICE.into()),
                ok: texts.ok.unwrap_or_else(|| NOTICE_OK.into()),
            },
        }
    }
}
