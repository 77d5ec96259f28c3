//! The admin routes the IAB TCF and Regions forms read (`openapi.json`): what the endpoint was started with, the
//! vendor search and look-up over its Global Vendor List, and what a choice of vendors makes a site disclose; and
//! what a draft's banner would be served, for the live preview.

use gloo_net::http::Request;
use serde::Deserialize;

use crate::api::{json, send, text, ApiError, Session};

/// What the endpoint was started with that the sections depend on (`GET /v1/admin/endpoint`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct EndpointSetup {
    /// The trusted header the visitor's country is read from (`--region-header`), if any.
    pub region_header: Option<String>,
    /// The subdivision's header, if apart.
    pub subdivision_header: Option<String>,
    /// The Global Vendor List it loaded (`--gvl`), if any.
    pub gvl: Option<GvlSetup>,
}

/// The loaded list.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GvlSetup {
    /// Its version.
    pub vendor_list_version: u16,
    /// Vendors in it, deleted ones included.
    pub vendor_count: usize,
    /// As the list states it.
    pub last_updated: String,
}

/// A vendor of the list. Its name is IAB's data: shown as text, never as markup.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GvlVendor {
    /// Its id.
    pub id: u64,
    /// Its name.
    pub name: String,
    /// Purposes it asks consent for.
    pub purposes: Vec<u8>,
    /// Purposes it claims a legitimate interest for.
    pub leg_int_purposes: Vec<u8>,
    /// Special features it uses.
    pub special_features: Vec<u8>,
    /// Whether the list marks it deleted.
    pub deleted: bool,
}

#[derive(Deserialize)]
struct Vendors {
    vendors: Vec<GvlVendor>,
}

/// A stack, purpose or feature as the first layer names it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Named {
    /// Its id within its kind.
    pub id: u16,
    /// Its standard name.
    pub name: String,
}

/// What a choice of vendors makes the first layer state (`GET /v1/admin/gvl/disclosure`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Disclosure {
    /// How many vendors.
    pub vendor_count: usize,
    /// The stacks shown in place of the purposes and special features they group.
    pub stacks: Vec<Named>,
    /// The purposes no stack covers.
    pub purposes: Vec<Named>,
    /// The special features no stack covers.
    pub special_features: Vec<Named>,
    /// The special purposes (disclosed, not chosen).
    pub special_purposes: Vec<Named>,
    /// The features (disclosed, not chosen).
    pub features: Vec<Named>,
}

/// What the endpoint was started with.
pub async fn endpoint_setup() -> Result<EndpointSetup, ApiError> {
    json(send(Request::get("/v1/admin/endpoint")).await?).await
}

/// The vendors a site may add whose name holds the words of `query`, or whose id it is (at most 20).
pub async fn search_vendors(query: &str) -> Result<Vec<GvlVendor>, ApiError> {
    let url = format!("/v1/admin/gvl/vendors?q={}", js_sys::encode_uri_component(query));
    Ok(json::<Vendors>(send(Request::get(&url)).await?).await?.vendors)
}

/// The vendors of the list among `ids` (a config's), in their order; ids the list lacks are left out.
pub async fn vendors_by_id(ids: &[u64]) -> Result<Vec<GvlVendor>, ApiError> {
    let url = format!("/v1/admin/gvl/vendors?ids={}", joined(ids));
    Ok(json::<Vendors>(send(Request::get(&url)).await?).await?.vendors)
}

/// What `ids` make the first layer state in `language`; a vendor the list lacks or deleted is refused with its
/// field (`tcf.vendors[1]`).
pub async fn disclosure(ids: &[u64], language: &str) -> Result<Disclosure, ApiError> {
    let url =
        format!("/v1/admin/gvl/disclosure?vendors={}&language={}", joined(ids), js_sys::encode_uri_component(language));
    json(send(Request::get(&url)).await?).await
}

/// What the banner of `draft` (a config with `tcf`, not published yet) would be served in `language` once it is:
/// the first layer's statement and the vendor layer (`POST /v1/admin/gvl/preview`), as the endpoint's JSON text,
/// which the live preview hands its page as it is. A draft the endpoint would refuse to publish is refused here too.
pub async fn draft_served(session: &Session, draft: &str, language: &str) -> Result<String, ApiError> {
    let url = format!("/v1/admin/gvl/preview?language={}", js_sys::encode_uri_component(language));
    let request = Request::post(&url)
        .header("X-CSRF-Token", &session.csrf_token)
        .header("Content-Type", "application/json")
        .body(draft.to_owned());
    text(send(request).await?).await
}

fn joined(ids: &[u64]) -> String {
    ids.iter().map(u64::to_string).collect::<Vec<_>>().join(",")
}
