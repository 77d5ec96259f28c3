//! Consent statistics: per UTC day and per category, how many decisions were recorded and what share granted it.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::time::day_of;

/// One category on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryStats {
    /// The category id.
    pub category: String,
    /// Records that decided on this category.
    pub decisions: u64,
    /// Of which granted it.
    pub granted: u64,
    /// `granted / decisions`, from 0 to 1.
    pub opt_in_rate: f64,
}

/// One UTC day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DayStats {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// The categories decided on that day, in id order.
    pub categories: Vec<CategoryStats>,
}

/// Adds records up one at a time.
#[derive(Debug, Default)]
pub struct Tally {
    counts: BTreeMap<(String, String), (u64, u64)>,
}

impl Tally {
    /// Counts one record received at `received_at_ms` with these decisions (the stored JSON object). A record whose
    /// decisions cannot be read counts for nothing: statistics must not fail on one bad row.
    pub fn add(&mut self, received_at_ms: i64, decisions_json: &str) {
        let Ok(decisions) = serde_json::from_str::<BTreeMap<String, String>>(decisions_json) else { return };
        let day = day_of(received_at_ms);
        for (category, decision) in decisions {
            let entry = self.counts.entry((day.clone(), category)).or_default();
            entry.0 += 1;
            entry.1 += u64::from(decision == "granted");
        }
    }

    /// The days, oldest first, each with its categories in id order.
    pub fn days(self) -> Vec<DayStats> {
        let mut days: Vec<DayStats> = Vec::new();
        for ((day, category), (decisions, granted)) in self.counts {
            let stats = CategoryStats { category, decisions, granted, opt_in_rate: granted as f64 / decisions as f64 };
            match days.last_mut() {
                Some(last) if last.day == day => last.categories.push(stats),
                _ => days.push(DayStats { day, categories: vec![stats] }),
            }
        }
        days
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_are_counted_per_day_and_category() {
        let mut tally = Tally::default();
        let day = 1_764_000_000_000;
        tally.add(day, r#"{"analytics":"granted","necessary":"granted"}"#);
        tally.add(day + 1, r#"{"analytics":"denied","necessary":"granted"}"#);
        tally.add(day + 86_400_000, r#"{"analytics":"denied"}"#);
        tally.add(day, "not json");
        let days = tally.days();
        assert_eq!(days.len(), 2);
        assert_eq!(days[0].day, "2025-11-24");
        assert_eq!(
            days[0].categories[0],
            CategoryStats { category: "analytics".into(), decisions: 2, granted: 1, opt_in_rate: 0.5 }
        );
        assert_eq!(days[1].categories[0].opt_in_rate, 0.0);
    }
}
