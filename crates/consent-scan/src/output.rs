//! Writing the scan's files: report.html, report.md, report.json and suggested-config.json.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::error::ScanError;
use crate::report::Report;

/// Writes every report file into `dir` (created if missing) and returns their paths.
pub fn write(dir: &Path, report: &Report, suggested_config: &Value) -> Result<Vec<PathBuf>, ScanError> {
    let failed = |path: &Path| {
        let path = path.to_owned();
        move |source| ScanError::Output { path, source }
    };
    std::fs::create_dir_all(dir).map_err(failed(dir))?;
    // Serializing plain data to a string cannot fail; an empty file would show it if it ever did.
    let json = |value: Result<String, serde_json::Error>| value.unwrap_or_default() + "\n";
    let files = [
        ("report.html", crate::html_report::render(report)),
        ("report.md", crate::markdown_report::render(report)),
        ("report.json", json(serde_json::to_string_pretty(report))),
        ("suggested-config.json", json(serde_json::to_string_pretty(suggested_config))),
    ];
    let mut written = Vec::new();
    for (name, contents) in files {
        let path = dir.join(name);
        std::fs::write(&path, contents).map_err(failed(&path))?;
        written.push(path);
    }
    Ok(written)
}
