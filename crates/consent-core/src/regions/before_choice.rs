//! What a regime means for a visitor who has not chosen yet: which categories are on, and the Google Consent Mode
//! defaults, which follow from them. Pure, so that the banner and the boot loader can mirror it.
//!
//! - `opt_in`: only the strictly necessary categories;
//! - `opt_out`, `notice` and `none`: every category, except that Global Privacy Control keeps the categories that
//!   sell or share personal data off (an opt-out under the US state laws; honoured wherever trackers run before a
//!   choice, as "Accept all" honours it).
//!
//! A visitor's own choice, once made, replaces all of this ([`crate::choice::Choice::decide_with_gpc`]).

use std::collections::BTreeMap;

use super::regime::Regime;
use crate::config::consent_mode::{self, ConsentModeType};
use crate::config::SiteConfig;
use crate::decision::{Decision, Decisions};

/// Each category's state before any choice, under `regime`, with or without Global Privacy Control.
pub fn before_choice(config: &SiteConfig, regime: Regime, gpc: bool) -> Decisions {
    let mut decisions = Decisions::new();
    decisions.extend(config.categories.iter().map(|category| {
        let opted_out = gpc && category.sale_or_sharing;
        let on = category.required || !(regime.consent_first() || opted_out);
        (category.id.clone(), if on { Decision::Granted } else { Decision::Denied })
    }));
    decisions
}

/// The Consent Mode `default` command's state under `regime`: each type granted when every category it follows is
/// on before any choice.
pub fn consent_mode_defaults(config: &SiteConfig, regime: Regime, gpc: bool) -> BTreeMap<ConsentModeType, Decision> {
    consent_mode::state(&config.consent_mode, &before_choice(config, regime, gpc))
}
