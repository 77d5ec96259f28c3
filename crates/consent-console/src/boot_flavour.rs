//! Which flavour of the boot loader a site embeds (README "Sites that speak IAB TCF or GPP"): the plain
//! `consent-boot.js` has neither of IAB's page APIs, so that a site without them pays no byte for them; a config with
//! `tcf` needs `__tcfapi` and the banner built with TCF, and a site whose US visitors may opt out needs `__gpp`. Pure,
//! so it is tested natively; the embed snippet (`embed_snippet.rs`) and the live preview use it.

use consent_core::SiteConfig;
use serde_json::Value;

/// A flavour of the boot loader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BootFlavour {
    /// `consent-boot.js`: no IAB page API.
    Plain,
    /// `consent-boot-tcf.js`: `__tcfapi`, and the banner built with TCF.
    Tcf,
    /// `consent-boot-gpp.js`: `__gpp`.
    Gpp,
    /// `consent-boot-tcf-gpp.js`: both.
    TcfGpp,
}

impl BootFlavour {
    /// The flavour with `__tcfapi` if `tcf`, with `__gpp` if `gpp`.
    pub fn new(tcf: bool, gpp: bool) -> Self {
        match (tcf, gpp) {
            (false, false) => Self::Plain,
            (true, false) => Self::Tcf,
            (false, true) => Self::Gpp,
            (true, true) => Self::TcfGpp,
        }
    }

    /// Its file under `/consent/`, named as the build names it (stable, so an embed never changes).
    pub fn file(self) -> &'static str {
        match self {
            Self::Plain => "consent-boot.js",
            Self::Tcf => "consent-boot-tcf.js",
            Self::Gpp => "consent-boot-gpp.js",
            Self::TcfGpp => "consent-boot-tcf-gpp.js",
        }
    }

    /// What it adds to the plain boot loader, in one sentence for the product team.
    pub fn adds(self) -> &'static str {
        match self {
            Self::Plain => "consent-boot.js is the plain boot loader: no IAB page API, so visitors download none.",
            Self::Tcf => {
                "consent-boot-tcf.js adds IAB TCF's __tcfapi for ad tech, and loads the banner built with TCF (its \
                 vendor layer and TC strings)."
            }
            Self::Gpp => {
                "consent-boot-gpp.js adds IAB GPP's __gpp, which gives ad tech the opt-outs of visitors in the US \
                 (US National and California sections)."
            }
            Self::TcfGpp => {
                "consent-boot-tcf-gpp.js adds both IAB page APIs: __tcfapi with the banner built with TCF, and __gpp \
                 with the opt-outs of visitors in the US."
            }
        }
    }
}

/// Whether the config text enables IAB TCF (a `tcf` section that is not `null`).
pub fn has_tcf(config: &str) -> bool {
    serde_json::from_str::<Value>(config).is_ok_and(|config| config.get("tcf").is_some_and(|tcf| !tcf.is_null()))
}

/// Whether the config text's regional rules give some visitor in the US the opt-out regime, whose choice ad tech
/// reads through `__gpp` (see `RegionalRules::opts_out_in_us`); `false` for a config that does not pass the checks.
pub fn opts_out_in_us(config: &str) -> bool {
    SiteConfig::from_json(config).ok().and_then(|config| config.regions).is_some_and(|rules| rules.opts_out_in_us())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::starter_config;

    fn with(section: &str) -> String {
        starter_config("shop").replacen('{', &format!("{{{section},"), 1)
    }

    #[test]
    fn each_combination_names_its_file_and_says_what_it_adds() {
        for (tcf, gpp, file) in [
            (false, false, "consent-boot.js"),
            (true, false, "consent-boot-tcf.js"),
            (false, true, "consent-boot-gpp.js"),
            (true, true, "consent-boot-tcf-gpp.js"),
        ] {
            let flavour = BootFlavour::new(tcf, gpp);
            assert_eq!(flavour.file(), file);
            assert!(flavour.adds().starts_with(file), "{}", flavour.adds());
            assert_eq!(flavour.adds().contains("__tcfapi"), tcf, "{}", flavour.adds());
            assert_eq!(flavour.adds().contains("__gpp"), gpp, "{}", flavour.adds());
        }
    }

    #[test]
    fn a_draft_is_a_tcf_one_when_it_has_a_tcf_section() {
        assert!(has_tcf(&with(r#""tcf": {"cmp_id": 300, "cmp_version": 1, "vendors": [755]}"#)));
        assert!(!has_tcf(&starter_config("shop")));
        assert!(!has_tcf(&with(r#""tcf": null"#)));
        assert!(!has_tcf("{\"tcf\": "));
    }

    #[test]
    fn a_draft_whose_us_visitors_may_opt_out_needs_gpp() {
        let california = r#""regions": {"default": "opt_in", "rules": [{"regions": ["US-CA"], "regime": "opt_out"}]}"#;
        assert!(opts_out_in_us(&with(california)));
        let europe_only = r#""regions": {"default": "opt_in", "rules": [{"regions": ["EEA"], "regime": "opt_in"}]}"#;
        assert!(!opts_out_in_us(&with(europe_only)));
        assert!(!opts_out_in_us(&starter_config("shop")), "no regions: opt-in everywhere");
        assert!(!opts_out_in_us(&with(california).replace("\"site\"", "\"sight\"")), "a draft with problems");
    }
}
