//! The config's `"regions"` section: the regime for each country or subdivision named, and for everywhere else.
//!
//! ```json
//! "regions": {
//!   "default": "opt_in",
//!   "rules": [
//!     {"regions": ["US-CA", "US-CO", "US-CT", "US-VA"], "regime": "opt_out"},
//!     {"regions": ["US"], "regime": "notice"},
//!     {"regions": ["BR"], "regime": "opt_in"}
//!   ]
//! }
//! ```
//!
//! A subdivision's rule wins over its country's, and a country's over its group's (`EU`, `EEA`: [`super::group`])
//! whatever their order, so the order of rules does not matter and a region may be named once only. The served config writes the section in the same shape, one region a rule and
//! codes in uppercase, so that it reads back as itself.

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use super::group::{reserved_code_hint, CountryGroup};
use super::regime::Regime;
use super::region::Region;
use crate::field_error::FieldError;

/// Which privacy regime applies where, as written.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Regions"))]
#[serde(deny_unknown_fields)]
pub struct RegionsWire {
    /// The regime where no rule applies: `opt_in` (nothing before consent), `opt_out` (trackers run until the
    /// visitor opts out), `notice` (notice only) or `none`. Default `opt_in`.
    #[serde(default)]
    #[cfg_attr(feature = "schema", schemars(schema_with = "regime_schema"))]
    default: Option<String>,
    /// The regimes of the countries and subdivisions named. A subdivision's rule wins over its country's.
    #[serde(default)]
    rules: Vec<RegionRuleWire>,
    /// The words the page shows under the opt-out and notice regimes; each has an English default.
    #[serde(default)]
    texts: RegionTexts,
}

/// The words of the opt-out link and of the notice, in the config's language; English when left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RegionTexts {
    /// The opt-out regime's link, which opens the choice. Default "Do Not Sell or Share My Personal Information".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub do_not_sell: Option<String>,
    /// The notice regime's notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<String>,
    /// The button that closes the notice. Default "OK".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ok: Option<String>,
}

impl RegionTexts {
    fn is_empty(&self) -> bool {
        self == &RegionTexts::default()
    }
}

/// One rule: a regime for some regions.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "RegionRule"))]
#[serde(deny_unknown_fields)]
struct RegionRuleWire {
    /// Countries (ISO 3166-1 alpha-2, `DE`), subdivisions (ISO 3166-2, `US-CA`) and the groups `EU` and `EEA`.
    #[cfg_attr(feature = "schema", schemars(length(min = 1)))]
    regions: Vec<String>,
    /// `opt_in`, `opt_out`, `notice` or `none`.
    #[cfg_attr(feature = "schema", schemars(schema_with = "regime_schema"))]
    regime: String,
}

#[cfg(feature = "schema")]
fn regime_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "string", "enum": Regime::NAMES })
}

/// One region's regime, as checked; served as a rule of one region, `{"regions": ["US-CA"], "regime": "opt_out"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionRule {
    /// The country or subdivision.
    pub region: Region,
    /// Its regime.
    pub regime: Regime,
}

impl Serialize for RegionRule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut rule = serializer.serialize_struct("RegionRule", 2)?;
        rule.serialize_field("regions", &[&self.region])?;
        rule.serialize_field("regime", &self.regime)?;
        rule.end()
    }
}

/// A group's regime, as checked; served as `{"regions": ["EEA"], "regime": "opt_in"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupRule {
    /// The group.
    pub group: CountryGroup,
    /// Its regime.
    pub regime: Regime,
}

impl Serialize for GroupRule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut rule = serializer.serialize_struct("RegionRule", 2)?;
        rule.serialize_field("regions", &[self.group])?;
        rule.serialize_field("regime", &self.regime)?;
        rule.end()
    }
}

/// The checked section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionalRules {
    /// The regime where no rule applies.
    pub default: Regime,
    /// One rule a region, in the order the config names them; no region twice.
    pub rules: Vec<RegionRule>,
    /// One rule a group, in the order the config names them; no group twice.
    pub groups: Vec<GroupRule>,
    /// The words of the opt-out link and the notice, as written (left out of the served config when none).
    pub texts: RegionTexts,
}

/// Served as written: the groups' rules first, then one rule a region, then the words if any.
impl Serialize for RegionalRules {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(untagged)]
        enum AnyRule<'a> {
            Group(&'a GroupRule),
            Region(&'a RegionRule),
        }
        let rules: Vec<AnyRule> =
            self.groups.iter().map(AnyRule::Group).chain(self.rules.iter().map(AnyRule::Region)).collect();
        let texts = !self.texts.is_empty();
        let mut section = serializer.serialize_struct("RegionalRules", 2 + usize::from(texts))?;
        section.serialize_field("default", &self.default)?;
        section.serialize_field("rules", &rules)?;
        if texts {
            section.serialize_field("texts", &self.texts)?;
        }
        section.end()
    }
}

impl RegionalRules {
    /// The rule naming exactly this region.
    pub fn rule(&self, region: &Region) -> Option<Regime> {
        self.rules.iter().find(|rule| &rule.region == region).map(|rule| rule.regime)
    }

    /// The rule of the narrowest group naming `region`'s country (the EU's before the EEA's).
    pub fn group_rule(&self, region: &Region) -> Option<Regime> {
        let mut groups: Vec<&GroupRule> =
            self.groups.iter().filter(|rule| rule.group.contains(region.country)).collect();
        groups.sort_by_key(|rule| rule.group);
        groups.first().map(|rule| rule.regime)
    }

    /// The strictest regime the section names, the default included: what applies where the region is unknown.
    pub fn strictest(&self) -> Regime {
        let regimes = self.rules.iter().map(|rule| rule.regime).chain(self.groups.iter().map(|rule| rule.regime));
        regimes.fold(self.default, Regime::max)
    }
}

fn parse_regime(name: &str, path: String, problems: &mut Vec<FieldError>) -> Option<Regime> {
    let regime = Regime::parse(name);
    if regime.is_none() {
        problems.push(FieldError::new(path, format!("'{name}' is not a regime: use {}", Regime::NAMES.join(", "))));
    }
    regime
}

/// Checks the section, adding each problem to `problems` with its path (`regions.rules[2].regime`).
pub fn check_regions(wire: RegionsWire, problems: &mut Vec<FieldError>) -> Option<RegionalRules> {
    let before = problems.len();
    let default = match wire.default {
        Some(name) => parse_regime(&name, "regions.default".into(), problems),
        None => Some(Regime::OptIn),
    };
    let mut rules: Vec<RegionRule> = Vec::new();
    let mut groups: Vec<GroupRule> = Vec::new();
    for (index, rule) in wire.rules.into_iter().enumerate() {
        let regime = parse_regime(&rule.regime, format!("regions.rules[{index}].regime"), problems);
        if rule.regions.is_empty() {
            problems.push(FieldError::new(format!("regions.rules[{index}].regions"), "must name at least one region"));
        }
        for (at, text) in rule.regions.iter().enumerate() {
            let path = format!("regions.rules[{index}].regions[{at}]");
            if let Some(group) = CountryGroup::parse(text) {
                if groups.iter().any(|rule| rule.group == group) {
                    problems.push(FieldError::new(path, format!("'{text}' is named by an earlier rule")));
                } else {
                    groups.push(GroupRule { group, regime: regime.unwrap_or(Regime::OptIn) });
                }
                continue;
            }
            if let Some(hint) = reserved_code_hint(text) {
                problems.push(FieldError::new(path, hint));
                continue;
            }
            match Region::parse(text) {
                Err(reason) => problems.push(FieldError::new(path, reason)),
                Ok(region) if rules.iter().any(|r| r.region == region) => {
                    problems.push(FieldError::new(path, format!("'{text}' is named by an earlier rule")))
                }
                Ok(region) => rules.push(RegionRule { region, regime: regime.unwrap_or(Regime::OptIn) }),
            }
        }
    }
    if problems.len() > before {
        return None;
    }
    for (field, text) in
        [("do_not_sell", &wire.texts.do_not_sell), ("notice", &wire.texts.notice), ("ok", &wire.texts.ok)]
    {
        if text.as_ref().is_some_and(|text| text.trim().is_empty()) {
            problems.push(FieldError::new(
                format!("regions.texts.{field}"),
                "must not be empty: leave it out for the English default",
            ));
        }
    }
    if problems.len() > before {
        return None;
    }
    Some(RegionalRules { default: default?, rules, groups, texts: wire.texts })
}
