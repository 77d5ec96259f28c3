//! The HTTP routes, one module per resource.

use axum::extract::rejection::PathRejection;
use axum::extract::Path;
use consent_core::config::check_site_id;

use crate::error::AppError;

pub mod consent_lookup;
pub mod consents;
pub mod cors;
pub mod export;
pub mod first_layer;
pub mod freshness;
pub mod log_proof;
pub mod ops;
pub mod purge;
pub mod site_config;
pub mod site_files;
pub mod site_origins;
pub mod stats;

/// The `{site}` of a path, if it is a valid site id; anything else (`..`, `%2e%2e%2f`, 5 KB of junk) is a site that
/// does not exist.
pub(crate) fn site_id(path: Result<Path<String>, PathRejection>) -> Result<String, AppError> {
    let Path(site) = path.map_err(|e| AppError::NotFound(e.body_text()))?;
    if check_site_id(&site).is_err() {
        let shown: String = site.chars().take(64).collect();
        return Err(AppError::NotFound(format!("no site '{shown}' is served here (site ids are lowercase tokens)")));
    }
    Ok(site)
}

/// The 404 for a valid site id that this endpoint does not know.
pub(crate) fn unknown_site(site: &str) -> AppError {
    AppError::NotFound(format!("no site '{site}' is served here"))
}
