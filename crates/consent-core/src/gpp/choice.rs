//! From what the site does and what the visitor chose to the US sections' fields.
//!
//! A notice field says "provided" for each kind of processing the site does (the banner and its "Do Not Sell or
//! Share My Personal Information" link are that notice) and "not applicable" for the others; an opt-out field says
//! "opted out" when the visitor opted out or the browser sent Global Privacy Control, which California (11 CCR
//! 7025) and the other states with a universal opt-out rule treat as a request to opt out of sale, sharing and
//! targeted advertising; and "not applicable" where its notice is. The config says nothing of sensitive data or of a
//! visitor's age, so those fields say "not applicable": a site that processes either needs more than this.

use super::subsection::MspaFields;
use super::usca::UsCa;
use super::usnat::UsNat;
use super::values::{Consent, MspaFlag, Notice, OptOut};
use crate::config::SiteConfig;
use crate::decision::{Decision, Decisions};

/// The site's standing under the IAB Multi-State Privacy Agreement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mspa {
    /// Not a signatory, or the transaction is not covered.
    #[default]
    NotCovered,
    /// A covered transaction in Opt-Out Option Mode (the site sells or shares, and offers the opt-outs).
    OptOutOptionMode,
    /// A covered transaction in Service Provider Mode (the site's vendors act as its service providers only).
    ServiceProviderMode,
}

/// What the site does with visitors' personal data, which decides the notices it gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UsDisclosures {
    /// The site sells personal data.
    pub sells: bool,
    /// The site shares personal data for cross-context behavioural advertising (CCPA "sharing").
    pub shares: bool,
    /// The site processes personal data for targeted advertising.
    pub targeted_advertising: bool,
    /// The site's MSPA standing.
    pub mspa: Mspa,
}

impl UsDisclosures {
    /// What a config implies: a non-required category marked `sale_or_sharing` means the site sells, shares and
    /// targets ads (the banner cannot tell the three apart, and saying less would leave an opt-out unoffered).
    pub fn from_config(config: &SiteConfig, mspa: Mspa) -> Self {
        let any = config.categories.iter().any(|c| c.sale_or_sharing && !c.required);
        Self { sells: any, shares: any, targeted_advertising: any, mspa }
    }
}

/// What the visitor chose, as the US opt-outs see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UsChoice {
    /// Opted out of the sale of their personal data.
    pub sale_opt_out: bool,
    /// Opted out of its sharing.
    pub sharing_opt_out: bool,
    /// Opted out of targeted advertising.
    pub targeted_advertising_opt_out: bool,
    /// The browser sent Global Privacy Control (`Sec-GPC: 1` or `navigator.globalPrivacyControl`).
    pub gpc: bool,
}

impl UsChoice {
    /// The opt-outs a set of decisions makes: denying any category that sells or shares opts out of all three,
    /// since every such category carries all three kinds of processing (see [`UsDisclosures::from_config`]).
    pub fn from_decisions(config: &SiteConfig, decisions: &Decisions, gpc: bool) -> Self {
        let opted_out = config
            .categories
            .iter()
            .filter(|c| c.sale_or_sharing && !c.required)
            .any(|c| decisions.get(&c.id) != Some(&Decision::Granted));
        Self { sale_opt_out: opted_out, sharing_opt_out: opted_out, targeted_advertising_opt_out: opted_out, gpc }
    }
}

fn notice(applies: bool) -> Notice {
    if applies {
        Notice::Provided
    } else {
        Notice::NotApplicable
    }
}

fn opt_out(applies: bool, opted_out: bool, gpc: bool) -> OptOut {
    match (applies, opted_out || gpc) {
        (false, _) => OptOut::NotApplicable,
        (true, true) => OptOut::OptedOut,
        (true, false) => OptOut::DidNotOptOut,
    }
}

fn mspa_fields(mspa: Mspa) -> MspaFields {
    let (covered_transaction, opt_out_option_mode, service_provider_mode) = match mspa {
        Mspa::NotCovered => (false, MspaFlag::NotApplicable, MspaFlag::NotApplicable),
        Mspa::OptOutOptionMode => (true, MspaFlag::Yes, MspaFlag::No),
        Mspa::ServiceProviderMode => (true, MspaFlag::No, MspaFlag::Yes),
    };
    MspaFields { covered_transaction, opt_out_option_mode, service_provider_mode }
}

/// The `usnat` section for this site and choice.
pub fn usnat(site: &UsDisclosures, choice: &UsChoice) -> UsNat {
    UsNat {
        sharing_notice: Notice::Provided,
        sale_opt_out_notice: notice(site.sells),
        sharing_opt_out_notice: notice(site.shares),
        targeted_advertising_opt_out_notice: notice(site.targeted_advertising),
        sensitive_data_processing_opt_out_notice: Notice::NotApplicable,
        sensitive_data_limit_use_notice: Notice::NotApplicable,
        sale_opt_out: opt_out(site.sells, choice.sale_opt_out, choice.gpc),
        sharing_opt_out: opt_out(site.shares, choice.sharing_opt_out, choice.gpc),
        targeted_advertising_opt_out: opt_out(
            site.targeted_advertising,
            choice.targeted_advertising_opt_out,
            choice.gpc,
        ),
        sensitive_data_processing: [Consent::NotApplicable; 16],
        known_child_sensitive_data_consents: [Consent::NotApplicable; 3],
        personal_data_consents: Consent::NotApplicable,
        mspa: mspa_fields(site.mspa),
        gpc: Some(choice.gpc),
    }
}

/// The `usca` section for this site and choice. CPRA's "sharing" is cross-context behavioural advertising, so a
/// targeted-advertising opt-out also opts out of sharing here.
pub fn usca(site: &UsDisclosures, choice: &UsChoice) -> UsCa {
    let shares = site.shares || site.targeted_advertising;
    UsCa {
        sale_opt_out_notice: notice(site.sells),
        sharing_opt_out_notice: notice(shares),
        sensitive_data_limit_use_notice: Notice::NotApplicable,
        sale_opt_out: opt_out(site.sells, choice.sale_opt_out, choice.gpc),
        sharing_opt_out: opt_out(shares, choice.sharing_opt_out || choice.targeted_advertising_opt_out, choice.gpc),
        sensitive_data_processing: [OptOut::NotApplicable; 9],
        known_child_sensitive_data_consents: [Consent::NotApplicable; 2],
        personal_data_consents: Consent::NotApplicable,
        mspa: mspa_fields(site.mspa),
        gpc: Some(choice.gpc),
    }
}
