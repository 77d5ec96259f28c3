//! `POST /v1/consents`: receive one decision, check it against its site's config, and log it durably.

use std::net::IpAddr;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{middleware, Json, Router};
use consent_core::client::{truncate_ip, BrowserFamily};
use consent_core::receipt::{Receipt, ReceiptStatus};
use consent_core::{ConsentRecord, ConsentSubmission, FieldError, RecordError};

use super::client_limit::limit_per_client;
use super::consent_lookup;
use super::cors::{allow_origin, check_origin, preflight};
use crate::client_ip::ClientIp;
use crate::error::{parse_json, AppError, MAX_BODY_BYTES};
use crate::row::{LoggedRow, ServerMeta, StoredRow};
use crate::store::Inserted;
use crate::time::{now_ms, to_rfc3339};
use crate::visitor_region;
use crate::AppState;

/// Recorded instead of an address when the server does not know the peer (in-process tests without a socket).
const UNKNOWN_PEER: &str = "unknown";

/// The receipt for a logged record: what the endpoint answers when it has a record, so that the banner may drop it
/// from its retry queue and the visitor (or the site) can later show where it sits in the log.
pub fn receipt_of(logged: &LoggedRow, status: ReceiptStatus) -> Receipt {
    Receipt {
        consent_id: logged.row.consent_id.clone(),
        site: logged.row.site.clone(),
        seq: logged.link.seq,
        received_at_ms: logged.row.received_at_ms,
        received_at: to_rfc3339(logged.row.received_at_ms),
        chain_hash: logged.link.record_hash.clone(),
        status,
    }
}

/// The consent routes a banner calls, with their body size limit and CORS.
pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/v1/consents", post(submit).options(preflight).layer(DefaultBodyLimit::max(MAX_BODY_BYTES)))
        .route("/v1/consents/{consent_id}", get(consent_lookup::latest).options(preflight))
        .route("/v1/consents/{consent_id}/proof", get(super::log_proof::proof).options(preflight))
        // Every route here is called by visitors' browsers: each is rate-limited per address.
        .route_layer(middleware::from_fn_with_state(state.clone(), limit_per_client))
        .layer(middleware::from_fn_with_state(state.clone(), allow_origin))
}

/// Stores a submission and answers `201` with a receipt once it is committed, or `200` with the original receipt if
/// the consent id was stored before (the banner retries until it gets a receipt, so retries must be harmless).
///
/// A JSON array of submissions is stored in its order, each committed before the next (the banner sends its queue
/// so in one `sendBeacon` when the page closes, where separate beacons would race); the answer is the array of
/// receipts, or the first failure, the records before it staying stored.
///
/// The body is read as bytes rather than through `Json` because `navigator.sendBeacon`, which the banner uses on
/// `pagehide`, sends `text/plain`.
async fn submit(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, AppError> {
    let result = store_body(&state, ip, &headers, body).await;
    if let Err(error) = &result {
        if error.is_client_error() && !matches!(error, AppError::RateLimited { .. }) {
            state.metrics().refused();
        }
    }
    result
}

/// The most submissions one request may carry.
pub const MAX_BATCH: usize = 50;

async fn store_body(
    state: &AppState,
    ip: Option<IpAddr>,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, AppError> {
    check_content_type(headers)?;
    let body = body?;
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'[') {
        let submission: ConsentSubmission = parse_json(&body)?;
        let (status, receipt) = store_submission(state, ip, headers, submission).await?;
        return Ok((status, Json(receipt)).into_response());
    }
    let submissions: Vec<ConsentSubmission> = parse_json(&body)?;
    if submissions.is_empty() || submissions.len() > MAX_BATCH {
        let reason = format!("must hold 1 to {MAX_BATCH} consent records");
        return Err(AppError::Refused(RecordError(vec![FieldError::new("[]", reason)])));
    }
    let mut receipts = Vec::with_capacity(submissions.len());
    let mut created = false;
    for submission in submissions {
        let (status, receipt) = store_submission(state, ip, headers, submission).await?;
        created |= status == StatusCode::CREATED;
        receipts.push(receipt);
    }
    Ok((if created { StatusCode::CREATED } else { StatusCode::OK }, Json(receipts)).into_response())
}

async fn store_submission(
    state: &AppState,
    ip: Option<IpAddr>,
    headers: &HeaderMap,
    submission: ConsentSubmission,
) -> Result<(StatusCode, Receipt), AppError> {
    let record = ConsentRecord::try_from(submission).map_err(AppError::Refused)?;
    let Some(site) = state.sites().get(&record.site).await? else {
        let reason = format!("'{}' is not a site this endpoint serves", record.site);
        return Err(AppError::Refused(RecordError(vec![FieldError::new("site", reason)])));
    };
    check_origin(headers, &site)?;
    state.limiter().check_site(&record.site).map_err(|retry| state.rate_limited(retry))?;
    record.check_against(&site.config).map_err(AppError::Refused)?;

    let meta = ServerMeta {
        received_at_ms: now_ms(),
        ip_truncated: ip.map_or_else(|| UNKNOWN_PEER.to_owned(), truncate_ip),
        browser_family: BrowserFamily::from_user_agent(
            headers.get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or_default(),
        ),
        // Decided here from the trusted header, never taken from the page (which may have forced a region to test).
        applicable: visitor_region::applicable(&site.config, state.options().region_headers.as_ref(), headers),
        regional: site.config.regions.is_some(),
    };
    let row = StoredRow::new(record, meta).map_err(AppError::Refused)?;
    let started = Instant::now();
    let inserted = state.store().insert(row).await?;
    Ok(match inserted {
        Inserted::Stored(logged) => {
            state.metrics().stored(started.elapsed());
            (StatusCode::CREATED, receipt_of(&logged, ReceiptStatus::Stored))
        }
        Inserted::Duplicate(original) => {
            state.metrics().duplicate(started.elapsed());
            (StatusCode::OK, receipt_of(&original, ReceiptStatus::Duplicate))
        }
    })
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
        Err(AppError::UnsupportedMediaType {
            expected: "application/json or text/plain",
            got: text.chars().take(80).collect(),
        })
    }
}
