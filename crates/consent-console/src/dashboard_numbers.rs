//! The dashboard's numbers as `GET /v1/sites/{site}/dashboard` answers them (see the endpoint's `dashboard` module),
//! and the rows and series the charts and tables draw from them. Fields the console does not use are ignored, so the
//! endpoint can add numbers without breaking it. Pure, so it is tested natively.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::date_range::{Day, Granularity};
use crate::percent::percent;

/// A count and its share of all decisions of the same period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize)]
pub struct Share {
    /// How many decisions.
    pub decisions: u64,
    /// Their fraction of the period's decisions, 0 to 1.
    pub share: f64,
}

/// One category's decisions, grants and opt-in rate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize)]
pub struct OptIn {
    /// Decisions that named the category.
    pub decisions: u64,
    /// Of those, the ones that granted it.
    pub granted: u64,
    /// `granted / decisions`, 0 to 1.
    pub opt_in_rate: f64,
}

/// The numbers of one period, or of the whole range.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
pub struct Breakdown {
    /// Every decision received.
    pub decisions: u64,
    /// Decisions sent with Global Privacy Control on.
    #[serde(default)]
    pub gpc: Share,
    /// By action (`accept_all`, `reject_all`, `custom`, `withdraw`, `gpc`, and any other the log holds).
    #[serde(default)]
    pub actions: BTreeMap<String, Share>,
    /// By category id.
    #[serde(default)]
    pub categories: BTreeMap<String, OptIn>,
    /// By the visitor's locale.
    #[serde(default)]
    pub locales: BTreeMap<String, Share>,
    /// By the banner layer where the choice was made.
    #[serde(default)]
    pub ui_layers: BTreeMap<String, Share>,
}

impl Breakdown {
    /// The share of the decisions that were `action` (0 when there were none).
    pub fn action(&self, action: &str) -> Share {
        self.actions.get(action).copied().unwrap_or_default()
    }
}

/// One period: its first day and its numbers.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Period {
    /// The first day (`YYYY-MM-DD`).
    pub start: String,
    /// Its numbers (inline in the JSON).
    #[serde(flatten)]
    pub numbers: Breakdown,
}

/// The whole answer.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct DashboardNumbers {
    /// The first day counted (`YYYY-MM-DD`).
    pub from: String,
    /// The day after the last one counted (`YYYY-MM-DD`, exclusive).
    pub to: String,
    /// `day`, `week` or `month`.
    pub granularity: String,
    /// The whole range.
    pub totals: Breakdown,
    /// Every period, oldest first, empty ones included.
    pub periods: Vec<Period>,
}

/// One bar of a share chart and one row of its table.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareRow {
    /// What the bar counts, in words.
    pub label: String,
    /// How many decisions.
    pub decisions: u64,
    /// Their share of the range's decisions, 0 to 1.
    pub share: f64,
}

/// The actions in the order people read them: the two answers, the middle way, then the rarer ones.
const ACTIONS: [&str; 5] = ["accept_all", "reject_all", "custom", "withdraw", "gpc"];

/// An action as the console words it.
pub fn action_label(action: &str) -> String {
    match action {
        "accept_all" => "Accept all".into(),
        "reject_all" => "Reject all".into(),
        "custom" => "Custom choice".into(),
        "withdraw" => "Withdrawal".into(),
        "gpc" => "GPC signal alone".into(),
        other => other.to_owned(),
    }
}

/// A banner layer as the console words it.
pub fn layer_label(layer: &str) -> String {
    match layer {
        "first_layer" => "First layer".into(),
        "preferences" => "Preferences".into(),
        "placeholder" => "Content placeholder".into(),
        "api" => "Site's JavaScript API".into(),
        "signal" => "Browser signal".into(),
        other => other.to_owned(),
    }
}

impl DashboardNumbers {
    /// The granularity the endpoint used (day if it names one the console does not know).
    pub fn granularity(&self) -> Granularity {
        Granularity::parse(&self.granularity).unwrap_or_default()
    }

    /// The last day counted (`to` is exclusive), as `YYYY-MM-DD`.
    pub fn through(&self) -> String {
        Day::parse(&self.to).map_or_else(|| self.to.clone(), |day| day.plus(-1).to_string())
    }

    /// What visitors did: every action, then the share of decisions sent with GPC on (whatever the action).
    pub fn choice_rows(&self) -> Vec<ShareRow> {
        let totals = &self.totals;
        let known = ACTIONS.iter().map(|action| (*action, totals.action(action)));
        let others = totals.actions.iter().filter(|(name, _)| !ACTIONS.contains(&name.as_str()));
        let mut rows: Vec<ShareRow> = known
            .chain(others.map(|(name, share)| (name.as_str(), *share)))
            .map(|(action, share)| ShareRow {
                label: action_label(action),
                decisions: share.decisions,
                share: share.share,
            })
            .collect();
        rows.push(ShareRow {
            label: "Sent with GPC on (any action)".into(),
            decisions: totals.gpc.decisions,
            share: totals.gpc.share,
        });
        rows
    }

    /// By locale, most decisions first.
    pub fn locale_rows(&self) -> Vec<ShareRow> {
        ranked(&self.totals.locales, str::to_owned)
    }

    /// By banner layer, most decisions first.
    pub fn layer_rows(&self) -> Vec<ShareRow> {
        ranked(&self.totals.ui_layers, layer_label)
    }

    /// The category ids of the range.
    pub fn categories(&self) -> Vec<String> {
        self.totals.categories.keys().cloned().collect()
    }

    /// The category's opt-in rate in each period; `None` where no decision named it (a gap, not a zero).
    pub fn opt_in_series(&self, category: &str) -> Vec<Option<f64>> {
        self.periods
            .iter()
            .map(|period| {
                period.numbers.categories.get(category).filter(|opt_in| opt_in.decisions > 0).map(|o| o.opt_in_rate)
            })
            .collect()
    }

    /// The most decisions of any period.
    pub fn busiest(&self) -> Option<&Period> {
        self.periods.iter().filter(|period| period.numbers.decisions > 0).max_by_key(|period| period.numbers.decisions)
    }

    /// What a screen reader hears when the numbers arrive: how many decisions, over which days, per what.
    pub fn status(&self) -> String {
        let noun = if self.totals.decisions == 1 { "decision" } else { "decisions" };
        format!(
            "Showing {} {noun} from {} to {}, per {}.",
            self.totals.decisions,
            self.from,
            self.through(),
            self.granularity().name()
        )
    }

    /// The decisions chart's accessible name: the range, the total, and the busiest period.
    pub fn decisions_summary(&self) -> String {
        let per = self.granularity().name();
        let mut text =
            format!("Decisions per {per} from {} to {}: {} in all", self.from, self.through(), self.totals.decisions);
        if let Some(busiest) = self.busiest() {
            let name = if per == "day" { "on" } else { "in the one starting" };
            text.push_str(&format!("; the most, {}, {name} {}", busiest.numbers.decisions, busiest.start));
        }
        text.push('.');
        text
    }

    /// The opt-in chart's accessible name: each category's rate over the whole range.
    pub fn opt_in_summary(&self) -> String {
        let rates: Vec<String> =
            self.totals.categories.iter().map(|(id, opt_in)| format!("{id} {}", percent(opt_in.opt_in_rate))).collect();
        format!("Opt-in rate per category and {}, over the range: {}.", self.granularity().name(), rates.join(", "))
    }
}

/// A share chart's accessible name: its title and every bar.
pub fn share_summary(title: &str, rows: &[ShareRow]) -> String {
    let bars: Vec<String> = rows.iter().map(|row| format!("{} {}", row.label, percent(row.share))).collect();
    format!("{title}: {}.", bars.join(", "))
}

/// A short label for a period's axis tick: "6 Nov" for a day or a week, "Nov 2026" for a month.
pub fn period_label(start: &str, granularity: Granularity) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let mut parts = start.split('-');
    let (Some(year), Some(month), Some(day)) = (parts.next(), parts.next(), parts.next()) else {
        return start.to_owned();
    };
    let Some(name) = month.parse::<usize>().ok().and_then(|m| m.checked_sub(1)).and_then(|m| MONTHS.get(m)) else {
        return start.to_owned();
    };
    match granularity {
        Granularity::Month => format!("{name} {year}"),
        Granularity::Day | Granularity::Week => format!("{} {name}", day.trim_start_matches('0')),
    }
}

fn ranked(parts: &BTreeMap<String, Share>, label: impl Fn(&str) -> String) -> Vec<ShareRow> {
    let mut rows: Vec<ShareRow> = parts
        .iter()
        .map(|(name, share)| ShareRow { label: label(name), decisions: share.decisions, share: share.share })
        .collect();
    // Stable: equal counts keep the endpoint's (alphabetical) order.
    rows.sort_by_key(|row| std::cmp::Reverse(row.decisions));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The endpoint's answer for four decisions on one day (its own test's numbers), with a field the console does
    /// not know.
    fn four() -> DashboardNumbers {
        let share = |decisions, share| serde_json::json!({"decisions": decisions, "share": share});
        let numbers = serde_json::json!({
            "decisions": 4, "replacements": 1, "gpc": share(2, 0.5),
            "actions": {"accept_all": share(1, 0.25), "custom": share(1, 0.25), "gpc": share(0, 0.0),
                        "reject_all": share(1, 0.25), "withdraw": share(1, 0.25)},
            "categories": {"analytics": {"decisions": 4, "granted": 2, "opt_in_rate": 0.5},
                           "marketing": {"decisions": 4, "granted": 1, "opt_in_rate": 0.25}},
            "locales": {"de": share(1, 0.25), "en-GB": share(3, 0.75)},
            "ui_layers": {"first_layer": share(2, 0.5), "preferences": share(2, 0.5)},
        });
        let mut empty = serde_json::json!({"start": "2026-12-04", "decisions": 0, "replacements": 0,
            "gpc": share(0, 0.0), "actions": {}, "categories": {}, "locales": {}, "ui_layers": {}});
        let mut today = numbers.clone();
        today["start"] = "2026-12-05".into();
        empty["unknown_future_field"] = true.into();
        let body = serde_json::json!({"site": "shop", "from": "2026-12-04", "to": "2026-12-06",
            "granularity": "day", "totals": numbers, "periods": [empty, today], "new_field": 1});
        serde_json::from_value(body).unwrap()
    }

    #[test]
    fn the_endpoints_answer_is_read_ignoring_fields_the_console_does_not_know() {
        let numbers = four();
        assert_eq!(numbers.totals.decisions, 4);
        assert_eq!(numbers.totals.action("reject_all"), Share { decisions: 1, share: 0.25 });
        assert_eq!(numbers.periods[1].numbers.categories["marketing"].granted, 1);
        assert_eq!(numbers.granularity(), Granularity::Day);
        assert_eq!(numbers.through(), "2026-12-05");
    }

    #[test]
    fn choices_list_every_action_in_reading_order_then_the_gpc_share() {
        let rows = four().choice_rows();
        let labels: Vec<&str> = rows.iter().map(|row| row.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "Accept all",
                "Reject all",
                "Custom choice",
                "Withdrawal",
                "GPC signal alone",
                "Sent with GPC on (any action)"
            ]
        );
        assert_eq!((rows[5].decisions, rows[5].share), (2, 0.5));
    }

    #[test]
    fn locales_and_layers_are_ranked_by_decisions_and_worded() {
        let numbers = four();
        let locales: Vec<(String, u64)> = numbers.locale_rows().into_iter().map(|r| (r.label, r.decisions)).collect();
        assert_eq!(locales, [("en-GB".to_owned(), 3), ("de".to_owned(), 1)]);
        let layers: Vec<String> = numbers.layer_rows().into_iter().map(|row| row.label).collect();
        assert_eq!(layers, ["First layer", "Preferences"]);
    }

    #[test]
    fn a_period_without_decisions_is_a_gap_in_the_opt_in_line_not_a_zero() {
        let numbers = four();
        assert_eq!(numbers.categories(), ["analytics", "marketing"]);
        assert_eq!(numbers.opt_in_series("analytics"), [None, Some(0.5)]);
    }

    #[test]
    fn the_summaries_say_the_numbers_the_charts_draw() {
        let numbers = four();
        assert_eq!(
            numbers.decisions_summary(),
            "Decisions per day from 2026-12-04 to 2026-12-05: 4 in all; the most, 4, on 2026-12-05."
        );
        assert_eq!(
            numbers.opt_in_summary(),
            "Opt-in rate per category and day, over the range: analytics 50%, marketing 25%."
        );
        assert_eq!(share_summary("By locale", &numbers.locale_rows()), "By locale: en-GB 75%, de 25%.");
    }

    #[test]
    fn the_arrival_of_the_numbers_is_announced_in_one_sentence() {
        assert_eq!(four().status(), "Showing 4 decisions from 2026-12-04 to 2026-12-05, per day.");
    }

    #[test]
    fn axis_labels_are_short() {
        assert_eq!(period_label("2026-11-06", Granularity::Day), "6 Nov");
        assert_eq!(period_label("2026-11-30", Granularity::Week), "30 Nov");
        assert_eq!(period_label("2026-12-01", Granularity::Month), "Dec 2026");
        assert_eq!(period_label("soon", Granularity::Day), "soon");
    }
}
