//! The HTTP routes, one module per resource.

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;

use crate::error::AppError;

pub mod admin_session;
pub mod client_limit;
pub mod config_history;
pub mod config_schema;
pub mod consent_lookup;
pub mod consents;
pub mod console_files;
pub mod cors;
pub mod dashboard;
pub mod endpoint_setup;
pub mod export;
pub mod first_layer;
pub mod found_trackers;
pub mod freshness;
pub mod gvl_preview;
pub mod gvl_vendors;
mod language_file;
pub mod log_proof;
pub mod ops;
pub mod policy_import;
pub mod purge;
pub mod query_params;
pub mod site_config;
pub mod site_files;
pub mod site_id;
pub mod site_list;
pub mod site_origins;
pub mod stats;
pub mod vendors;

/// The `{name}` segment of the request's path as text, for the extractors that check it ([`site_id::SiteId`],
/// [`consent_lookup::ConsentIdPath`]); a segment that is missing or cannot be read as text is a 404.
pub(crate) async fn path_segment<S: Send + Sync>(parts: &mut Parts, state: &S, name: &str) -> Result<String, AppError> {
    let params = RawPathParams::from_request_parts(parts, state)
        .await
        .map_err(|rejection| AppError::NotFound(rejection.body_text()))?;
    params
        .iter()
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
        .ok_or_else(|| AppError::NotFound(format!("the path has no {{{name}}}")))
}
