//! A `consent scan` report (`report.json`) read in the console: the trackers the scan found that no service of the
//! scanned site's config named, for "Found on your site" to list beside what visitors' browsers met. The file is read
//! in the browser and never uploaded.

use serde::Deserialize;

/// A tracker the scan found that the config did not name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannedTracker {
    /// Who runs it.
    pub name: String,
    /// Its category: the config's, or the tracker database's.
    pub category: String,
    /// The hosts it sent requests to.
    pub hosts: Vec<String>,
    /// The passes it loaded in, as the report names them (`before_choice`, `after_reject_all`, `after_accept_all`).
    pub loaded: Vec<String>,
}

/// Why a file is not a scan report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAReport(pub String);

impl std::fmt::Display for NotAReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "This is not the report.json of `consent scan`: {}", self.0)
    }
}

/// The fields of a report this reads (the rest is ignored, so a newer report still reads).
#[derive(Deserialize)]
struct Report {
    site: String,
    trackers: Vec<Finding>,
}

#[derive(Deserialize)]
struct Finding {
    name: String,
    category: String,
    service_id: Option<String>,
    hosts: Vec<String>,
    loaded: Vec<String>,
}

/// The scanned site's URL and the trackers of `text` (a report) that its config did not name, in the report's order
/// (those that loaded before consent first).
pub fn unlisted(text: &str) -> Result<(String, Vec<ScannedTracker>), NotAReport> {
    let report: Report = serde_json::from_str(text).map_err(|e| NotAReport(e.to_string()))?;
    let trackers = report
        .trackers
        .into_iter()
        .filter(|finding| finding.service_id.is_none() && !finding.hosts.is_empty())
        .map(|finding| ScannedTracker {
            name: finding.name,
            category: finding.category,
            hosts: finding.hosts,
            loaded: finding.loaded,
        })
        .collect();
    Ok((report.site, trackers))
}

/// How a pass reads in the list.
pub fn pass_title(pass: &str) -> &str {
    match pass {
        "before_choice" => "before any choice",
        "after_reject_all" => "after \"Reject all\"",
        "after_accept_all" => "after \"Accept all\"",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use consent_scan::identification::{Identity, Source};
    use consent_scan::observation::Pass;
    use consent_scan::report::{Report, TrackerFinding};

    use super::*;

    fn finding(name: &str, service_id: Option<&str>, loaded: &[Pass]) -> TrackerFinding {
        TrackerFinding {
            identity: Identity {
                name: name.into(),
                category: "analytics".into(),
                catalog_id: None,
                service_id: service_id.map(Into::into),
                source: Source::OpenData,
            },
            hosts: BTreeSet::from([format!("{}.example", name.to_lowercase())]),
            loaded: loaded.iter().copied().collect(),
            requests: Vec::new(),
            cookies: Vec::new(),
            storage: Vec::new(),
        }
    }

    /// A report as `consent scan` writes it: its own types, serialised.
    fn report(trackers: Vec<TrackerFinding>) -> String {
        let report = Report {
            site: "https://shop.example/".into(),
            banner: true,
            config_url: None,
            database: "test".into(),
            scanned_at: 0.0,
            passes: Vec::new(),
            trackers,
            unidentified_hosts: Vec::new(),
            pages: Vec::new(),
        };
        serde_json::to_string_pretty(&report).unwrap()
    }

    #[test]
    fn the_trackers_the_config_did_not_name_are_read_from_a_real_report() {
        let text = report(vec![
            finding("Leaky", None, &[Pass::BeforeChoice, Pass::AfterAcceptAll]),
            finding("Listed", Some("demo-analytics"), &[Pass::AfterAcceptAll]),
        ]);
        let (site, trackers) = unlisted(&text).unwrap();
        assert_eq!(site, "https://shop.example/");
        assert_eq!(trackers.len(), 1);
        assert_eq!(trackers[0].name, "Leaky");
        assert_eq!(trackers[0].hosts, ["leaky.example"]);
        let passes: Vec<&str> = trackers[0].loaded.iter().map(|p| pass_title(p)).collect();
        assert_eq!(passes, ["before any choice", "after \"Accept all\""]);
    }

    #[test]
    fn another_file_is_named_as_not_a_report() {
        for text in ["{\"site\": \"x\"}", "nope", "[]"] {
            let error = unlisted(text).unwrap_err().to_string();
            assert!(error.starts_with("This is not the report.json of `consent scan`"), "{error}");
        }
    }
}
