//! `GET /v1/sites/{site}/log/head` and `GET /v1/consents/{consent_id}/proof`: the signed head of a site's Merkle tree,
//! and a record's inclusion proof against it, which a visitor checks with nothing else (`consent log check-proof`).

use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{middleware, Json, Router};
use consent_core::log_proof::{ConsistencyProof, InclusionProof, SignedTreeHead};
use consent_core::FieldError;
use serde::Deserialize;

use super::client_limit::limit_per_client;
use super::consent_lookup::{readable_record, ConsentIdPath};
use super::cors::allow_origin;
use super::query_params::QueryParams;
use super::site_id::SiteId;
use crate::error::AppError;
use crate::log_tree::{self, ProveError};
use crate::store::StoreError;
use crate::AppState;

/// `?tree_size=N`: the head (or the proof against the head) of the tree at N records, for comparing with a head
/// published earlier. Default: every committed record.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TreeSize {
    tree_size: Option<u64>,
}

/// The head route (the proof route is under `/v1/consents`, with the visitor's other routes).
pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/v1/sites/{site}/log/head", get(head))
        .route("/v1/sites/{site}/log/consistency", get(consistency))
        .route_layer(middleware::from_fn_with_state(state.clone(), limit_per_client))
        .layer(middleware::from_fn_with_state(state.clone(), allow_origin))
}

async fn head(
    State(state): State<AppState>,
    site: SiteId,
    QueryParams(query): QueryParams<TreeSize>,
) -> Result<Json<SignedTreeHead>, AppError> {
    site.require_logged_or_served(&state).await?;
    let key = state.log_key().await?;
    Ok(Json(log_tree::head(state.store(), key, site.as_str(), query.tree_size).await.map_err(answer)?))
}

/// `?from=M&to=N`: the two tree sizes a consistency proof joins (`to` defaults to every committed record).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sizes {
    from: u64,
    to: Option<u64>,
}

/// Answers the proof that the site's tree at `from` records is a prefix of its tree at `to` records.
async fn consistency(
    State(state): State<AppState>,
    site: SiteId,
    QueryParams(query): QueryParams<Sizes>,
) -> Result<Json<ConsistencyProof>, AppError> {
    site.require_logged_or_served(&state).await?;
    match log_tree::consistency(state.store(), site.as_str(), query.from, query.to).await {
        Ok(proof) => Ok(Json(proof)),
        Err(beyond @ ProveError::BeyondLog { .. }) => {
            Err(AppError::BadParameters(vec![FieldError::new("to", beyond.to_string())]))
        }
        Err(other) => Err(answer(other)),
    }
}

/// Answers the inclusion proof of the record `consent_id`, to the pages its site allows (like the record itself).
pub async fn proof(
    State(state): State<AppState>,
    headers: HeaderMap,
    ConsentIdPath(consent_id): ConsentIdPath,
    QueryParams(query): QueryParams<TreeSize>,
) -> Result<Json<InclusionProof>, AppError> {
    readable_record(&state, &headers, &consent_id).await?;
    let key = state.log_key().await?;
    Ok(Json(log_tree::prove(state.store(), key, consent_id.as_str(), query.tree_size).await.map_err(answer)?))
}

/// The HTTP answer for a head or proof that could not be given.
fn answer(error: ProveError) -> AppError {
    match error {
        ProveError::UnknownConsent(_) => AppError::NotFound(error.to_string()),
        ProveError::BeyondLog { .. } | ProveError::BeforeRecord { .. } => {
            AppError::BadParameters(vec![FieldError::new("tree_size", error.to_string())])
        }
        ProveError::BadRange { .. } => AppError::BadParameters(vec![FieldError::new("from", error.to_string())]),
        ProveError::Store(gap @ StoreError::TreeGap { .. }) => AppError::Conflict(gap.to_string()),
        ProveError::Store(store) => AppError::Store(store),
        ProveError::Tree { site, source } => {
            AppError::Store(StoreError::Corrupt { site, reason: format!("its Merkle tree is incomplete: {source}") })
        }
    }
}
