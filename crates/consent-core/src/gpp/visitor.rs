//! Which sections a visitor's GPP string carries, from the regime and jurisdiction that apply to them
//! ([`crate::regions`]): the TC string where the site uses TCF (opt-in regions), `usnat` for a US visitor under the
//! opt-out regime, and `usca` besides for a Californian one (ad tech reading either finds the signal it expects).

use super::choice::{usca, usnat, UsChoice, UsDisclosures};
use super::string::GppString;
use crate::regions::{Applicable, Regime};

/// The GPP sections for a visitor to whom `applicable` applies, who chose `choice` on a site that discloses `site`;
/// `tc_string` is the visitor's TC string when the config enables TCF.
pub fn gpp_for_visitor(
    applicable: &Applicable,
    site: &UsDisclosures,
    choice: &UsChoice,
    tc_string: Option<&str>,
) -> GppString {
    let us_opt_out = applicable.regime == Regime::OptOut
        && (applicable.jurisdiction == "US" || applicable.jurisdiction.starts_with("US-"));
    GppString {
        tcf_eu: tc_string.filter(|_| applicable.regime == Regime::OptIn).map(str::to_owned),
        usnat: us_opt_out.then(|| usnat(site, choice)),
        usca: (us_opt_out && applicable.jurisdiction == "US-CA").then(|| usca(site, choice)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gpp::Mspa;

    fn sections(regime: Regime, jurisdiction: &str) -> Vec<u64> {
        let applicable = Applicable { regime, jurisdiction: jurisdiction.into() };
        let site = UsDisclosures { sells: true, shares: true, targeted_advertising: true, mspa: Mspa::NotCovered };
        gpp_for_visitor(&applicable, &site, &UsChoice::default(), Some("CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA"))
            .section_ids()
    }

    #[test]
    fn each_visitor_gets_the_sections_of_their_regime() {
        assert_eq!(sections(Regime::OptOut, "US-CA"), [7, 8]);
        assert_eq!(sections(Regime::OptOut, "US-CO"), [7]);
        assert_eq!(sections(Regime::OptOut, "US"), [7]);
        assert_eq!(sections(Regime::OptIn, "DE"), [2]);
        assert_eq!(sections(Regime::OptIn, "unknown"), [2], "fail closed: the strictest, with TCF");
        assert!(sections(Regime::OptOut, "USA").is_empty(), "not a US jurisdiction");
        assert!(sections(Regime::Notice, "US-NY").is_empty());
    }
}
