//! The trackers a visitor decided about without the site's config naming them: auto-blocking held them on the page,
//! the preferences listed them under "Also found on this page", and the record says what the visitor's choice meant
//! for each. A regulator reading the log then sees that the Hotjar script a plugin added waited for "analytics" and was
//! denied, not only that "analytics" was denied.

use serde::{Deserialize, Serialize};

use crate::choice::{Decision, Decisions};
use crate::config::SiteConfig;
use crate::field_error::FieldError;
use crate::id::CategoryId;

/// At most this many found trackers in one record: a page that meets more is not a page a person reviewed.
pub const MAX_FOUND_TRACKERS: usize = 100;
/// At most this many hosts per found tracker.
pub const MAX_HOSTS: usize = 20;
/// Tracker names come from the tracker database ("Google Tag Manager"), or are a host the config moved.
pub const MAX_NAME_LEN: usize = 100;
/// The banner keeps the found trackers of one record under this many bytes of JSON, so that with the rest of the
/// record it stays well inside the endpoint's 16 KiB body limit.
pub const MAX_SENT_BYTES: usize = 8 * 1024;
/// The category of a tracker that waits for every category (a tag manager that loads anything).
pub const EVERY_CATEGORY: &str = "*";

/// One found tracker as the banner sends it and the log keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FoundTrackerUse {
    /// Who runs it, from the tracker database.
    pub name: String,
    /// The site category it waited for, or `*` for every category.
    pub category: String,
    /// The hosts it was met on, on this page.
    pub hosts: Vec<String>,
    /// What the visitor's choice means for it: released (`granted`) or still held (`denied`).
    pub decision: Decision,
}

/// What `decisions` mean for a tracker held under `category`: that category's decision, or for `*` granted only when
/// every category is (the boot loader releases it on the same rule). An unknown category is denied: fail closed.
pub fn decision_for(category: &str, decisions: &Decisions) -> Decision {
    if category == EVERY_CATEGORY {
        let all = !decisions.is_empty() && decisions.values().all(|d| *d == Decision::Granted);
        return if all { Decision::Granted } else { Decision::Denied };
    }
    CategoryId::try_from(category).ok().and_then(|id| decisions.get(&id).copied()).unwrap_or(Decision::Denied)
}

/// The record's entries for the trackers the boot loader found (name, category, hosts), with what `decisions` mean for
/// each, cut to what [`check_shape`] accepts: a host or a name the endpoint would refuse must not cost the visitor's
/// whole decision its place in the log.
pub fn uses_for(
    found: impl IntoIterator<Item = (String, String, Vec<String>)>,
    decisions: &Decisions,
) -> Vec<FoundTrackerUse> {
    found
        .into_iter()
        .filter(|(_, category, _)| category == EVERY_CATEGORY || CategoryId::try_from(category.as_str()).is_ok())
        .filter_map(|(name, category, hosts)| {
            let name: String = name.chars().filter(|c| !c.is_control()).take(MAX_NAME_LEN).collect();
            let hosts: Vec<String> = hosts.into_iter().filter(|h| is_host(h)).take(MAX_HOSTS).collect();
            (!name.is_empty() && !hosts.is_empty()).then(|| FoundTrackerUse {
                decision: decision_for(&category, decisions),
                name,
                category,
                hosts,
            })
        })
        .take(MAX_FOUND_TRACKERS)
        .scan(0, |bytes, tracker| {
            *bytes += json_bytes(&tracker);
            (*bytes <= MAX_SENT_BYTES).then_some(tracker)
        })
        .collect()
}

/// About as many bytes as the entry takes in JSON (names are counted as if every character needed escaping).
fn json_bytes(tracker: &FoundTrackerUse) -> usize {
    const FIELD_NAMES_AND_PUNCTUATION: usize = 60;
    FIELD_NAMES_AND_PUNCTUATION
        + tracker.name.len() * 2
        + tracker.category.len()
        + tracker.hosts.iter().map(|host| host.len() + 3).sum::<usize>()
}

/// Checks the shape of each entry (names, hosts, category ids), naming each bad field as `found_trackers[i].field`.
pub fn check_shape(found: &[FoundTrackerUse], problems: &mut Vec<FieldError>) {
    if found.len() > MAX_FOUND_TRACKERS {
        problems.push(FieldError::new(
            "found_trackers",
            format!("holds {} trackers; at most {MAX_FOUND_TRACKERS} are kept per record", found.len()),
        ));
        return;
    }
    for (index, tracker) in found.iter().enumerate() {
        let path = |field: &str| format!("found_trackers[{index}].{field}");
        let name_len = tracker.name.chars().count();
        if name_len == 0 || name_len > MAX_NAME_LEN || tracker.name.chars().any(char::is_control) {
            problems.push(FieldError::new(
                path("name"),
                format!("must be 1 to {MAX_NAME_LEN} characters without control characters"),
            ));
        }
        if tracker.category != EVERY_CATEGORY && CategoryId::try_from(tracker.category.as_str()).is_err() {
            problems.push(FieldError::new(path("category"), "must be a category id of the config, or '*'"));
        }
        if tracker.hosts.is_empty() || tracker.hosts.len() > MAX_HOSTS {
            problems.push(FieldError::new(path("hosts"), format!("must list 1 to {MAX_HOSTS} hosts")));
        }
        for (host_index, host) in tracker.hosts.iter().enumerate() {
            if !is_host(host) {
                problems.push(FieldError::new(
                    format!("found_trackers[{index}].hosts[{host_index}]"),
                    "must be a lowercase host name such as 'static.hotjar.com'",
                ));
            }
        }
    }
}

/// Checks the entries against the site's current config: each waits for one of its categories (or every one), and
/// its decision is what the record's category decisions mean for it.
pub fn check_against(found: &[FoundTrackerUse], decisions: &Decisions, config: &SiteConfig) -> Vec<FieldError> {
    let mut problems = Vec::new();
    for (index, tracker) in found.iter().enumerate() {
        let known = tracker.category == EVERY_CATEGORY
            || CategoryId::try_from(tracker.category.as_str()).is_ok_and(|id| config.category(&id).is_some());
        if !known {
            problems.push(FieldError::new(
                format!("found_trackers[{index}].category"),
                format!("'{}' is not a category of the site's config", tracker.category),
            ));
            continue;
        }
        let meant = decision_for(&tracker.category, decisions);
        if tracker.decision != meant {
            problems.push(FieldError::new(
                format!("found_trackers[{index}].decision"),
                format!(
                    "must be '{}': that is what the record's decisions mean for category '{}'",
                    if meant == Decision::Granted { "granted" } else { "denied" },
                    tracker.category
                ),
            ));
        }
    }
    problems
}

/// A host name as browsers report it: lowercase ASCII letters, digits, '-' and '.', 1 to 253 characters.
fn is_host(host: &str) -> bool {
    (1..=253).contains(&host.len())
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::tests::demo_config;

    fn decisions(pairs: &[(&str, Decision)]) -> Decisions {
        pairs.iter().map(|(id, d)| (CategoryId::try_from(*id).unwrap(), *d)).collect()
    }

    fn hotjar(category: &str, decision: Decision) -> FoundTrackerUse {
        FoundTrackerUse {
            name: "Hotjar".into(),
            category: category.into(),
            hosts: vec!["static.hotjar.com".into()],
            decision,
        }
    }

    #[test]
    fn a_tracker_follows_its_category_and_star_needs_every_category() {
        let mixed = decisions(&[
            ("necessary", Decision::Granted),
            ("analytics", Decision::Granted),
            ("marketing", Decision::Denied),
        ]);
        assert_eq!(decision_for("analytics", &mixed), Decision::Granted);
        assert_eq!(decision_for("marketing", &mixed), Decision::Denied);
        assert_eq!(decision_for("*", &mixed), Decision::Denied);
        assert_eq!(decision_for("unheard-of", &mixed), Decision::Denied, "fails closed");
        let all = decisions(&[("necessary", Decision::Granted), ("analytics", Decision::Granted)]);
        assert_eq!(decision_for("*", &all), Decision::Granted);
    }

    #[test]
    fn bad_names_hosts_and_categories_are_named_by_index() {
        let mut bad = hotjar("Analytics", Decision::Denied);
        bad.name = "evil\u{7}".into();
        bad.hosts = vec!["Static.Hotjar.com".into(), "ok.example".into(), "<script>".into()];
        let mut problems = Vec::new();
        check_shape(&[hotjar("analytics", Decision::Denied), bad], &mut problems);
        let paths: Vec<_> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "found_trackers[1].name",
                "found_trackers[1].category",
                "found_trackers[1].hosts[0]",
                "found_trackers[1].hosts[2]"
            ]
        );
    }

    #[test]
    fn what_the_banner_sends_always_passes_the_endpoints_check() {
        let chosen = decisions(&[("necessary", Decision::Granted), ("analytics", Decision::Granted)]);
        let long_name = "x".repeat(300);
        let found = vec![
            ("Hotjar".to_owned(), "analytics".to_owned(), vec!["static.hotjar.com".to_owned(), "[::1]".to_owned()]),
            ("Bad\ncategory".to_owned(), "Not An Id".to_owned(), vec!["a.example".to_owned()]),
            ("No hosts".to_owned(), "analytics".to_owned(), vec!["UPPER.example".to_owned()]),
            (long_name, "*".to_owned(), vec!["tags.example".to_owned(); 30]),
        ];
        let uses = uses_for(found, &chosen);
        assert_eq!(uses.iter().map(|u| u.category.as_str()).collect::<Vec<_>>(), ["analytics", "*"]);
        assert_eq!(uses[0].hosts, ["static.hotjar.com"]);
        assert_eq!(uses[0].decision, Decision::Granted);
        assert_eq!(
            (uses[1].name.len(), uses[1].hosts.len(), uses[1].decision),
            (MAX_NAME_LEN, MAX_HOSTS, Decision::Granted)
        );
        let mut problems = Vec::new();
        check_shape(&uses, &mut problems);
        assert_eq!(problems, []);
        let many = (0..150).map(|i| (format!("T{i}"), "*".to_owned(), vec!["t.io".to_owned()]));
        assert_eq!(uses_for(many, &chosen).len(), MAX_FOUND_TRACKERS);
        let host = format!("{}.example", "h".repeat(200));
        let heavy = (0..100).map(|i| (format!("T{i}"), "analytics".to_owned(), vec![host.clone(); MAX_HOSTS]));
        let kept = uses_for(heavy, &chosen);
        assert!(!kept.is_empty() && serde_json::to_string(&kept).unwrap().len() <= MAX_SENT_BYTES);
    }

    #[test]
    fn too_many_trackers_are_refused_as_a_whole() {
        let many = vec![hotjar("analytics", Decision::Denied); MAX_FOUND_TRACKERS + 1];
        let mut problems = Vec::new();
        check_shape(&many, &mut problems);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, "found_trackers");
    }

    #[test]
    fn a_decision_that_contradicts_the_categories_or_an_unknown_category_is_refused() {
        let config = demo_config();
        let chosen = decisions(&[
            ("necessary", Decision::Granted),
            ("analytics", Decision::Denied),
            ("marketing", Decision::Denied),
        ]);
        let found =
            [hotjar("analytics", Decision::Granted), hotjar("social", Decision::Denied), hotjar("*", Decision::Denied)];
        let problems = check_against(&found, &chosen, &config);
        let paths: Vec<_> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["found_trackers[0].decision", "found_trackers[1].category"]);
        assert!(problems[0].reason.contains("must be 'denied'"), "{}", problems[0].reason);
    }
}
