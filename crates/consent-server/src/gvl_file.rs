//! Loading the Global Vendor List `consent serve --gvl FILE` names: `vendor-list.json` (GVL v3) and IAB's translations
//! of its texts, the `purposes-{language}.json` files in the same folder (as `consent gvl update` writes them, and as
//! IAB publishes them under `https://vendor-list.consensu.org/v3/`). Everything is read and checked at start-up, with
//! consent-core's readers: a list that cannot be used stops the endpoint rather than serving TCF sites wrong strings.

use std::path::{Path, PathBuf};

use consent_core::tcf::{Gvl, GvlError, GvlTranslation, VendorList};

/// Why the vendor list files cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum GvlFileError {
    /// A file could not be read.
    #[error("reading {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file does not read as the Global Vendor List, or a translation of it.
    #[error("{path} is not usable: {source} (download a fresh copy with `consent gvl update --out FILE`)")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Every problem, each naming its field.
        source: GvlError,
    },
}

/// The language a translation file is for: `purposes-de.json` is `de`, `purposes-pt-br.json` is `pt-br`.
pub fn translation_language(file_name: &str) -> Option<&str> {
    let language = file_name.strip_prefix("purposes-")?.strip_suffix(".json")?;
    let valid = !language.is_empty() && language.len() <= 8;
    (valid && language.chars().all(|c| c.is_ascii_alphabetic() || c == '-')).then_some(language)
}

/// The name IAB gives the translation of the list into `language`.
pub fn translation_file_name(language: &str) -> String {
    format!("purposes-{}.json", language.to_ascii_lowercase())
}

/// Reads and checks the list at `path` and every translation next to it.
pub fn load(path: &Path) -> Result<VendorList, GvlFileError> {
    let text = read(path)?;
    let gvl = Gvl::from_json(&text).map_err(|source| GvlFileError::Invalid { path: path.to_owned(), source })?;
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let entries = std::fs::read_dir(folder).map_err(|source| GvlFileError::Read { path: folder.to_owned(), source })?;
    let mut translations = Vec::new();
    let mut names: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let language = translation_language(&name)?.to_owned();
            Some((language, entry.path()))
        })
        .collect();
    names.sort();
    for (language, file) in names {
        let text = read(&file)?;
        let translation = GvlTranslation::from_json(&text, &language, &gvl)
            .map_err(|source| GvlFileError::Invalid { path: file.clone(), source })?;
        translations.push(translation);
    }
    Ok(VendorList::new(gvl, translations))
}

fn read(path: &Path) -> Result<String, GvlFileError> {
    std::fs::read_to_string(path).map_err(|source| GvlFileError::Read { path: path.to_owned(), source })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GVL: &str = include_str!("../../consent-core/tests/fixtures/vendor-list.json");
    const GERMAN: &str = include_str!("../../consent-core/tests/fixtures/purposes-de.json");

    #[test]
    fn the_list_is_loaded_with_the_translations_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("vendor-list.json"), GVL).unwrap();
        std::fs::write(dir.path().join("purposes-de.json"), GERMAN).unwrap();
        std::fs::write(dir.path().join("notes.json"), "not a translation").unwrap();
        let list = load(&dir.path().join("vendor-list.json")).unwrap();
        assert_eq!(list.gvl.vendor_list_version, 142);
        assert_eq!(list.translations.keys().collect::<Vec<_>>(), ["de"]);
    }

    #[test]
    fn a_broken_translation_names_its_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("vendor-list.json"), GVL).unwrap();
        std::fs::write(dir.path().join("purposes-fr.json"), GERMAN).unwrap();
        let error = load(&dir.path().join("vendor-list.json")).unwrap_err().to_string();
        assert!(error.contains("purposes-fr.json is not usable") && error.contains("language: is 'de'"), "{error}");
    }

    #[test]
    fn translation_files_are_named_by_language() {
        assert_eq!(translation_language("purposes-de.json"), Some("de"));
        assert_eq!(translation_language("purposes-pt-br.json"), Some("pt-br"));
        assert_eq!(translation_language("purposes-.json"), None);
        assert_eq!(translation_language("vendor-list.json"), None);
    }
}
