//! The `{site}` segment of a path, checked once for every route under `/v1/sites/{site}/…`.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use consent_core::config::check_site_id;

use crate::error::AppError;
use crate::AppState;

/// Extractor: the `{site}` of the path, if it is a valid site id. Anything else (`..`, `%2e%2e%2f`, `Demo-Shop`,
/// 5 KB of junk) is answered as a site that does not exist, `404` with the id (cut to 64 characters) and what site
/// ids look like, before the handler runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteId(pub String);

impl SiteId {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 404 for this site when the endpoint does not know it.
    pub fn unknown(&self) -> AppError {
        unknown_site(&self.0)
    }

    /// Succeeds if the site has records in the log or a config served here: a site whose config was removed still
    /// has a log to read.
    pub async fn require_logged_or_served(&self, state: &AppState) -> Result<(), AppError> {
        if state.store().site_exists(&self.0).await? || state.sites().get(&self.0).await?.is_some() {
            Ok(())
        } else {
            Err(self.unknown())
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for SiteId {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let site = super::path_segment(parts, state, "site").await?;
        if check_site_id(&site).is_err() {
            let shown: String = site.chars().take(64).collect();
            return Err(AppError::NotFound(format!(
                "no site '{shown}' is served here (site ids are lowercase tokens)"
            )));
        }
        Ok(SiteId(site))
    }
}

/// The 404 for a valid site id that this endpoint does not know.
pub(crate) fn unknown_site(site: &str) -> AppError {
    AppError::NotFound(format!("no site '{site}' is served here"))
}
