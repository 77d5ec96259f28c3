//! `POST /v1/consents`: receive one decision, check it against the site's config, and log it durably.

use std::net::SocketAddr;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use consent_core::client::{truncate_ip, BrowserFamily};
use consent_core::{ConsentRecord, ConsentSubmission};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, MAX_BODY_BYTES};
use crate::row::{ServerMeta, StoredRow};
use crate::store::Inserted;
use crate::AppState;

/// Recorded instead of an address when the server does not know the peer (in-process tests without a socket).
const UNKNOWN_PEER: &str = "unknown";

/// What the endpoint answers when it has a record: the banner may drop the record from its retry queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub consent_id: String,
    /// When the server first received this consent id, in Unix milliseconds.
    pub received_at_ms: i64,
    pub status: ReceiptStatus,
}

/// Whether this request stored the record or found it already stored (a retry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptStatus {
    Stored,
    Duplicate,
}

/// The consent routes, with their body size limit.
pub fn router() -> Router<AppState> {
    Router::new().route("/v1/consents", post(submit).layer(DefaultBodyLimit::max(MAX_BODY_BYTES)))
}

/// Stores a submission and answers `201` with a receipt once it is committed, or `200` with the original receipt if
/// the consent id was stored before (the banner retries until it gets a receipt, so retries must be harmless).
///
/// The body is read as bytes rather than through `Json` because `navigator.sendBeacon`, which the banner uses on
/// `pagehide`, sends `text/plain`.
async fn submit(
    State(state): State<AppState>,
    peer: Option<axum::Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<(StatusCode, Json<Receipt>), AppError> {
    check_content_type(&headers)?;
    let body = body?;
    let submission: ConsentSubmission =
        serde_json::from_slice(&body).map_err(|e| AppError::Malformed(e.to_string()))?;
    let record = ConsentRecord::try_from(submission).map_err(AppError::Refused)?;
    record.check_against(state.config()).map_err(AppError::Refused)?;

    let meta = ServerMeta {
        received_at_ms: now_ms(),
        ip_truncated: peer.map_or_else(|| UNKNOWN_PEER.to_owned(), |info| truncate_ip(info.0 .0.ip())),
        browser_family: BrowserFamily::from_user_agent(
            headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or_default(),
        ),
    };
    let row = StoredRow::new(record, meta).map_err(AppError::Refused)?;
    let (status, received_at_ms, receipt_status) = match state.store().insert(&row).await? {
        Inserted::Stored => (StatusCode::CREATED, row.received_at_ms, ReceiptStatus::Stored),
        Inserted::Duplicate { received_at_ms } => (StatusCode::OK, received_at_ms, ReceiptStatus::Duplicate),
    };
    Ok((status, Json(Receipt { consent_id: row.consent_id, received_at_ms, status: receipt_status })))
}

/// Accepts `application/json`, `text/plain` (sendBeacon) and no content type at all; anything else (a form post, a
/// file upload) is a client that is not the banner.
fn check_content_type(headers: &HeaderMap) -> Result<(), AppError> {
    let Some(value) = headers.get(header::CONTENT_TYPE) else { return Ok(()) };
    let text = value.to_str().unwrap_or_default();
    let essence = text.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if matches!(essence.as_str(), "application/json" | "text/plain") {
        Ok(())
    } else {
        Err(AppError::UnsupportedMediaType(text.chars().take(80).collect()))
    }
}

/// The server's clock in Unix milliseconds; a clock before 1970 is reported as 0 rather than refusing consents.
fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}
