//! The tables: per configuration variant, one row per manager and corpus page and a totals row per manager; and each
//! manager's boot cost. Markdown, so that they read in a terminal and paste into README.md as they are.

use std::path::Path;
use std::process::Command;

use anyhow::{bail, Context, Result};

use crate::manager::{BootFile, Manager};
use crate::scenario::{Cookies, PageResult};

/// A manager's measurements: one result (or the error that stopped the measurement) per page.
pub struct ManagerResults {
    pub manager: Manager,
    pub label: String,
    pub pages: Vec<(String, Result<PageResult>)>,
}

const HEADER: &str = "| manager | page | before consent | after reject all | after withdrawal | cookies deleted on \
                      withdrawal | loads after accept all |\n|---|---|--:|--:|--:|---|---|";

/// The leak table of one configuration variant.
pub fn leak_table(results: &[ManagerResults]) -> String {
    let mut out = String::from(HEADER);
    for manager in results {
        let (mut before, mut reject, mut withdrawal) = (0, 0, 0);
        let (mut cookies_removed, mut cookies_set, mut loads, mut measured) = (0, 0, 0, 0);
        for (page, result) in &manager.pages {
            let row = match result {
                Ok(r) => {
                    measured += 1;
                    before += r.before.len();
                    reject += r.after_reject.len();
                    withdrawal += r.after_withdrawal.len();
                    let cookies = match &r.cookies {
                        Cookies::NoneSet => "— (none set)".to_owned(),
                        Cookies::Deleted => {
                            cookies_set += 1;
                            cookies_removed += 1;
                            "yes".to_owned()
                        }
                        Cookies::Left(names) => {
                            cookies_set += 1;
                            format!("**no**: {}", names.join(", "))
                        }
                    };
                    let loaded = if r.missing_after_accept.is_empty() {
                        loads += 1;
                        "yes".to_owned()
                    } else {
                        format!("**no**: {}", r.missing_after_accept.join(", "))
                    };
                    format!(
                        "| {} | {page} | {} | {} | {} | {cookies} | {loaded} |",
                        manager.label,
                        r.before.len(),
                        r.after_reject.len(),
                        r.after_withdrawal.len()
                    )
                }
                Err(_) => format!("| {} | {page} | error | error | error | error | error |", manager.label),
            };
            out.push('\n');
            out.push_str(&row);
        }
        out.push_str(&format!(
            "\n| **{}** | **total** | **{before}** | **{reject}** | **{withdrawal}** | **{cookies_removed}/{cookies_set}** \
             | **{loads}/{measured}** |",
            manager.label
        ));
    }
    out
}

/// The boot cost table: brotli bytes of the manager's own files a returning visitor downloads.
pub fn boot_table(results: &[ManagerResults]) -> Result<String> {
    let mut out = String::from(
        "| manager | boot cost, every page (brotli bytes) | + on pages with an embed | files |\n|---|--:|--:|---|",
    );
    for manager in results {
        let files = manager.manager.boot_files();
        let every: Vec<&BootFile> = files.iter().filter(|f| !f.embeds_only).collect();
        let embeds: Vec<&BootFile> = files.iter().filter(|f| f.embeds_only).collect();
        let every_bytes = brotli_sum(&every)?;
        let embed_bytes = if embeds.is_empty() { "—".to_owned() } else { brotli_sum(&embeds)?.to_string() };
        let names = |list: &[&BootFile]| list.iter().map(|f| file_name(&f.path)).collect::<Vec<_>>().join(" + ");
        let listed =
            if embeds.is_empty() { names(&every) } else { format!("{} (+ {})", names(&every), names(&embeds)) };
        out.push_str(&format!("\n| {} | {every_bytes} | {embed_bytes} | {listed} |", manager.label));
    }
    Ok(out)
}

/// Every failed measurement, and the third-party requests that are not to a tracker, for the notes under the table.
pub fn notes(results: &[ManagerResults]) -> Vec<String> {
    let mut notes = Vec::new();
    for manager in results {
        for (page, result) in &manager.pages {
            match result {
                Err(error) => notes.push(format!("{} on {page}: not measured: {error:#}", manager.label)),
                Ok(r) if !r.other_third_party.is_empty() => {
                    let hosts: Vec<String> = r.other_third_party.iter().map(ToString::to_string).collect();
                    notes.push(format!(
                        "{} on {page}: requests to non-tracker third parties (not counted): {}",
                        manager.label,
                        hosts.join("; ")
                    ));
                }
                Ok(_) => {}
            }
        }
    }
    notes
}

/// Brotli (quality 11) bytes of each file, compressed one by one as a server sends them, summed.
fn brotli_sum(files: &[&BootFile]) -> Result<usize> {
    let mut total = 0;
    for file in files {
        let output = Command::new("brotli")
            .args(["-q", "11", "-c"])
            .arg(&file.path)
            .output()
            .context("running brotli (scripts/setup installs it)")?;
        if !output.status.success() {
            bail!("brotli failed on {}: {}", file.path.display(), String::from_utf8_lossy(&output.stderr));
        }
        total += output.stdout.len();
    }
    Ok(total)
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}
