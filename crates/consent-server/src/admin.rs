//! The admin API's authentication: a bearer token, compared in constant time, or a console session signed in with it
//! (see [`crate::admin_session`]).
//!
//! Without a configured token the admin routes answer `404 Not Found` (the API is off, and says how to turn it on);
//! with one, a request without the right `Authorization: Bearer …` gets `401 Unauthorized`. Failed attempts count
//! against the client's rate limit, so a token cannot be guessed online.

use std::fmt;

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use crate::admin_session;
use crate::chain::canonical::constant_time_eq;
use crate::chain::{WeakSecret, MIN_SECRET_LEN};
use crate::client_ip::client_ip;
use crate::error::AppError;
use crate::time::now_ms;
use crate::AppState;

/// The secret that unlocks the admin API.
#[derive(Clone, PartialEq, Eq)]
pub struct AdminToken(String);

impl AdminToken {
    /// The token from its text (at least 16 characters).
    pub fn new(text: &str) -> Result<Self, WeakSecret> {
        if text.chars().count() < MIN_SECRET_LEN {
            return Err(WeakSecret { what: "the admin token" });
        }
        Ok(AdminToken(text.to_owned()))
    }

    /// Whether `presented` is this token, in time independent of where they differ.
    pub fn matches(&self, presented: &str) -> bool {
        constant_time_eq(self.0.as_bytes(), presented.as_bytes())
    }
}

/// Never prints the token.
impl fmt::Debug for AdminToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AdminToken(***)")
    }
}

/// Proof that the request carried the admin token: take it as a handler argument to make the route admin-only.
#[derive(Debug, Clone, Copy)]
pub struct Admin;

impl FromRequestParts<AppState> for Admin {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let Some(token) = state.admin_token() else { return Err(AppError::AdminDisabled) };
        let presented = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim());
        if presented.is_some_and(|presented| token.matches(presented)) {
            return Ok(Admin);
        }
        // Or a console session, whose changes carry its CSRF token.
        if let Some(id) = admin_session::session_id(&parts.headers) {
            if let Some(session) = state.store().session(&admin_session::id_hash(id), now_ms()).await? {
                let csrf = admin_session::csrf_token(&parts.headers).unwrap_or_default();
                if admin_session::only_reads(&parts.method)
                    || constant_time_eq(csrf.as_bytes(), session.csrf_token.as_bytes())
                {
                    return Ok(Admin);
                }
                return Err(AppError::CsrfRefused);
            }
        }
        if let Some(ip) = client_ip(&parts.extensions, &parts.headers, state.trust_forwarded_for()) {
            state.limiter().check_ip(ip).map_err(|retry| state.rate_limited(retry))?;
        }
        Err(AppError::Unauthorized)
    }
}
