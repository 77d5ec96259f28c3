//! The query string of a route, parsed into its parameters struct.

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use consent_core::FieldError;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// Extractor: the query string as `T`. One that does not parse (an unknown parameter, a number that is not one) is
/// answered `400` in the one JSON error shape, naming `query` and what was wrong, before the handler runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct QueryParams<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for QueryParams<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let Query(params) = Query::<T>::from_request_parts(parts, state)
            .await
            .map_err(|rejection| AppError::BadParameters(vec![FieldError::new("query", rejection.body_text())]))?;
        Ok(QueryParams(params))
    }
}
