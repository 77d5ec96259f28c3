//! `/v1/admin/session`: the console signs in with the admin token (`POST`), reads its session again after a reload
//! (`GET`), and signs out (`DELETE`). [`crate::admin_session`] says how the session is kept safe.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::admin_session::{self, cleared_cookie, cookie, id_hash, random_hex, wants_secure_cookie};
use crate::chain::canonical::constant_time_eq;
use crate::client_ip::ClientIp;
use crate::error::{parse_json, AppError};
use crate::time::{now_ms, to_rfc3339};
use crate::AppState;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/v1/admin/session", post(sign_in).get(current).delete(sign_out))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SignIn {
    /// The admin token (`consent serve --admin-token`).
    token: String,
}

/// What the console keeps in memory: the CSRF token for its changes, and when it must sign in again.
#[derive(Debug, Serialize)]
struct SessionBody {
    csrf_token: String,
    expires_at: String,
}

async fn sign_in(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let Some(token) = state.admin_token() else { return Err(AppError::AdminDisabled) };
    let SignIn { token: presented } = parse_json(&body)?;
    if !token.matches(&presented) {
        // Wrong tokens count against the client's rate limit, so the token cannot be guessed online.
        if let Some(ip) = ip {
            state.limiter().check_ip(ip).map_err(|retry| state.rate_limited(retry))?;
        }
        return Err(AppError::Unauthorized);
    }
    let (id, csrf_token) = (random_hex(32)?, random_hex(32)?);
    let ttl = state.options().admin_session_ttl;
    let now = now_ms();
    let expires_at_ms = now.saturating_add(i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX));
    state.store().create_session(&id_hash(&id), &csrf_token, now, expires_at_ms).await?;
    let set_cookie = cookie(&id, ttl.as_secs(), wants_secure_cookie(&headers));
    let body = SessionBody { csrf_token, expires_at: to_rfc3339(expires_at_ms) };
    Ok((StatusCode::CREATED, [(header::SET_COOKIE, set_cookie), no_store()], Json(body)).into_response())
}

async fn current(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let id = admin_session::session_id(&headers).ok_or(AppError::Unauthorized)?;
    let session = state.store().session(&id_hash(id), now_ms()).await?.ok_or(AppError::Unauthorized)?;
    let body = SessionBody { csrf_token: session.csrf_token, expires_at: to_rfc3339(session.expires_at_ms) };
    Ok(([no_store()], Json(body)).into_response())
}

/// Ends the session everywhere and makes the browser forget it. A sign-out is a change: it needs the CSRF token, so
/// that another site cannot sign the console out.
async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    if let Some(id) = admin_session::session_id(&headers) {
        let hash = id_hash(id);
        if let Some(session) = state.store().session(&hash, now_ms()).await? {
            let csrf = admin_session::csrf_token(&headers).unwrap_or_default();
            if !constant_time_eq(csrf.as_bytes(), session.csrf_token.as_bytes()) {
                return Err(AppError::CsrfRefused);
            }
            state.store().delete_session(&hash).await?;
        }
    }
    let forget = cleared_cookie(wants_secure_cookie(&headers));
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, forget)]).into_response())
}

/// Session answers are never cached, by a browser or anything between.
fn no_store() -> (header::HeaderName, header::HeaderValue) {
    (header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"))
}
