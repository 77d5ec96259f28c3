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
    /// The body is longer than the route accepts (the limit, in bytes): 413.
    #[error("the request body is larger than {0} bytes")]
    TooLarge(usize),
    /// The body could not be read off the connection (the client went away mid-body): 400.
    #[error("the request body could not be read: {0}")]
    UnreadableBody(String),
    /// The body's `Content-Type` is not the one the route reads: 415.
    #[error("the body must be sent as {expected}, not {got}")]
    UnsupportedMediaType {
        /// The media type the route reads.
        expected: &'static str,
        /// The one the request named.
        got: String,
    },
    /// The body is not JSON of the expected shape: 400.
    #[error("the body is not a consent record: {reason}")]
    Malformed {
        /// serde's message: what was expected where.
        reason: String,
        /// The field the problem is in (`decisions.analytics`), when it is in one.
        field: Option<String>,
    },
    /// The body is a record, but a field breaks the rules or the site's config: 422, every field named.
    #[error("the consent record was refused: {0}")]
    Refused(RecordError),
    /// The query string or path has invalid values: 400, every parameter named.
    #[error("the request's parameters are invalid: {}", consent_core::field_error::join(.0))]
    BadParameters(Vec<FieldError>),
    /// An uploaded config is not JSON of the config's shape (or not UTF-8): 400.
    #[error("the body is not a site config: {0}")]
    MalformedConfig(String),
    /// An uploaded config reads but breaks rules: 422, every field named.
    #[error("the site config was refused: {}", consent_core::field_error::join(.0))]
    InvalidConfig(Vec<FieldError>),
    /// No such site, record or route (the message says which): 404.
    #[error("{0}")]
    NotFound(String),
    /// The route exists but not with this method: 405.
    #[error("this route does not take that method; see /openapi.json")]
    MethodNotAllowed,
    /// The request contradicts what is stored (an upload that does not raise the revision, a purge that meets a broken
    /// chain, a proof past a gap in the tree): 409.
    #[error("{0}")]
    Conflict(String),
    /// The client asked (`Accept`) for a representation the route cannot give: 406.
    #[error("{0}")]
    NotAcceptable(String),
    /// A page of another origin sent a consent for a site that does not list that origin: 403.
    #[error("the origin {origin} may not send consents for site '{site}'; add it to the site's allowed origins")]
    OriginNotAllowed {
        /// The `Origin` header sent.
        origin: String,
        /// The site the consent was for.
        site: String,
    },
    /// A CORS preflight from an origin no site allows (the origin, cut to 120 characters): 403.
    #[error("the origin {0} is not allowed to call this endpoint")]
    PreflightRefused(String),
    /// One client address sent more requests than its share: 429, with `Retry-After`.
    #[error("too many requests from {scope}; retry in {retry_after_secs} s")]
    RateLimited {
        /// Whose share ran out, in words ("this client").
        scope: &'static str,
        /// Seconds until a request will be accepted again.
        retry_after_secs: u64,
    },
    /// An admin route was called on a server started without an admin token: 404.
    #[error("the admin API is disabled: start the server with --admin-token (or CONSENT_ADMIN_TOKEN) to enable it")]
    AdminDisabled,
    /// An admin route was called without a valid token or session: 401.
    #[error("this route needs the admin token: send `Authorization: Bearer <token>`, or sign in to the console")]
    Unauthorized,
    #[error(
        "a change made with a console session needs its CSRF token in X-CSRF-Token (signing in answers it; \
         GET /v1/admin/session gives it again)"
    )]
    /// A change made with a console session lacks its CSRF token: 403.
    CsrfRefused,
    /// Something the server needs is missing for now (the message says what): 503.
    #[error("{0}; retry later")]
    Unavailable(String),
    /// The database failed: 500, answered generically and logged in full.
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
    /// The message, written for the person who sent the request.
    pub error: String,
    /// Every problem with a named field, each with its path and reason; empty when the problem is not about one field.
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
