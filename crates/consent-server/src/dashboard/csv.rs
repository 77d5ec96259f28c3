//! The dashboard as CSV, for a spreadsheet: one line per period and a last `total` line, one column per number.
//!
//! Columns: `period`, `decisions`, `replacements`, `gpc`, `gpc_share`; then for each action `action:NAME` and
//! `action:NAME:share`; for each category `category:ID:decisions`, `category:ID:granted`, `category:ID:opt_in_rate`;
//! for each locale `locale:TAG` and `locale:TAG:share`; for each layer `ui_layer:NAME` and `ui_layer:NAME:share`. The
//! categories, locales and layers are those of the whole range, so every line has the same columns.

use std::collections::BTreeMap;

use super::{Breakdown, Dashboard, Share};
use crate::export::csv_cell;

impl Dashboard {
    /// The CSV text, lines ending in CRLF (RFC 4180).
    pub fn to_csv(&self) -> String {
        let totals = &self.totals;
        let mut header = vec!["period".to_owned(), "decisions".into(), "replacements".into(), "gpc".into()];
        header.push("gpc_share".into());
        let shares = |header: &mut Vec<String>, kind: &str, parts: &BTreeMap<String, Share>| {
            for name in parts.keys() {
                header.push(format!("{kind}:{name}"));
                header.push(format!("{kind}:{name}:share"));
            }
        };
        shares(&mut header, "action", &totals.actions);
        for id in totals.categories.keys() {
            for column in ["decisions", "granted", "opt_in_rate"] {
                header.push(format!("category:{id}:{column}"));
            }
        }
        shares(&mut header, "locale", &totals.locales);
        shares(&mut header, "ui_layer", &totals.ui_layers);

        let mut text = line(&header);
        for period in &self.periods {
            text.push_str(&line(&cells(&period.start, &period.numbers, totals)));
        }
        text.push_str(&line(&cells("total", totals, totals)));
        text
    }
}

/// The cells of one line: `numbers`, in the columns that `totals` (the whole range) has.
fn cells(period: &str, numbers: &Breakdown, totals: &Breakdown) -> Vec<String> {
    let mut cells = vec![period.to_owned(), numbers.decisions.to_string(), numbers.replacements.to_string()];
    cells.push(numbers.gpc.decisions.to_string());
    cells.push(numbers.gpc.share.to_string());
    let shares = |cells: &mut Vec<String>, parts: &BTreeMap<String, Share>, all: &BTreeMap<String, Share>| {
        for name in all.keys() {
            let part = parts.get(name).copied().unwrap_or_default();
            cells.push(part.decisions.to_string());
            cells.push(part.share.to_string());
        }
    };
    shares(&mut cells, &numbers.actions, &totals.actions);
    for id in totals.categories.keys() {
        let opt_in = numbers.categories.get(id).copied().unwrap_or_default();
        cells.extend([opt_in.decisions.to_string(), opt_in.granted.to_string(), opt_in.opt_in_rate.to_string()]);
    }
    shares(&mut cells, &numbers.locales, &totals.locales);
    shares(&mut cells, &numbers.ui_layers, &totals.ui_layers);
    cells
}

fn line(cells: &[String]) -> String {
    let mut line = cells.iter().map(|cell| csv_cell(cell)).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}
