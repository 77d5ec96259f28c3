//! `consent gvl update`: downloads IAB Europe's current Global Vendor List and its translations into the files
//! `consent serve --gvl` reads (the browser never fetches the list from IAB).
//!
//! Everything is downloaded and checked with consent-core's readers before anything is written; then each file is
//! written beside its final name and renamed over it, translations first and the list last, so a server (re)starting
//! at any moment reads whole files, and a failed update leaves the old list as it was. A list older than the one it
//! would replace is refused unless asked for: IAB never republishes an older version, so an older one means a stale
//! mirror or cache.

use std::io::Write;
use std::path::{Path, PathBuf};

use consent_core::tcf::{Gvl, GvlError, GvlTranslation};

use crate::gvl_download::{DownloadError, Downloader};
use crate::gvl_file::{translation_file_name, translation_language};

/// Where IAB Europe publishes the list (`vendor-list.json`) and its translations (`purposes-{language}.json`): the
/// spec's "Consent string and vendor list formats v2", section "Where can I access the Global Vendor List?".
pub const DEFAULT_SOURCE: &str = "https://vendor-list.consensu.org/v3/";

/// The name of the list in the source folder.
pub const LIST_FILE_NAME: &str = "vendor-list.json";

/// The languages IAB's official library (`@iabtechlabtcf/core`, `ConsentLanguages`) knows as consent languages, less
/// English, which the list itself is written in. IAB publishes no index of its translation files, so this is the
/// default set of `--languages`; one IAB does not (or no longer) publish is skipped and said so.
pub const IAB_LANGUAGES: &[&str] = &[
    "ar", "bg", "bs", "ca", "cs", "cy", "da", "de", "el", "es", "et", "eu", "fi", "fr", "gl", "he", "hi", "hr", "hu",
    "id", "is", "it", "ja", "ka", "ko", "lt", "lv", "mk", "ms", "mt", "nl", "no", "pl", "pt-br", "pt-pt", "ro", "ru",
    "sk", "sl", "sq", "sr-cyrl", "sr-latn", "sv", "sw", "th", "tl", "tr", "uk", "vi", "zh", "zh-hant",
];

/// What to download and where to.
#[derive(Debug, Clone)]
pub struct UpdateOptions {
    /// The list's file (`gvl/vendor-list.json`); the translations go beside it.
    pub out: PathBuf,
    /// The translations to download: each must exist. `None`: [`IAB_LANGUAGES`], skipping any IAB does not publish.
    pub languages: Option<Vec<String>>,
    /// The folder URL holding `vendor-list.json` and `purposes-{language}.json`.
    pub source: String,
    /// Whether a list older than the one at `out` may replace it.
    pub allow_older: bool,
}

/// What an update wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Updated {
    /// The new list's VendorListVersion.
    pub version: u16,
    /// Its TCF policy version.
    pub policy_version: u8,
    /// When IAB published it.
    pub last_updated: String,
    /// Vendors a site may use (not deleted).
    pub vendors: usize,
    /// Vendors the list keeps only as deleted.
    pub deleted: usize,
    /// The version of the list it replaced, if there was a readable one.
    pub replaced: Option<u16>,
    /// The translations written, by language.
    pub languages: Vec<String>,
    /// Default languages IAB publishes no translation for.
    pub not_published: Vec<String>,
    /// Every file written, the list last.
    pub written: Vec<PathBuf>,
}

/// Why nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    /// A file could not be downloaded.
    #[error(transparent)]
    Download(#[from] DownloadError),
    /// A downloaded file is not a usable list or translation.
    #[error("{url} is not usable: {source}")]
    Invalid {
        /// Where it came from.
        url: String,
        /// Every problem, each naming its field.
        source: GvlError,
    },
    /// `--languages` names something that is not a language IAB could publish a file for.
    #[error("--languages: '{0}' is not a language code such as 'de' or 'pt-br'")]
    Language(String),
    /// The downloaded list is older than the one it would replace.
    #[error(
        "{url} is version {downloaded}, older than version {existing} in {path}: nothing written (a stale mirror? pass \
         --allow-older to go back on purpose)"
    )]
    Older {
        /// Where the new list came from.
        url: String,
        /// Its version.
        downloaded: u16,
        /// The file it would replace.
        path: PathBuf,
        /// That file's version.
        existing: u16,
    },
    /// A translation already beside the list, not part of this update, does not fit the new list: the server would
    /// refuse to start with it.
    #[error(
        "{path} does not fit the new list ({source}): nothing written (add its language to --languages or delete it)"
    )]
    Stale {
        /// The file.
        path: PathBuf,
        /// Why.
        source: GvlError,
    },
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// Downloads, checks and writes the list and its translations.
pub async fn update(options: &UpdateOptions, downloader: &Downloader) -> Result<Updated, UpdateError> {
    let languages = requested_languages(options.languages.as_deref())?;
    let source = folder_url(&options.source);
    let list_url = format!("{source}{LIST_FILE_NAME}");
    let list_text = downloader.get_text(&list_url).await?;
    let gvl = Gvl::from_json(&list_text).map_err(|source| UpdateError::Invalid { url: list_url.clone(), source })?;
    let replaced = existing_version(&options.out);
    if let Some(existing) = replaced.filter(|&existing| gvl.vendor_list_version < existing && !options.allow_older) {
        return Err(UpdateError::Older {
            url: list_url,
            downloaded: gvl.vendor_list_version,
            path: options.out.clone(),
            existing,
        });
    }
    let mut translations = Vec::new();
    let mut not_published = Vec::new();
    for language in languages {
        let url = format!("{source}{}", translation_file_name(&language));
        let text = match downloader.get_text(&url).await {
            Ok(text) => text,
            Err(missing) if missing.is_not_found() && options.languages.is_none() => {
                not_published.push(language);
                continue;
            }
            Err(error) => return Err(error.into()),
        };
        GvlTranslation::from_json(&text, &language, &gvl).map_err(|source| UpdateError::Invalid { url, source })?;
        translations.push((language, text));
    }
    let folder = folder_of(&options.out);
    check_other_translations(folder, &translations, &gvl)?;

    std::fs::create_dir_all(folder).map_err(|source| UpdateError::Io { path: folder.to_owned(), source })?;
    let mut written = Vec::new();
    for (language, text) in &translations {
        let path = folder.join(translation_file_name(language));
        write_atomically(&path, text)?;
        written.push(path);
    }
    write_atomically(&options.out, &list_text)?;
    written.push(options.out.clone());
    let deleted = gvl.vendors.values().filter(|vendor| vendor.is_deleted()).count();
    Ok(Updated {
        version: gvl.vendor_list_version,
        policy_version: gvl.tcf_policy_version,
        last_updated: gvl.last_updated.clone(),
        vendors: gvl.vendors.len() - deleted,
        deleted,
        replaced,
        languages: translations.into_iter().map(|(language, _)| language).collect(),
        not_published,
        written,
    })
}

/// The languages asked for, lowercase as IAB names its files, each checked; [`IAB_LANGUAGES`] when none are.
fn requested_languages(asked: Option<&[String]>) -> Result<Vec<String>, UpdateError> {
    let Some(asked) = asked else { return Ok(IAB_LANGUAGES.iter().map(|&l| l.to_owned()).collect()) };
    let mut languages: Vec<String> = Vec::new();
    for language in asked.iter().map(|l| l.trim().to_ascii_lowercase()).filter(|l| !l.is_empty() && l != "en") {
        if translation_language(&translation_file_name(&language)).is_none() {
            return Err(UpdateError::Language(language));
        }
        if !languages.contains(&language) {
            languages.push(language);
        }
    }
    Ok(languages)
}

/// The source as a folder URL, ending in `/`.
fn folder_url(source: &str) -> String {
    if source.ends_with('/') {
        source.to_owned()
    } else {
        format!("{source}/")
    }
}

fn folder_of(path: &Path) -> &Path {
    path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."))
}

/// The version of the list at `path`, if there is a readable one (an unreadable one is simply replaced).
fn existing_version(path: &Path) -> Option<u16> {
    let text = std::fs::read_to_string(path).ok()?;
    Gvl::from_json(&text).ok().map(|gvl| gvl.vendor_list_version)
}

/// Every `purposes-*.json` already beside the list that this update does not replace must still fit the new list,
/// since `consent serve` reads them all and refuses to start on one that does not.
fn check_other_translations(folder: &Path, replacing: &[(String, String)], gvl: &Gvl) -> Result<(), UpdateError> {
    let Ok(entries) = std::fs::read_dir(folder) else { return Ok(()) };
    let mut others: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let language = translation_language(&name)?.to_ascii_lowercase();
            Some((language, entry.path()))
        })
        .filter(|(language, _)| !replacing.iter().any(|(new, _)| new == language))
        .collect();
    others.sort();
    for (language, path) in others {
        let text = std::fs::read_to_string(&path).map_err(|source| UpdateError::Io { path: path.clone(), source })?;
        GvlTranslation::from_json(&text, &language, gvl).map_err(|source| UpdateError::Stale { path, source })?;
    }
    Ok(())
}

/// Writes `text` to a new file in `path`'s folder, flushes it to disk, and renames it over `path`: a reader sees the
/// old file or the new one, never a part, and a failure leaves the old one.
fn write_atomically(path: &Path, text: &str) -> Result<(), UpdateError> {
    let folder = folder_of(path);
    let io = |source| UpdateError::Io { path: path.to_owned(), source };
    let mut file = tempfile::Builder::new().prefix(".gvl-update-").tempfile_in(folder).map_err(io)?;
    file.write_all(text.as_bytes()).map_err(io)?;
    file.as_file().sync_all().map_err(io)?;
    // The temporary file is private to its owner; the list is public data, and the server may run as another user.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.as_file().set_permissions(std::fs::Permissions::from_mode(0o644)).map_err(io)?;
    }
    file.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_lowercased_deduplicated_and_checked() {
        let asked = ["DE".to_owned(), "pt-BR".into(), "de".into(), "en".into()];
        assert_eq!(requested_languages(Some(&asked)).unwrap(), ["de", "pt-br"]);
        let error = requested_languages(Some(&["../etc".to_owned()])).unwrap_err();
        assert_eq!(error.to_string(), "--languages: '../etc' is not a language code such as 'de' or 'pt-br'");
        assert_eq!(requested_languages(None).unwrap().len(), IAB_LANGUAGES.len());
    }

    #[test]
    fn every_default_language_names_a_file_the_server_reads() {
        for language in IAB_LANGUAGES {
            assert_eq!(translation_language(&translation_file_name(language)), Some(*language));
        }
    }

    #[test]
    fn the_source_is_a_folder() {
        assert_eq!(folder_url("http://mirror.test/gvl"), "http://mirror.test/gvl/");
        assert_eq!(folder_url(DEFAULT_SOURCE), DEFAULT_SOURCE);
    }
}
