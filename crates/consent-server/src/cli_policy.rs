//! `consent policy import FILE [--format text|markdown]`: imports a privacy policy and prints, as JSON on stdout,
//! its sections, the tracking technologies it mentions and the consent categories its text supports — the starting
//! point for a site's config and for the policy view in the banner.
//!
//! Exits with 0 on success and with [`EXIT_UNREADABLE`] (2), a message on stderr, when the file cannot be read as a
//! policy: missing, not UTF-8, empty, or binary.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Subcommand, ValueEnum};
use consent_policy_import::{import, ImportError, PolicyFormat, PolicyReport};

/// The exit code for a file that cannot be read as a policy.
pub const EXIT_UNREADABLE: u8 = 2;

/// Subcommands of `consent policy`.
#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Import a policy (plain text or Markdown) and print it as JSON.
    ///
    /// Prints the title, effective date, sections, tracking technologies and suggested consent categories. Exits
    /// with 2 if the file cannot be read as a policy (missing, not UTF-8, empty or binary).
    Import {
        /// The policy file.
        file: PathBuf,
        /// How the file is written [default: markdown for .md and .markdown files, text otherwise].
        #[arg(long, value_enum)]
        format: Option<FormatArg>,
    },
}

/// The formats `--format` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Plain text: headings guessed from numbering, capitals and layout.
    Text,
    /// Markdown: headings and lists as marked.
    Markdown,
}

impl From<FormatArg> for PolicyFormat {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Text => PolicyFormat::Text,
            FormatArg::Markdown => PolicyFormat::Markdown,
        }
    }
}

/// Why a policy file could not be imported; each message names the file and what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum PolicyFileError {
    /// The file cannot be read (missing, no permission).
    #[error("cannot read the policy file {path}: {source}")]
    Read {
        /// The file as given.
        path: String,
        /// The operating system's error.
        source: std::io::Error,
    },
    #[error(
        "the policy file {path} is not UTF-8 text (invalid byte at offset {offset}); save it as UTF-8 and try again"
    )]
    /// The file is not UTF-8 text (a Word document, or Latin-1).
    NotUtf8 {
        /// The file as given.
        path: String,
        /// The byte where the first invalid sequence starts.
        offset: usize,
    },
    /// The text reads but cannot be imported.
    #[error("the policy file {path} cannot be imported: {source}")]
    Import {
        /// The file as given.
        path: String,
        /// What the importer found.
        source: ImportError,
    },
}

/// Runs a `consent policy` subcommand; the exit code says whether it succeeded.
pub fn run(command: PolicyCommand) -> ExitCode {
    match command {
        PolicyCommand::Import { file, format } => import_command(&file, format),
    }
}

fn import_command(path: &Path, format: Option<FormatArg>) -> ExitCode {
    let report = match import_file(path, format.map(PolicyFormat::from)) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(EXIT_UNREADABLE);
        }
    };
    let printed = serde_json::to_string_pretty(&report)
        .map_err(std::io::Error::other)
        .and_then(|json| writeln!(std::io::stdout().lock(), "{json}"));
    match printed {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: writing the imported policy: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Reads, imports and analyses the policy at `path`, in `format` or (when `None`) the format its extension says.
pub fn import_file(path: &Path, format: Option<PolicyFormat>) -> Result<PolicyReport, PolicyFileError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| PolicyFileError::Read { path: name.clone(), source })?;
    let text = String::from_utf8(bytes)
        .map_err(|e| PolicyFileError::NotUtf8 { path: name.clone(), offset: e.utf8_error().valid_up_to() })?;
    let format = format.unwrap_or_else(|| PolicyFormat::from_path(path));
    let policy = import(&text, format).map_err(|source| PolicyFileError::Import { path: name, source })?;
    Ok(PolicyReport::new(policy))
}
