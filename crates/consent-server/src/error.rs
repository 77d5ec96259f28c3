//! Every way a request can fail, and the one JSON shape every failure is answered with.

use axum::extract::rejection::BytesRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use consent_core::{FieldError, RecordError};
use serde::Serialize;

use crate::store::StoreError;

/// The largest consent record accepted. A real record is well under 2 KiB; the cap keeps a hostile client from making
/// the server buffer megabytes.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// A failed request. Client mistakes are answered with what is wrong; server faults are answered generically and
/// logged in full, so that nothing internal (SQL, paths) leaks to the client.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("the consent record is larger than {MAX_BODY_BYTES} bytes")]
    TooLarge,
    #[error("the request body could not be read: {0}")]
    UnreadableBody(String),
    #[error("the body must be sent as application/json or text/plain, not {0}")]
    UnsupportedMediaType(String),
    #[error("the body is not a consent record: {0}")]
    Malformed(String),
    #[error("the consent record was refused: {0}")]
    Refused(RecordError),
    #[error("the consent could not be stored")]
    Store(#[from] StoreError),
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
            AppError::TooLarge
        } else {
            AppError::UnreadableBody(rejection.body_text())
        }
    }
}

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnreadableBody(_) | AppError::Malformed(_) => StatusCode::BAD_REQUEST,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Store(cause) = &self {
            tracing::error!(error = %cause, "consent not stored");
        }
        let fields = match &self {
            AppError::Refused(record) => record.fields().to_vec(),
            _ => Vec::new(),
        };
        let error = match &self {
            AppError::Store(_) => "the consent could not be stored; the client should retry later".to_owned(),
            other => other.to_string(),
        };
        (self.status(), Json(ErrorBody { error, fields })).into_response()
    }
}
