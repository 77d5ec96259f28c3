//! The four regimes a config can name, from the strictest.

use serde::Serialize;

/// What the law where the visitor is asks of the banner. Declared from the least strict, so that `Ord` is
/// strictness: `OptIn > OptOut > Notice > None`, which [`super::resolve`] uses to fail closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Regime {
    /// No banner and nothing held (places with no applicable law the site follows).
    None,
    /// The banner informs; trackers run (a notice-only law).
    Notice,
    /// Trackers run until the visitor opts out; a "Do Not Sell or Share My Personal Information" link; Global
    /// Privacy Control is an opt-out (US states with opt-out laws).
    OptOut,
    /// Nothing but the strictly necessary before consent; TCF when the config enables it (EU/EEA, UK, Switzerland).
    OptIn,
}

impl Regime {
    /// The names a config writes, from the strictest.
    pub const NAMES: [&'static str; 4] = ["opt_in", "opt_out", "notice", "none"];

    /// The regime a config names.
    pub fn parse(name: &str) -> Option<Regime> {
        match name {
            "opt_in" => Some(Regime::OptIn),
            "opt_out" => Some(Regime::OptOut),
            "notice" => Some(Regime::Notice),
            "none" => Some(Regime::None),
            _ => None,
        }
    }

    /// Whether non-required categories wait for the visitor's consent.
    pub fn consent_first(self) -> bool {
        self == Regime::OptIn
    }

    /// Whether the page shows a "Do Not Sell or Share My Personal Information" link.
    pub fn do_not_sell_link(self) -> bool {
        self == Regime::OptOut
    }

    /// Whether the banner shows at all before a choice.
    pub fn shows_banner(self) -> bool {
        self != Regime::None
    }
}
