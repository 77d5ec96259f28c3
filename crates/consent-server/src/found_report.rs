//! What the records say auto-blocking held on a site's pages that its config does not name, tracker by tracker: the
//! console's "Found on your site", from which the product team adds each to the config with one click. Every record
//! names the trackers its page held (`found_trackers`, see consent-core's `found_tracker`), so this is what visitors'
//! browsers met, page by page, not a crawl's guess.

use std::collections::{BTreeMap, BTreeSet};

use consent_core::found_tracker::FoundTrackerUse;
use consent_core::Decision;
use serde::Serialize;

/// Hosts listed per tracker at most (a tracker met on many hosts is still one tracker).
const MAX_HOSTS: usize = 20;

/// One tracker: who runs it, the category it waited for, and how often it was met.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FoundTracker {
    /// Who runs it, from the tracker database.
    pub name: String,
    /// The site category it waited for (`*`: every category).
    pub category: String,
    /// The hosts it was met on, sorted.
    pub hosts: Vec<String>,
    /// How many decisions were made on a page that held it.
    pub decisions: u64,
    /// How many of those released it.
    pub granted: u64,
    /// When it was last met (Unix ms): the newest such decision's receipt time.
    pub last_seen_ms: i64,
}

/// The trackers named by `lists` (each a record's receipt time and its `found_trackers` JSON), most often met first.
/// A list that does not read is skipped: it was checked when the record was stored.
pub fn summarise(lists: &[(i64, String)]) -> Vec<FoundTracker> {
    let mut tallies: BTreeMap<(String, String), Tally> = BTreeMap::new();
    for (received_at_ms, text) in lists {
        let Ok(uses) = serde_json::from_str::<Vec<FoundTrackerUse>>(text) else { continue };
        for found in uses {
            let tally = tallies.entry((found.name, found.category)).or_default();
            tally.hosts.extend(found.hosts);
            tally.decisions += 1;
            tally.granted += u64::from(found.decision == Decision::Granted);
            tally.last_seen_ms = tally.last_seen_ms.max(*received_at_ms);
        }
    }
    let mut summary: Vec<FoundTracker> = tallies
        .into_iter()
        .map(|((name, category), tally)| FoundTracker {
            name,
            category,
            hosts: tally.hosts.into_iter().take(MAX_HOSTS).collect(),
            decisions: tally.decisions,
            granted: tally.granted,
            last_seen_ms: tally.last_seen_ms,
        })
        .collect();
    summary.sort_by(|a, b| b.decisions.cmp(&a.decisions).then_with(|| a.name.cmp(&b.name)));
    summary
}

/// One tracker's counts while the records are read.
#[derive(Default)]
struct Tally {
    hosts: BTreeSet<String>,
    decisions: u64,
    granted: u64,
    last_seen_ms: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(entries: &[(&str, &str, &[&str], &str)]) -> String {
        let uses: Vec<serde_json::Value> = entries
            .iter()
            .map(|(name, category, hosts, decision)| {
                serde_json::json!({"name": name, "category": category, "hosts": hosts, "decision": decision})
            })
            .collect();
        serde_json::to_string(&uses).unwrap()
    }

    #[test]
    fn trackers_are_counted_per_decision_with_their_hosts_joined_and_the_most_met_first() {
        let lists = vec![
            (30, list(&[("Hotjar", "analytics", &["static.hotjar.com"], "granted")])),
            (
                20,
                list(&[
                    ("Hotjar", "analytics", &["script.hotjar.com"], "denied"),
                    ("Taboola", "marketing", &["cdn.taboola.com"], "denied"),
                ]),
            ),
            (10, "not json".to_owned()),
            (5, list(&[("Hotjar", "analytics", &["static.hotjar.com"], "denied")])),
        ];
        let summary = summarise(&lists);
        assert_eq!(summary.len(), 2);
        let hotjar = &summary[0];
        assert_eq!((hotjar.name.as_str(), hotjar.decisions, hotjar.granted, hotjar.last_seen_ms), ("Hotjar", 3, 1, 30));
        assert_eq!(hotjar.hosts, ["script.hotjar.com", "static.hotjar.com"]);
        assert_eq!((summary[1].name.as_str(), summary[1].decisions, summary[1].last_seen_ms), ("Taboola", 1, 20));
    }

    #[test]
    fn the_same_name_under_another_category_is_another_row() {
        let lists = vec![
            (1, list(&[("Widget", "functional", &["w.example"], "granted")])),
            (2, list(&[("Widget", "*", &["w.example"], "denied")])),
        ];
        let categories: Vec<String> = summarise(&lists).into_iter().map(|t| t.category).collect();
        assert_eq!(categories, ["*", "functional"]);
    }
}
