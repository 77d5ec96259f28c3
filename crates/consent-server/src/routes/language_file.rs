//! The `{file}` of a per-language path (`/first-layer/{file}`, `/vendors/{file}`): `{language}.json`, the language as
//! the boot loader writes it. Anything else is a 404 saying how the files are named.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::error::AppError;

/// The language of a `{language}.json` path segment named `file`.
pub(super) struct LanguageFile(pub String);

impl<S: Send + Sync> FromRequestParts<S> for LanguageFile {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let file = super::path_segment(parts, state, "file").await?;
        match file.strip_suffix(".json") {
            Some(language) => Ok(LanguageFile(language.to_owned())),
            None => Err(AppError::NotFound(format!(
                "no file '{}' here: the files are named '<language>.json', such as 'de.json'",
                file.chars().take(40).collect::<String>()
            ))),
        }
    }
}
