//! `GET /v1/consents/{consent_id}`: a visitor's own latest record and its receipt.
//!
//! "Latest" follows replacements forward: from the record with this id, to the newest record of the same site that
//! names it as `previous_id`, and so on until no record names the current one. A visitor who changed their mind three
//! times can look up any of their four ids and gets the fourth record, with the ids walked through on the way.

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum::Json;
use consent_core::{ConsentId, FieldError};
use serde::Serialize;
use serde_json::Value;

use super::consents::receipt_of;
use super::cors::check_origin;
use crate::error::AppError;
use crate::origin::{is_same_host, request_origin};
use crate::row::LoggedRow;
use crate::AppState;
use consent_core::receipt::{Receipt, ReceiptStatus};

/// Replacement chains longer than this are cut (a visitor does not change their mind a thousand times; a loop of
/// forged `previous_id`s must not keep the server walking).
const MAX_HOPS: usize = 1000;

/// The answer of `GET /v1/consents/{consent_id}`.
#[derive(Debug, Serialize)]
pub struct Latest {
    /// The id looked up.
    pub requested_id: String,
    /// The ids from the requested one to the latest, in order.
    pub replacements: Vec<String>,
    /// The latest record, as stored (maps as JSON objects).
    pub record: Value,
    /// The latest record's receipt, as the banner was given it.
    pub receipt: Receipt,
}

/// Extractor: the `{consent_id}` of the path, if it is a consent id (a UUID); anything else is answered `400` naming
/// `consent_id`, before the handler runs.
#[derive(Debug, Clone)]
pub struct ConsentIdPath(pub ConsentId);

impl<S: Send + Sync> FromRequestParts<S> for ConsentIdPath {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let id = ConsentId::try_from(super::path_segment(parts, state, "consent_id").await?)
            .map_err(|e| AppError::BadParameters(vec![FieldError::new("consent_id", e.to_string())]))?;
        Ok(ConsentIdPath(id))
    }
}

/// The logged record `consent_id`, if the page asking may read it: the pages its site allows to send consents (like
/// the record itself), or the endpoint's own pages.
pub(super) async fn readable_record(
    state: &AppState,
    headers: &HeaderMap,
    consent_id: &ConsentId,
) -> Result<LoggedRow, AppError> {
    let Some(logged) = state.store().get_logged(consent_id.as_str()).await? else {
        return Err(AppError::NotFound(format!("no consent with id {consent_id} is in the log")));
    };
    match state.sites().get(&logged.row.site).await? {
        Some(site) => check_origin(headers, &site)?,
        None => {
            // A site no longer served allows no cross-origin reader.
            if let Some(origin) = request_origin(headers).filter(|origin| !is_same_host(origin, headers)) {
                return Err(AppError::OriginNotAllowed { origin, site: logged.row.site.clone() });
            }
        }
    }
    Ok(logged)
}

/// Answers the latest record in the replacement chain that starts at `consent_id`.
pub async fn latest(
    State(state): State<AppState>,
    headers: HeaderMap,
    ConsentIdPath(consent_id): ConsentIdPath,
) -> Result<Json<Latest>, AppError> {
    let mut current = readable_record(&state, &headers, &consent_id).await?;
    let mut replacements = vec![current.row.consent_id.clone()];
    while replacements.len() < MAX_HOPS {
        match state.store().replacement_of(&current.row.site, &current.row.consent_id).await? {
            Some(next) if !replacements.contains(&next.row.consent_id) => {
                replacements.push(next.row.consent_id.clone());
                current = next;
            }
            _ => break,
        }
    }
    Ok(Json(Latest {
        requested_id: consent_id.to_string(),
        replacements,
        receipt: receipt_of(&current, ReceiptStatus::Stored),
        record: record_view(&current),
    }))
}

/// The stored record as JSON, with the maps (stored as JSON text) expanded into objects for reading.
pub fn record_view(logged: &LoggedRow) -> Value {
    let mut value = serde_json::to_value(logged).unwrap_or(Value::Null);
    if let Value::Object(fields) = &mut value {
        for name in ["decisions", "services", "consent_mode", "found_trackers"] {
            if let Some(Value::String(text)) = fields.get(name) {
                if let Ok(parsed) = serde_json::from_str::<Value>(text) {
                    fields.insert(name.to_owned(), parsed);
                }
            }
        }
    }
    value
}
