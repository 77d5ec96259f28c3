//! The `regions` section read and refused, the regime per region (unknown and contradictory regions failing
//! closed), and what each regime turns on before a choice.

use proptest::prelude::*;

use super::resolve::region_of;
use super::*;
use crate::config::consent_mode::ConsentModeType;
use crate::config::tests::DEMO;
use crate::config::{ConfigError, SiteConfig};
use crate::decision::Decision;

/// The demo config with this `regions` section.
fn with_regions(regions: &str) -> Result<SiteConfig, ConfigError> {
    let json = DEMO.trim_end().trim_end_matches('}').to_owned() + ", \"regions\": " + regions + "}";
    SiteConfig::from_json(&json)
}

fn problems(regions: &str) -> Vec<String> {
    match with_regions(regions) {
        Err(ConfigError::Invalid(list)) => list.iter().map(ToString::to_string).collect(),
        other => panic!("expected field problems, got {other:?}"),
    }
}

const US_SITE: &str = r#"{
    "default": "opt_in",
    "rules": [
        {"regions": ["US-CA", "us-co"], "regime": "opt_out"},
        {"regions": ["US"], "regime": "notice"},
        {"regions": ["US-TX"], "regime": "none"}
    ]
}"#;

fn us_site() -> SiteConfig {
    with_regions(US_SITE).unwrap()
}

fn regime(config: &SiteConfig, country: Option<&str>, subdivision: Option<&str>) -> (Regime, String) {
    let applicable = config.applicable(country, subdivision);
    (applicable.regime, applicable.jurisdiction)
}

#[test]
fn a_config_without_regions_is_opt_in_everywhere_and_served_as_before() {
    let config = SiteConfig::from_json(DEMO).unwrap();
    assert_eq!(config.regions, None);
    assert_eq!(regime(&config, Some("US"), Some("CA")), (Regime::OptIn, "US-CA".into()));
    assert_eq!(regime(&config, None, None), (Regime::OptIn, UNKNOWN_JURISDICTION.into()));
    assert!(serde_json::to_value(&config).unwrap().get("regions").is_none());
}

#[test]
fn a_subdivision_rule_wins_over_its_country_whatever_the_order() {
    let config = us_site();
    assert_eq!(regime(&config, Some("US"), Some("CA")), (Regime::OptOut, "US-CA".into()));
    assert_eq!(regime(&config, Some("us"), Some("US-CO")), (Regime::OptOut, "US-CO".into()));
    assert_eq!(regime(&config, Some("US"), Some("TX")), (Regime::None, "US-TX".into()), "named after US");
    assert_eq!(regime(&config, Some("US"), Some("NY")), (Regime::Notice, "US-NY".into()));
    assert_eq!(regime(&config, Some("DE"), Some("BY")), (Regime::OptIn, "DE-BY".into()), "the default");
}

#[test]
fn an_unknown_region_gets_the_strictest_regime_named() {
    let config = us_site();
    for (country, subdivision) in [
        (None, None),
        (Some(""), None),
        (Some("USA"), Some("CA")),
        (Some("XX"), None),
        (Some("T1"), None),
        (Some("FR"), Some("US-CA")),
    ] {
        assert_eq!(
            regime(&config, country, subdivision),
            (Regime::OptIn, UNKNOWN_JURISDICTION.into()),
            "{country:?} {subdivision:?}"
        );
    }
    // A section that names nothing stricter than opt-out fails closed to opt-out.
    let lax = with_regions(r#"{"default": "notice", "rules": [{"regions": ["US-CA"], "regime": "opt_out"}]}"#);
    assert_eq!(regime(&lax.unwrap(), None, None), (Regime::OptOut, UNKNOWN_JURISDICTION.into()));
    let laxest = with_regions(r#"{"default": "none"}"#).unwrap();
    assert_eq!(regime(&laxest, Some("??"), None).0, Regime::None);
}

#[test]
fn a_country_without_a_usable_subdivision_gets_the_strictest_of_its_own() {
    let config = us_site();
    // The visitor may be in California: opt-out beats the US's notice.
    assert_eq!(regime(&config, Some("US"), None), (Regime::OptOut, "US".into()));
    assert_eq!(regime(&config, Some("US"), Some("C@")), (Regime::OptOut, "US".into()));
    // The subdivision alone names its country.
    assert_eq!(regime(&config, None, Some("US-CA")), (Regime::OptOut, "US-CA".into()));
    assert_eq!(regime(&config, Some("CA"), None), (Regime::OptIn, "CA".into()), "Canada, the default");
}

#[test]
fn bad_rules_are_named_by_their_path() {
    assert_eq!(
        problems(
            r#"{"default": "opt-in", "rules": [
                {"regions": ["US-CA"], "regime": "opt_out"},
                {"regions": [], "regime": "notice"},
                {"regions": ["DE", "Germany", "us-ca", "US-CALI"], "regime": "strict"}
            ]}"#
        ),
        [
            "regions.default: 'opt-in' is not a regime: use opt_in, opt_out, notice, none",
            "regions.rules[1].regions: must name at least one region",
            "regions.rules[2].regime: 'strict' is not a regime: use opt_in, opt_out, notice, none",
            "regions.rules[2].regions[1]: 'Germany' is not a country (ISO 3166-1 alpha-2, 'US') or subdivision \
             (ISO 3166-2, 'US-CA')",
            "regions.rules[2].regions[2]: 'us-ca' is named by an earlier rule",
            "regions.rules[2].regions[3]: 'US-CALI' is not a country (ISO 3166-1 alpha-2, 'US') or subdivision \
             (ISO 3166-2, 'US-CA')",
        ]
    );
    let err = with_regions(r#"{"rules": [{"regions": ["US"], "regime": "none", "link": true}]}"#).unwrap_err();
    assert!(err.to_string().contains("unknown field `link`"), "{err}");
}

/// Europe in two words: the EU's rule for its members, the EEA's for Iceland, Liechtenstein and Norway, a country's
/// own rule over both, and a state named by a group still a known region.
const EUROPE: &str = r#"{
    "default": "none",
    "rules": [
        {"regions": ["EEA"], "regime": "opt_in"},
        {"regions": ["DE"], "regime": "notice"},
        {"regions": ["eu", "US-CA"], "regime": "opt_out"}
    ]
}"#;

#[test]
fn a_rule_may_name_the_eu_or_the_eea_and_a_country_rule_wins_over_its_group() {
    let config = with_regions(EUROPE).unwrap();
    assert_eq!(regime(&config, Some("NO"), None), (Regime::OptIn, "NO".into()), "EEA, not EU");
    assert_eq!(regime(&config, Some("LI"), Some("LI-01")), (Regime::OptIn, "LI-01".into()));
    assert_eq!(regime(&config, Some("FR"), None), (Regime::OptOut, "FR".into()), "the EU's rule before the EEA's");
    assert_eq!(regime(&config, Some("GR"), None), (Regime::OptOut, "GR".into()));
    assert_eq!(regime(&config, Some("DE"), Some("BY")), (Regime::Notice, "DE-BY".into()), "its own rule");
    assert_eq!(regime(&config, Some("GB"), None), (Regime::None, "GB".into()), "not in either group");
    assert_eq!(regime(&config, Some("CH"), None), (Regime::None, "CH".into()));
    assert_eq!(regime(&config, None, None), (Regime::OptIn, UNKNOWN_JURISDICTION.into()), "the strictest, a group's");
    let served = serde_json::to_value(&config).unwrap();
    assert_eq!(
        served["regions"]["rules"],
        serde_json::json!([
            {"regions": ["EEA"], "regime": "opt_in"},
            {"regions": ["EU"], "regime": "opt_out"},
            {"regions": ["DE"], "regime": "notice"},
            {"regions": ["US-CA"], "regime": "opt_out"}
        ])
    );
    let again = with_regions(&served["regions"].to_string()).unwrap();
    assert_eq!(again.regions, config.regions, "the served section reads back as itself");
}

#[test]
fn codes_no_cdn_sends_are_refused_with_the_code_to_use() {
    assert_eq!(
        problems(
            r#"{"rules": [{"regions": ["UK", "el"], "regime": "opt_in"}, {"regions": ["EU", "Eu"], "regime": "opt_out"}]}"#
        ),
        [
            "regions.rules[0].regions[0]: 'UK' is not the United Kingdom's ISO 3166-1 code, which CDNs send: use 'GB'",
            "regions.rules[0].regions[1]: 'EL' is not Greece's ISO 3166-1 code, which CDNs send: use 'GR'",
            "regions.rules[1].regions[1]: 'Eu' is named by an earlier rule",
        ]
    );
}

#[test]
fn the_section_is_served_checked_and_uppercase() {
    let served = serde_json::to_value(us_site()).unwrap();
    assert_eq!(
        served["regions"],
        serde_json::json!({"default": "opt_in", "rules": [
            {"regions": ["US-CA"], "regime": "opt_out"},
            {"regions": ["US-CO"], "regime": "opt_out"},
            {"regions": ["US"], "regime": "notice"},
            {"regions": ["US-TX"], "regime": "none"}
        ]})
    );
    // The banner reads the served config with the same reader: the section must read back as itself.
    let again = with_regions(&served["regions"].to_string()).unwrap();
    assert_eq!(again.regions, us_site().regions);
    let defaulted = with_regions(r#"{"rules": [{"regions": ["US"], "regime": "opt_out"}]}"#).unwrap();
    assert_eq!(defaulted.regions.unwrap().default, Regime::OptIn, "no default means opt-in");
}

fn on(decisions: &crate::decision::Decisions) -> Vec<&str> {
    decisions.iter().filter(|(_, d)| **d == Decision::Granted).map(|(id, _)| id.as_str()).collect()
}

#[test]
fn before_a_choice_each_regime_turns_on_what_it_allows() {
    let config = us_site(); // necessary (required), analytics, marketing (sells or shares by default)
    assert_eq!(on(&before_choice(&config, Regime::OptIn, false)), ["necessary"]);
    assert_eq!(on(&before_choice(&config, Regime::OptIn, true)), ["necessary"]);
    assert_eq!(on(&before_choice(&config, Regime::OptOut, false)), ["analytics", "marketing", "necessary"]);
    assert_eq!(on(&before_choice(&config, Regime::OptOut, true)), ["analytics", "necessary"], "GPC opts out");
    assert_eq!(on(&before_choice(&config, Regime::Notice, false)), ["analytics", "marketing", "necessary"]);
    assert_eq!(on(&before_choice(&config, Regime::None, true)), ["analytics", "necessary"]);
}

#[test]
fn consent_mode_defaults_follow_the_regime() {
    let config = us_site();
    let granted = |regime, gpc| -> Vec<&'static str> {
        consent_mode_defaults(&config, regime, gpc)
            .into_iter()
            .filter(|(_, d)| *d == Decision::Granted)
            .map(|(t, _)| t.as_str())
            .collect()
    };
    assert_eq!(granted(Regime::OptIn, false), ["functionality_storage", "security_storage"]);
    assert_eq!(
        granted(Regime::OptOut, false),
        [
            "ad_storage",
            "ad_user_data",
            "ad_personalization",
            "analytics_storage",
            "functionality_storage",
            "security_storage"
        ]
    );
    let with_gpc = consent_mode_defaults(&config, Regime::OptOut, true);
    assert_eq!(with_gpc[&ConsentModeType::AdStorage], Decision::Denied);
    assert_eq!(with_gpc[&ConsentModeType::AnalyticsStorage], Decision::Granted);
}

#[test]
fn regimes_are_ordered_by_strictness() {
    assert!(Regime::OptIn > Regime::OptOut && Regime::OptOut > Regime::Notice && Regime::Notice > Regime::None);
    for name in Regime::NAMES {
        assert_eq!(serde_json::to_value(Regime::parse(name).unwrap()).unwrap(), name);
    }
    assert!(Regime::OptIn.consent_first() && !Regime::OptOut.consent_first());
    assert!(Regime::OptOut.do_not_sell_link() && !Regime::Notice.do_not_sell_link());
    assert!(Regime::Notice.shows_banner() && !Regime::None.shows_banner());
}

fn any_regime() -> impl Strategy<Value = Regime> {
    prop_oneof![Just(Regime::OptIn), Just(Regime::OptOut), Just(Regime::Notice), Just(Regime::None)]
}

proptest! {
    /// Whatever the rules, an unknown region is never laxer than any region the config names, nor a country
    /// without its subdivision laxer than any of its subdivisions.
    #[test]
    fn unknown_regions_fail_closed(
        default in any_regime(),
        rules in proptest::collection::btree_map("[B-D]{2}(-[B-D0-9]{1,2})?", any_regime(), 0..12),
        country in "[B-D]{2}",
        header in proptest::option::of("[B-D0-9]{0,4}"),
    ) {
        let rules: Vec<String> = rules
            .iter()
            .map(|(region, regime)| format!(
                r#"{{"regions": ["{region}"], "regime": "{}"}}"#,
                serde_json::to_value(regime).unwrap().as_str().unwrap()
            ))
            .collect();
        let section = format!(
            r#"{{"default": "{}", "rules": [{}]}}"#,
            serde_json::to_value(default).unwrap().as_str().unwrap(),
            rules.join(",")
        );
        let config = with_regions(&section).unwrap();
        let regions = config.regions.as_ref().unwrap();
        // A subdivision without a country names no country, so the region is unknown.
        let unknown = config.applicable(None, header.as_deref()).regime;
        prop_assert_eq!(config.applicable(None, header.as_deref()).jurisdiction, UNKNOWN_JURISDICTION);
        let whole_country = config.applicable(Some(&country), None).regime;
        prop_assert!(unknown >= regions.default);
        for rule in &regions.rules {
            prop_assert!(unknown >= rule.regime);
            if rule.region.country.as_str() == country {
                prop_assert!(whole_country >= rule.regime, "{country} vs {rule:?}");
            }
            let told = String::from(rule.region.clone());
            let applied = config.applicable(Some(rule.region.country.as_str()), Some(&told)).regime;
            if rule.region.subdivision.is_some() {
                prop_assert_eq!(applied, rule.regime, "a subdivision named gets its own rule");
            }
        }
    }

    /// Garbage in the headers never panics and never gives a regime laxer than the strictest for an unknown region.
    #[test]
    fn header_garbage_is_safe(country in proptest::option::of(".{0,5}"), subdivision in proptest::option::of(".{0,8}")) {
        let config = us_site();
        let applicable = config.applicable(country.as_deref(), subdivision.as_deref());
        if applicable.jurisdiction == UNKNOWN_JURISDICTION {
            prop_assert_eq!(applicable.regime, Regime::OptIn);
        } else {
            prop_assert!(region_of(country.as_deref(), subdivision.as_deref()).is_some());
        }
    }
}

#[test]
fn the_answer_names_what_is_on_before_a_choice_with_and_without_gpc() {
    let config = us_site();
    let answer = RegimeAnswer::new(&config, &config.applicable(Some("US"), Some("CA")));
    assert_eq!((answer.regime, answer.jurisdiction.as_str()), (Regime::OptOut, "US-CA"));
    let ids = |on: &answer::BeforeChoice| on.categories.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    assert_eq!(ids(&answer.before_choice), ["analytics", "marketing", "necessary"]);
    assert_eq!(ids(&answer.with_gpc), ["analytics", "necessary"]);
    assert!(answer.with_gpc.services.iter().all(|s| !s.as_str().contains("ads")));
    assert_eq!(answer.texts.do_not_sell, answer::DO_NOT_SELL);
}

#[test]
fn an_unknown_visitor_gets_nothing_before_a_choice() {
    let config = us_site();
    let answer = RegimeAnswer::new(&config, &config.applicable(None, None));
    assert_eq!((answer.regime, answer.jurisdiction.as_str()), (Regime::OptIn, UNKNOWN_JURISDICTION));
    assert_eq!(answer.before_choice.categories.iter().map(|c| c.as_str()).collect::<Vec<_>>(), ["necessary"]);
    let analytics = answer.before_choice.consent_mode.get(&ConsentModeType::AnalyticsStorage);
    assert_ne!(analytics, Some(&Decision::Granted));
}

#[test]
fn the_site_words_its_link_and_notice() {
    let regions = r#"{"default": "opt_out", "texts": {"do_not_sell": "Ne vendez pas mes données"}}"#;
    let config = with_regions(regions).unwrap();
    let answer = RegimeAnswer::new(&config, &config.applicable(Some("FR"), None));
    assert_eq!(answer.texts.do_not_sell, "Ne vendez pas mes données");
    assert_eq!(answer.texts.ok, answer::NOTICE_OK);
    let empty = problems(r#"{"texts": {"notice": " "}}"#);
    assert!(empty[0].starts_with("regions.texts.notice"), "{empty:?}");
}

#[test]
fn gpc_makes_an_opt_out_record_only_for_a_site_with_regions() {
    let config = us_site();
    let choices = crate::early_choice::EarlyChoices::for_config(&config, "en", None).expect("no policy by URL");
    let gpc = choices.gpc.expect("a site with regions");
    assert_eq!(gpc.submission.action, crate::choice::Action::Gpc);
    assert!(gpc.submission.gpc);
    assert_eq!(gpc.submission.decisions.get("marketing"), Some(&Decision::Denied));
    assert_eq!(gpc.submission.decisions.get("analytics"), Some(&Decision::Granted));
    let plain = SiteConfig::from_json(DEMO).unwrap();
    assert_eq!(crate::early_choice::EarlyChoices::for_config(&plain, "en", None).and_then(|c| c.gpc), None);
}

#[test]
fn a_site_whose_rules_let_us_visitors_opt_out_is_one_whose_pages_need_gpp() {
    let rules = |regions: &str| with_regions(regions).unwrap().regions.unwrap();
    assert!(us_site().regions.unwrap().opts_out_in_us(), "California and Colorado opt out");
    assert!(rules(r#"{"default": "opt_out", "rules": [{"regions": ["EEA"], "regime": "opt_in"}]}"#).opts_out_in_us());
    assert!(rules(r#"{"default": "opt_in", "rules": [{"regions": ["US"], "regime": "opt_out"}]}"#).opts_out_in_us());
    assert!(!rules(r#"{"default": "opt_in", "rules": []}"#).opts_out_in_us());
    let elsewhere = r#"{"default": "opt_in", "rules": [{"regions": ["CA-QC", "BR"], "regime": "opt_out"}]}"#;
    assert!(!rules(elsewhere).opts_out_in_us(), "Quebec and Brazil are not the US");
    let us_notice = r#"{"default": "opt_out", "rules": [{"regions": ["US"], "regime": "notice"}]}"#;
    assert!(!rules(us_notice).opts_out_in_us(), "the US rule wins over the default");
}
