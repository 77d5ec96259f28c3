//! The Markdown table: one row per profile, deployment and contender, medians over the runs, then how our time to
//! banner compares with vanilla-cookieconsent's.

use anyhow::Result;

use crate::contender::Contender;
use crate::deployment::Deployment;
use crate::manager::Manager;
use crate::measure::Visit;
use crate::profile::Profile;

/// Every visit measured for one contender on one deployment under one profile.
pub struct Row {
    pub profile: Profile,
    pub deployment: Deployment,
    pub contender: Contender,
    pub visits: Vec<Visit>,
}

/// Prints the table and the ratios on stdout.
pub fn print(rows: &[Row], runs: usize) -> Result<()> {
    println!(
        "| profile | deployment | manager | banner visible, ms (median, min–max) | first visit, KB | returning: \
         DOMContentLoaded, ms | returning, KB |"
    );
    println!("|---|---|---|--:|--:|--:|--:|");
    for row in rows {
        let banner = match row.visits.iter().map(|v| v.banner_ms).collect::<Option<Vec<f64>>>() {
            Some(times) if !times.is_empty() => {
                let (min, max) = range(&times);
                format!("{:.0} ({min:.0}–{max:.0})", median(&times))
            }
            _ => "—".to_owned(),
        };
        let first: Vec<f64> = row.visits.iter().map(|v| v.first.bytes() as f64).collect();
        let dcl: Vec<f64> = row.visits.iter().map(|v| v.returning.dom_content_loaded_ms).collect();
        let returning: Vec<f64> = row.visits.iter().map(|v| v.returning.bytes() as f64).collect();
        println!(
            "| {} | {} | {} | {banner} | {} | {:.0} | {} |",
            row.profile.id(),
            row.deployment.id(),
            row.contender.label()?,
            kilobytes(median(&first)),
            median(&dcl),
            kilobytes(median(&returning)),
        );
    }
    println!(
        "\nMedians of {runs} visitors each, alternating between managers. KB = 1,024 bytes on the wire (headers \
         included) for the page and every resource from its own origin; requests to tracker hosts on other origins \
         are not counted. \"Returning\" is the same page opened again in the same browser after \"Reject all\".\n"
    );
    for profile in Profile::ALL {
        for deployment in Deployment::ALL {
            let median_of = |manager: Manager| {
                rows.iter()
                    .find(|r| {
                        r.profile == profile && r.deployment == deployment && r.contender == Contender::Manager(manager)
                    })
                    .and_then(|r| r.visits.iter().map(|v| v.banner_ms).collect::<Option<Vec<f64>>>())
                    .filter(|times| !times.is_empty())
                    .map(|times| median(&times))
            };
            if let (Some(ours), Some(theirs)) = (median_of(Manager::Ours), median_of(Manager::VanillaCookieconsent)) {
                println!(
                    "- {}, {}: ours / vanilla-cookieconsent, median time to banner: {:.2}",
                    profile.id(),
                    deployment.id(),
                    ours / theirs
                );
            }
        }
    }
    Ok(())
}

/// The median of `values` (the mean of the middle two for an even count); `values` must not be empty.
pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(|a, b| a.total_cmp(b));
    let mid = sorted.len() / 2;
    if sorted.len().is_multiple_of(2) {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    } else {
        sorted[mid]
    }
}

fn range(values: &[f64]) -> (f64, f64) {
    values.iter().fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(*v), hi.max(*v)))
}

fn kilobytes(bytes: f64) -> String {
    format!("{:.1}", bytes / 1024.0)
}
