//! The report as a page a site owner reads: the headline first, then the passes, each tracker and each page. Every
//! piece of text that came from the site (URLs, cookie names, storage keys) is HTML-escaped.

use std::fmt::Write;

use html_escape::{encode_double_quoted_attribute as attr, encode_text as esc};

use crate::observation::Pass;
use crate::report::{CookieRow, Report, TrackerFinding};
use crate::report_text::{cookie_party, pass_cells, PASS_COLUMNS};
use crate::suggestion::lifetime;

const STYLE: &str =
    "body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1d1d1f}
h1{font-size:1.5rem}.headline{font-size:1.6rem;font-weight:700;padding:1rem;border-radius:8px}
.leak{background:#fde8e8;color:#8a1c1c}.clean{background:#e6f4ea;color:#1e5b2e}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #ddd;padding:.3rem .5rem;
text-align:left;vertical-align:top}td.url{font-family:monospace;font-size:12px;word-break:break-all}
.tag{display:inline-block;border-radius:4px;padding:0 .4rem;font-size:13px;background:#eef;margin-right:.3rem}
.tag.before_choice,.tag.after_reject_all{background:#fde8e8;color:#8a1c1c}section.tracker{border-top:1px solid #ccc}
footer{color:#666;font-size:13px;margin-top:2rem}";

/// At most this many requests are listed per tracker; the JSON report has them all.
const REQUESTS_SHOWN: usize = 20;

/// Renders `report` as a standalone HTML page.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let leaks = !report.loading_before_consent().is_empty();
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Tracker scan of {}</title>\n\
         <style>{STYLE}</style>\n</head>\n<body>\n<h1>Tracker scan of <a href=\"{}\">{}</a></h1>\n\
         <p class=\"headline {}\">{}</p>\n<p>{}</p>\n",
        esc(&report.site),
        attr(&report.site),
        esc(&report.site),
        if leaks { "leak" } else { "clean" },
        esc(&report.headline()),
        esc(&crate::report_text::banner_note(report)),
    );
    out.push_str("<table><tr>");
    for title in PASS_COLUMNS {
        let _ = write!(out, "<th>{title}</th>");
    }
    out.push_str("</tr>\n");
    for summary in &report.passes {
        out.push_str("<tr>");
        for cell in pass_cells(summary) {
            let _ = write!(out, "<td>{}</td>", esc(&cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n<h2>Trackers</h2>\n");
    if report.trackers.is_empty() {
        out.push_str("<p>None found.</p>\n");
    }
    for tracker in &report.trackers {
        tracker_section(&mut out, report, tracker);
    }
    out.push_str("<h2>Pages</h2>\n<table><tr><th>Page</th>");
    let passes: Vec<Pass> = Pass::ALL.into_iter().filter(|p| report.pass(*p).is_some()).collect();
    for pass in &passes {
        let _ = write!(out, "<th>{}</th>", esc(pass.title()));
    }
    out.push_str("</tr>\n");
    for page in &report.pages {
        let _ = write!(out, "<tr><td class=\"url\">{}</td>", esc(&page.url));
        for pass in &passes {
            let names = page.trackers.get(pass).map(|n| n.iter().map(|n| esc(n).into_owned()).collect::<Vec<_>>());
            let _ = write!(out, "<td>{}</td>", names.map_or_else(|| "no tracker".to_owned(), |n| n.join(", ")));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    if !report.unidentified_hosts.is_empty() {
        out.push_str(
            "<h2>Other third-party hosts</h2>\n<p>Not in the tracker database; check what they do.</p>\n<ul>\n",
        );
        for host in &report.unidentified_hosts {
            let passes: Vec<_> = host.passes.iter().map(|p| p.title()).collect();
            let _ = writeln!(
                out,
                "<li><code>{}</code>: {} requests ({})</li>",
                esc(&host.host),
                host.requests,
                esc(&passes.join(", "))
            );
        }
        out.push_str("</ul>\n");
    }
    let _ = write!(
        out,
        "<footer>Written by <code>consent scan</code>. Tracker data: our catalog and {}. The same data is in \
         report.json; suggested-config.json holds a config that covers every tracker found.</footer>\n</body>\n</html>\n",
        esc(&report.database)
    );
    out
}

fn tracker_section(out: &mut String, report: &Report, tracker: &TrackerFinding) {
    let id = &tracker.identity;
    let _ = write!(
        out,
        "<section class=\"tracker\">\n<h3>{} <span class=\"tag\">{}</span></h3>\n<p>Known from {}.</p>\n<p>Loaded: ",
        esc(&id.name),
        esc(&id.category),
        esc(&crate::report_text::known_from(id, report.banner))
    );
    if tracker.loaded.is_empty() {
        out.push_str("sent no request");
    }
    for pass in &tracker.loaded {
        let _ = write!(out, "<span class=\"tag {}\">{}</span>", pass.as_str(), esc(pass.title()));
    }
    let hosts: Vec<_> = tracker.hosts.iter().map(|h| format!("<code>{}</code>", esc(h))).collect();
    let _ = writeln!(out, "</p>\n<p>Hosts: {}</p>", if hosts.is_empty() { "none".into() } else { hosts.join(", ") });
    if !tracker.requests.is_empty() {
        out.push_str("<table><tr><th>Pass</th><th>Page</th><th>Type</th><th>Initiated by</th><th>URL</th></tr>\n");
        for r in tracker.requests.iter().take(REQUESTS_SHOWN) {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td class=\"url\">{}</td><td>{}</td><td class=\"url\">{}</td><td class=\"url\">{}</td></tr>",
                esc(r.pass.title()),
                esc(&r.page),
                esc(&r.resource_type),
                esc(&r.initiator.to_string()),
                esc(&r.url)
            );
        }
        out.push_str("</table>\n");
        if tracker.requests.len() > REQUESTS_SHOWN {
            let _ = writeln!(out, "<p>…and {} more (see report.json).</p>", tracker.requests.len() - REQUESTS_SHOWN);
        }
    }
    if !tracker.cookies.is_empty() || !tracker.storage.is_empty() {
        out.push_str("<table><tr><th>Pass</th><th>Name</th><th>Where</th><th>Kept for</th><th>Set by</th></tr>\n");
        for CookieRow { pass, cookie: c } in &tracker.cookies {
            let party = cookie_party(c);
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td><code>{}</code></td><td>{party} on {}</td><td>{}</td><td class=\"url\">{}</td></tr>",
                esc(pass.title()),
                esc(&c.name),
                esc(&c.domain),
                lifetime(c.expires, report.scanned_at),
                esc(c.set_by.as_deref().unwrap_or("a script on the page"))
            );
        }
        for k in &tracker.storage {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td></td><td></td></tr>",
                esc(k.pass.title()),
                esc(&k.key),
                k.area.as_str()
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</section>\n");
}
