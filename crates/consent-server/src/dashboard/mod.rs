//! The console's dashboard: a site's decisions over a range of UTC days, per day, week or month, with the shares of
//! what visitors did, the opt-in rate of every category, the GPC share, and the split by locale and banner layer.
//!
//! How records count: every record is one decision, on the UTC day the endpoint received it. A record that replaces
//! an earlier choice of the same visitor (a changed mind, a withdrawal) is a decision of its own, and the earlier one
//! still counts on its day: the dashboard shows choices made, not visitors. `replacements` says how many of the
//! decisions replaced an earlier one, so `decisions - replacements` is first choices. Purged records no longer count.

pub mod csv;

use std::collections::BTreeMap;

use serde::Serialize;
use time::{Date, Duration, OffsetDateTime};

use crate::store::dashboard::{DashboardRows, DAY_MS};

/// What visitors can do, as the log names it: always listed, so charts and CSV columns do not come and go.
pub const ACTIONS: [&str; 5] = ["accept_all", "reject_all", "custom", "withdraw", "gpc"];

/// How days are grouped into periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    /// Calendar days (UTC).
    Day,
    /// ISO weeks, Monday to Sunday.
    Week,
    /// Calendar months.
    Month,
}

impl Granularity {
    /// The granularity named `text`, if any.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "day" => Some(Granularity::Day),
            "week" => Some(Granularity::Week),
            "month" => Some(Granularity::Month),
            _ => None,
        }
    }

    /// The first day of the period holding `day`.
    fn period_of(self, day: Date) -> Date {
        match self {
            Granularity::Day => day,
            Granularity::Week => {
                day.checked_sub(Duration::days(i64::from(day.weekday().number_days_from_monday()))).unwrap_or(day)
            }
            Granularity::Month => day.replace_day(1).unwrap_or(day),
        }
    }
}

/// A count and its share of all decisions of the same period (0 to 1; 0 when there were none).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Share {
    /// How many decisions of the period this count is.
    pub decisions: u64,
    /// Those decisions as a fraction of all the period's decisions, 0 to 1.
    pub share: f64,
}

/// One category: how many decisions named it, how many granted it, and the ratio (0 when none named it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct OptIn {
    /// How many decisions held a decision for the category.
    pub decisions: u64,
    /// How many of those granted it.
    pub granted: u64,
    /// `granted / decisions`, 0 to 1; 0 when no decision named the category.
    pub opt_in_rate: f64,
}

/// The numbers of one period, or of the whole range.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Breakdown {
    /// Every decision received in the period.
    pub decisions: u64,
    /// Of the decisions, those that replaced an earlier choice of the same visitor.
    pub replacements: u64,
    /// Decisions sent with Global Privacy Control on.
    pub gpc: Share,
    /// By action: every one of [`ACTIONS`], and any other the log holds.
    pub actions: BTreeMap<String, Share>,
    /// By category id.
    pub categories: BTreeMap<String, OptIn>,
    /// By the visitor's locale.
    pub locales: BTreeMap<String, Share>,
    /// By the banner layer where the choice was made (`first_layer`, `preferences`, `placeholder`, `api`, `signal`).
    pub ui_layers: BTreeMap<String, Share>,
}

/// One period: its first day (`YYYY-MM-DD`) and its numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Period {
    /// The period's first day (`YYYY-MM-DD`, UTC).
    pub start: String,
    /// The period's counts (its fields inline in the JSON).
    #[serde(flatten)]
    pub numbers: Breakdown,
}

/// The answer of `GET /v1/sites/{site}/dashboard`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dashboard {
    /// The site counted.
    pub site: String,
    /// The first day counted (`YYYY-MM-DD`).
    pub from: String,
    /// The day after the last day counted (`YYYY-MM-DD`, exclusive).
    pub to: String,
    /// How the range is cut into `periods`.
    pub granularity: Granularity,
    /// The counts over the whole range.
    pub totals: Breakdown,
    /// Every period of the range, oldest first, those without decisions included (with zeros).
    pub periods: Vec<Period>,
}

impl Dashboard {
    /// Sums `rows` (the rollups of the days in `[from_day_ms, to_day_ms)`, both midnights UTC) into periods.
    pub fn build(site: &str, from_day_ms: i64, to_day_ms: i64, granularity: Granularity, rows: &DashboardRows) -> Self {
        let mut periods: BTreeMap<Date, Breakdown> = BTreeMap::new();
        let mut day_ms = from_day_ms;
        while day_ms < to_day_ms {
            periods.entry(granularity.period_of(date(day_ms))).or_default();
            let Some(next) = day_ms.checked_add(DAY_MS) else { break };
            day_ms = next;
        }
        let mut totals = Breakdown::default();
        let mut each = |day_ms: i64, add: &dyn Fn(&mut Breakdown)| {
            add(&mut totals);
            add(periods.entry(granularity.period_of(date(day_ms))).or_default());
        };
        for (day, action, gpc, decisions, replacements) in &rows.actions {
            let (decisions, replacements) = (count(*decisions), count(*replacements));
            each(*day, &|numbers| {
                numbers.decisions += decisions;
                numbers.replacements += replacements;
                numbers.actions.entry(action.clone()).or_default().decisions += decisions;
                if *gpc != 0 {
                    numbers.gpc.decisions += decisions;
                }
            });
        }
        for (day, locale, decisions) in &rows.locales {
            each(*day, &|numbers| numbers.locales.entry(locale.clone()).or_default().decisions += count(*decisions));
        }
        for (day, layer, decisions) in &rows.ui_layers {
            each(*day, &|numbers| numbers.ui_layers.entry(layer.clone()).or_default().decisions += count(*decisions));
        }
        for (day, category, decisions, granted) in &rows.categories {
            each(*day, &|numbers| {
                let opt_in = numbers.categories.entry(category.clone()).or_default();
                opt_in.decisions += count(*decisions);
                opt_in.granted += count(*granted);
            });
        }
        totals.finish();
        let periods = periods
            .into_iter()
            .map(|(start, mut numbers)| {
                numbers.finish();
                Period { start: start.to_string(), numbers }
            })
            .collect();
        Dashboard {
            site: site.to_owned(),
            from: date(from_day_ms).to_string(),
            to: date(to_day_ms).to_string(),
            granularity,
            totals,
            periods,
        }
    }
}

impl Breakdown {
    /// Lists every action, and works out the shares and rates from the counts.
    fn finish(&mut self) {
        for action in ACTIONS {
            self.actions.entry(action.to_owned()).or_default();
        }
        let total = self.decisions;
        let share = |part: &mut Share| part.share = ratio(part.decisions, total);
        share(&mut self.gpc);
        self.actions.values_mut().chain(self.locales.values_mut()).chain(self.ui_layers.values_mut()).for_each(share);
        for opt_in in self.categories.values_mut() {
            opt_in.opt_in_rate = ratio(opt_in.granted, opt_in.decisions);
        }
    }
}

fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// A stored count; rollups never hold negative ones (a purge deletes rows that reach zero).
fn count(stored: i64) -> u64 {
    u64::try_from(stored).unwrap_or(0)
}

/// The UTC date of a midnight in Unix milliseconds (days outside the `time` crate's range clamp to its ends; the
/// route refuses such ranges before they get here).
pub fn date(day_ms: i64) -> Date {
    OffsetDateTime::from_unix_timestamp(day_ms.div_euclid(1000))
        .map_or_else(|_| if day_ms < 0 { Date::MIN } else { Date::MAX }, |at| at.date())
}
