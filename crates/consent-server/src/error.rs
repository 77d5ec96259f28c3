//! Every way a request can fail, and the one JSON shape every failure is answered with.

use axum::extract::rejection::BytesRejection;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use consent_core::{FieldError, RecordError};
use serde::Serialize;

use crate::store::StoreError;

/// The largest consent record accepted. A real record is well under 2 KiB; the cap keeps a hostile client from making
/// the server buffer megabytes.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// The largest site config an admin may upload: a config with a long service catalogue stays well below it.
pub const MAX_CONFIG_BYTES: usize = 512 * 1024;

/// A failed request. Client mistakes are answered with what is wrong; server faults are answered generically and
/// logged in full, so that nothing internal (SQL, paths) leaks to the client.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("the request body is larger than {0} bytes")]
    TooLarge(usize),
    #[error("the request body could not be read: {0}")]
    UnreadableBody(String),
    #[error("the body must be sent as {expected}, not {got}")]
    UnsupportedMediaType { expected: &'static str, got: String },
    #[error("the body is not a consent record: {reason}")]
    Malformed {
        reason: String,
        /// The field the problem is in (`decisions.analytics`), when it is in one.
        field: Option<String>,
    },
    #[error("the consent record was refused: {0}")]
    Refused(RecordError),
    #[error("the request's parameters are invalid: {}", consent_core::field_error::join(.0))]
    BadParameters(Vec<FieldError>),
    #[error("the body is not a site config: {0}")]
    MalformedConfig(String),
    #[error("the site config was refused: {}", consent_core::field_error::join(.0))]
    InvalidConfig(Vec<FieldError>),
    #[error("{0}")]
    NotFound(String),
    #[error("this route does not take that method; see /openapi.json")]
    MethodNotAllowed,
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    NotAcceptable(String),
    #[error("the origin {origin} may not send consents for site '{site}'; add it to the site's allowed origins")]
    OriginNotAllowed { origin: String, site: String },
    #[error("the origin {0} is not allowed to call this endpoint")]
    PreflightRefused(String),
    #[error("too many requests from {scope}; retry in {retry_after_secs} s")]
    RateLimited { scope: &'static str, retry_after_secs: u64 },
    #[error("the admin API is disabled: start the server with --admin-token (or CONSENT_ADMIN_TOKEN) to enable it")]
    AdminDisabled,
    #[error("this route needs the admin token: send `Authorization: Bearer <token>`, or sign in to the console")]
    Unauthorized,
    #[error(
        "a change made with a console session needs its CSRF token in X-CSRF-Token (signing in answers it; \
         GET /v1/admin/session gives it again)"
    )]
    CsrfRefused,
    #[error("{0}; retry later")]
    Unavailable(String),
    #[error("the consent log could not be used")]
    Store(#[from] StoreError),
}

/// Parses a JSON body strictly: the whole body (nothing may follow the value), with the path of the offending field
/// in the error (`decisions.analytics: unknown variant \`yes\``).
pub fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    // The plain parse is the fast path; only a body that fails is parsed again to find where.
    if let Ok(value) = serde_json::from_slice(body) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(AppError::malformed)?;
    deserializer.end().map_err(|e| AppError::Malformed { reason: e.to_string(), field: None })?;
    Ok(value)
}

/// The body of every error response: `{"error": "...", "fields": [{"path": "...", "reason": "..."}]}`.
///
/// `fields` lists every problem with a named field of the input, and is empty when the problem is not about one field.
#[derive(Debug, Serialize)]
pub struct ErrorBody {
    pub error: String,
    pub fields: Vec<FieldError>,
}

impl From<BytesRejection> for AppError {
    fn from(rejection: BytesRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge(MAX_BODY_BYTES)
        } else {
            AppError::UnreadableBody(rejection.body_text())
        }
    }
}

impl AppError {
    /// A body that is not the expected JSON, naming the field the problem is in when there is one.
    pub fn malformed(error: serde_path_to_error::Error<serde_json::Error>) -> Self {
        let path = error.path().to_string();
        // An unreadable map key is reported as `map.?`: name the map.
        let path = path.trim_end_matches(".?").to_owned();
        let field = (path != "." && path != "?").then_some(path);
        AppError::Malformed { reason: error.into_inner().to_string(), field }
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnreadableBody(_)
            | AppError::Malformed { .. }
            | AppError::BadParameters(_)
            | AppError::MalformedConfig(_) => StatusCode::BAD_REQUEST,
            AppError::UnsupportedMediaType { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Refused(_) | AppError::InvalidConfig(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::NotFound(_) | AppError::AdminDisabled => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::NotAcceptable(_) => StatusCode::NOT_ACCEPTABLE,
            AppError::OriginNotAllowed { .. } | AppError::PreflightRefused(_) | AppError::CsrfRefused => {
                StatusCode::FORBIDDEN
            }
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Whether the client sent something wrong (a 4xx), as opposed to the server failing.
    pub fn is_client_error(&self) -> bool {
        self.status().is_client_error()
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Store(cause) = &self {
            tracing::error!(error = %cause, "request failed on the consent log");
        }
        let fields = match &self {
            AppError::Refused(record) => record.fields().to_vec(),
            AppError::BadParameters(fields) | AppError::InvalidConfig(fields) => fields.clone(),
            AppError::OriginNotAllowed { .. } => vec![FieldError::new("site", "does not allow this request's origin")],
            AppError::Malformed { reason, field: Some(path) } => vec![FieldError::new(path.clone(), reason.clone())],
            _ => Vec::new(),
        };
        let error = match &self {
            AppError::Store(_) => "the consent log is unavailable; retry later".to_owned(),
            other => other.to_string(),
        };
        let mut response = (self.status(), Json(ErrorBody { error, fields })).into_response();
        let headers = response.headers_mut();
        match &self {
            AppError::RateLimited { retry_after_secs, .. } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_secs));
            }
            AppError::Unauthorized => {
                headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"consent-admin\""));
            }
            AppError::Store(_) => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            }
            _ => {}
        }
        response
    }
}
