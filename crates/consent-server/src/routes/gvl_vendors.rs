//! The endpoint's Global Vendor List as the console's TCF form reads it (admin):
//! - `GET /v1/admin/gvl/vendors?q=media` finds vendors a site may add, by name or id (deleted ones left out);
//!   `?ids=1,2,755` names the vendors a config already lists, deleted ones marked, so the form shows names, not ids;
//! - `GET /v1/admin/gvl/disclosure?vendors=1,2,755&language=de` is what those vendors make the site's first layer
//!   state (consent-core's [`FirstLayerTcf`]), or the vendors the list cannot disclose, each named by its place
//!   (`tcf.vendors[2]`) as publishing the config would name it.
//!
//! A server started without `--gvl` answers `409 Conflict` saying how to give it one: the routes exist, the list
//! does not.

use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use consent_core::tcf::vendor_search::search;
use consent_core::tcf::{CountryCode, Disclosure, FirstLayerTcf, TcfConfig, Vendor, VendorList};
use consent_core::FieldError;
use serde::{Deserialize, Serialize};

use super::query_params::QueryParams;
use crate::admin::Admin;
use crate::error::AppError;
use crate::AppState;

/// The most vendors a search answers: a list to pick from, not the whole list.
pub const SEARCH_LIMIT: usize = 20;
/// The most ids one request may name (the real list has about a thousand vendors).
const MAX_IDS: usize = 2000;

/// The routes.
pub fn router() -> Router<AppState> {
    Router::new().route("/v1/admin/gvl/vendors", get(vendors)).route("/v1/admin/gvl/disclosure", get(disclosure))
}

/// `GET /v1/admin/gvl/vendors`'s query: one of the two.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct VendorsQuery {
    /// Words of a vendor's name, or its id.
    q: Option<String>,
    /// Comma-separated vendor ids.
    ids: Option<String>,
}

/// The answer of `GET /v1/admin/gvl/vendors`.
#[derive(Debug, Serialize)]
struct VendorsAnswer {
    /// The list's version, as the config check and the TC strings name it.
    vendor_list_version: u16,
    /// The vendors found, best match first; or those of `ids` the list has, in their order.
    vendors: Vec<VendorEntry>,
}

/// One vendor, with what the form shows of it. Its name is IAB's data: the console renders it as text.
#[derive(Debug, Serialize)]
struct VendorEntry {
    id: u16,
    name: String,
    /// Purposes it asks consent for.
    purposes: Vec<u8>,
    /// Purposes it claims a legitimate interest for.
    leg_int_purposes: Vec<u8>,
    /// Special features it uses.
    special_features: Vec<u8>,
    /// Whether the list marks it deleted (a config naming it is refused).
    deleted: bool,
}

impl From<&Vendor> for VendorEntry {
    fn from(vendor: &Vendor) -> Self {
        VendorEntry {
            id: vendor.id,
            name: vendor.name.clone(),
            purposes: vendor.purposes.clone(),
            leg_int_purposes: vendor.leg_int_purposes.clone(),
            special_features: vendor.special_features.clone(),
            deleted: vendor.is_deleted(),
        }
    }
}

async fn vendors(
    _admin: Admin,
    State(state): State<AppState>,
    QueryParams(query): QueryParams<VendorsQuery>,
) -> Result<Response, AppError> {
    let list = loaded(&state)?;
    let gvl = &list.gvl;
    let vendors = match (query.q, query.ids) {
        (Some(q), None) => search(gvl, &q, SEARCH_LIMIT).into_iter().map(VendorEntry::from).collect(),
        (None, Some(ids)) => {
            parse_ids(&ids, "ids")?.into_iter().filter_map(|id| gvl.vendor(id)).map(Into::into).collect()
        }
        _ => {
            return Err(AppError::BadParameters(vec![FieldError::new(
                "q",
                "give q (words of a vendor's name, or its id) or ids (vendor ids, comma-separated), not both",
            )]))
        }
    };
    Ok(no_store(Json(VendorsAnswer { vendor_list_version: gvl.vendor_list_version, vendors })))
}

/// `GET /v1/admin/gvl/disclosure`'s query.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DisclosureQuery {
    /// Comma-separated vendor ids, in the config's order.
    vendors: String,
    /// The language of the texts (`de`, `pt-BR`); default `en`.
    language: Option<String>,
}

async fn disclosure(
    _admin: Admin,
    State(state): State<AppState>,
    QueryParams(query): QueryParams<DisclosureQuery>,
) -> Result<Response, AppError> {
    let list = loaded(&state)?;
    let vendors = parse_ids(&query.vendors, "vendors")?;
    // Only the GVL vendors matter to what the first layer discloses; the CMP fields and Google's Additional Consent
    // providers are the site's and not asked for.
    let tcf = TcfConfig {
        cmp_id: 0,
        cmp_version: 0,
        vendors,
        publisher_cc: CountryCode::UNKNOWN,
        google_ad_tech_providers: Vec::new(),
        publisher_restrictions: Vec::new(),
    };
    let disclosure = Disclosure::new(&tcf, &list.gvl).map_err(|e| AppError::InvalidConfig(e.into_problems()))?;
    let language = query.language.unwrap_or_else(|| "en".into());
    Ok(no_store(Json(FirstLayerTcf::new(&disclosure, &list.texts(&language)))))
}

/// The server's list, or why there is none.
pub(super) fn loaded(state: &AppState) -> Result<&VendorList, AppError> {
    state.vendor_list().ok_or_else(|| {
        AppError::Conflict(
            "this endpoint has no Global Vendor List: start it with --gvl FILE (`consent gvl update --out FILE` \
             downloads the list)"
                .into(),
        )
    })
}

/// Vendor ids separated by commas; a problem names `parameter`.
fn parse_ids(text: &str, parameter: &str) -> Result<Vec<u16>, AppError> {
    let refuse = |reason: String| AppError::BadParameters(vec![FieldError::new(parameter, reason)]);
    let ids: Vec<u16> = text
        .split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            part.parse::<u16>().ok().filter(|id| *id > 0).ok_or_else(|| {
                let shown: String = part.chars().take(20).collect();
                refuse(format!("'{shown}' is not a vendor id (1 to 65535)"))
            })
        })
        .collect::<Result<_, _>>()?;
    if ids.len() > MAX_IDS {
        return Err(refuse(format!("names {} vendors; at most {MAX_IDS}", ids.len())));
    }
    Ok(ids)
}

/// The answer, never cached: the list changes when the server restarts with a newer one.
pub(super) fn no_store(body: impl IntoResponse) -> Response {
    ([(header::CACHE_CONTROL, HeaderValue::from_static("no-store"))], body).into_response()
}
