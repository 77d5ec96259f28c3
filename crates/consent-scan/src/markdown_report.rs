//! The report as Markdown, for a pull request or a ticket.

use std::fmt::Write;

use crate::observation::Pass;
use crate::report::{CookieRow, Report, TrackerFinding};
use crate::report_text::{cookie_party, pass_cells, PASS_COLUMNS};
use crate::suggestion::lifetime;

/// At most this many requests are listed per tracker; the JSON report has them all.
const REQUESTS_SHOWN: usize = 20;

/// Renders `report`.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Tracker scan of {}\n", text(&report.site));
    let _ = writeln!(out, "**{}**\n", report.headline());
    let _ = writeln!(out, "{}\n", crate::report_text::banner_note(report));
    let _ = writeln!(out, "| {} |", PASS_COLUMNS.join(" | "));
    out.push_str("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for summary in &report.passes {
        let _ = writeln!(out, "| {} |", pass_cells(summary).join(" | "));
    }
    out.push_str("\n## Trackers\n\n");
    if report.trackers.is_empty() {
        out.push_str("None found.\n");
    }
    for tracker in &report.trackers {
        tracker_section(&mut out, report, tracker);
    }
    out.push_str("## Pages\n\n");
    for page in &report.pages {
        let _ = writeln!(out, "### {}\n", text(&page.url));
        for pass in Pass::ALL.iter().filter(|p| report.pass(**p).is_some()) {
            let names = page.trackers.get(pass).map(|n| n.iter().map(|n| text(n)).collect::<Vec<_>>().join(", "));
            let _ = writeln!(out, "- {}: {}", pass.title(), names.unwrap_or_else(|| "no tracker".into()));
        }
        out.push('\n');
    }
    if !report.unidentified_hosts.is_empty() {
        out.push_str("## Other third-party hosts\n\nNot in the tracker database; check what they do.\n\n");
        for host in &report.unidentified_hosts {
            let passes: Vec<_> = host.passes.iter().map(|p| p.title()).collect();
            let _ = writeln!(out, "- {} ({} requests; {})", text(&host.host), host.requests, passes.join(", "));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "Tracker data: our catalog and {}.", text(&report.database));
    out
}

fn tracker_section(out: &mut String, report: &Report, tracker: &TrackerFinding) {
    let id = &tracker.identity;
    let _ = writeln!(out, "### {} ({})\n", text(&id.name), text(&id.category));
    let _ = writeln!(out, "- Known from: {}", crate::report_text::known_from(id, report.banner));
    let loaded: Vec<_> = tracker.loaded.iter().map(|p| p.title()).collect();
    let loaded = if loaded.is_empty() { "sent no request".to_owned() } else { loaded.join(", ") };
    let _ = writeln!(out, "- Loaded: {loaded}");
    let hosts: Vec<_> = tracker.hosts.iter().map(|h| format!("`{}`", code(h))).collect();
    let _ = writeln!(out, "- Hosts: {}\n", if hosts.is_empty() { "none".into() } else { hosts.join(", ") });
    if !tracker.requests.is_empty() {
        out.push_str("| Pass | Page | Type | Initiated by | URL |\n|---|---|---|---|---|\n");
        for r in tracker.requests.iter().take(REQUESTS_SHOWN) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | `{}` |",
                r.pass.title(),
                text(&r.page),
                text(&r.resource_type),
                text(&r.initiator.to_string()),
                code(&r.url)
            );
        }
        if tracker.requests.len() > REQUESTS_SHOWN {
            let _ = writeln!(out, "\n…and {} more (see report.json).", tracker.requests.len() - REQUESTS_SHOWN);
        }
        out.push('\n');
    }
    if !tracker.cookies.is_empty() || !tracker.storage.is_empty() {
        out.push_str("| Pass | Name | Where | Kept for | Set by |\n|---|---|---|---|---|\n");
        for CookieRow { pass, cookie: c } in &tracker.cookies {
            let party = cookie_party(c);
            let _ = writeln!(
                out,
                "| {} | `{}` | {party} on {} | {} | {} |",
                pass.title(),
                code(&c.name),
                text(&c.domain),
                lifetime(c.expires, report.scanned_at),
                text(c.set_by.as_deref().unwrap_or("a script on the page"))
            );
        }
        for k in &tracker.storage {
            let _ = writeln!(out, "| {} | `{}` | {} | | |", k.pass.title(), code(&k.key), k.area.as_str());
        }
        out.push('\n');
    }
}

/// Site text in a table cell: no pipes, no line breaks, no HTML.
fn text(value: &str) -> String {
    value.replace('|', "\\|").replace(['\n', '\r'], " ").replace('<', "&lt;").replace('>', "&gt;")
}

/// Site text inside backticks.
fn code(value: &str) -> String {
    value.replace('`', "'").replace('|', "%7C").replace(['\n', '\r'], " ")
}
