//! The endpoint's HTTP API as the console uses it: the documented routes only (`openapi.json`), with the session
//! cookie the browser sends by itself (same origin) and the CSRF token every change carries.

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::dashboard_numbers::DashboardNumbers;
use crate::date_range::Range;
use crate::policy_report::PolicyReport;

/// What went wrong with a call, in words for the product team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The session is gone (signed out elsewhere, or expired): sign in again.
    SignedOut,
    /// The endpoint refused the request; its message, with the fields it named (`path: reason`).
    Refused { status: u16, message: String, fields: Vec<(String, String)> },
    /// The endpoint could not be reached, or answered something the console cannot read.
    Unreachable(String),
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::SignedOut => f.write_str("Your session has ended: sign in again."),
            ApiError::Refused { message, .. } => f.write_str(message),
            ApiError::Unreachable(why) => write!(f, "The endpoint could not be reached: {why}"),
        }
    }
}

/// A signed-in session: the CSRF token that every change must carry, and when it ends.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Session {
    /// Sent as `X-CSRF-Token` with every change.
    pub csrf_token: String,
    /// RFC 3339.
    pub expires_at: String,
}

/// A site of `GET /v1/sites`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SiteEntry {
    /// Its id.
    pub site: String,
    /// The revision visitors are served.
    pub revision: i64,
    /// The origins allowed to send its consents.
    pub allowed_origins: Vec<String>,
    /// When it last changed (RFC 3339).
    pub updated_at: String,
}

#[derive(Deserialize)]
struct SiteList {
    sites: Vec<SiteEntry>,
}

/// A config of a site's history.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PublishedConfig {
    /// Its revision.
    pub revision: i64,
    /// Fetches the config itself.
    pub config_sha256: String,
    /// RFC 3339.
    pub published_at: String,
}

#[derive(Deserialize)]
struct History {
    revisions: Vec<PublishedConfig>,
}

/// A tracker auto-blocking held on the site's pages that the config did not name (`GET …/found-trackers`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct FoundTracker {
    /// Who runs it, from the tracker database.
    pub name: String,
    /// The category it waited for (`*`: every category).
    pub category: String,
    /// The hosts it was met on.
    pub hosts: Vec<String>,
    /// Decisions made on a page that held it.
    pub decisions: u64,
    /// How many of those released it.
    pub granted: u64,
}

#[derive(Deserialize)]
struct FoundTrackers {
    trackers: Vec<FoundTracker>,
}

#[derive(Deserialize)]
struct ErrorBody {
    error: String,
    #[serde(default)]
    fields: Vec<FieldBody>,
}

#[derive(Deserialize)]
struct FieldBody {
    path: String,
    reason: String,
}

/// Exchanges the admin token for a session (a cookie scripts cannot read, and the CSRF token).
pub async fn sign_in(token: &str) -> Result<Session, ApiError> {
    let body = serde_json::json!({ "token": token });
    let response = send(Request::post("/v1/admin/session").json(&body)).await;
    match response {
        Err(ApiError::SignedOut) => Err(ApiError::Refused {
            status: 401,
            message: "That is not this endpoint's admin token.".into(),
            fields: Vec::new(),
        }),
        other => json(other?).await,
    }
}

/// The session the browser's cookie names, if it is still valid (after a reload).
pub async fn current_session() -> Result<Option<Session>, ApiError> {
    match send(Request::get("/v1/admin/session")).await {
        Ok(response) => json(response).await.map(Some),
        Err(ApiError::SignedOut) => Ok(None),
        Err(ApiError::Refused { status: 404, .. }) => Err(ApiError::Refused {
            status: 404,
            message: "This endpoint has no admin token: start it with --admin-token (or CONSENT_ADMIN_TOKEN).".into(),
            fields: Vec::new(),
        }),
        Err(other) => Err(other),
    }
}

/// Ends the session on every server.
pub async fn sign_out(session: &Session) -> Result<(), ApiError> {
    send(Request::delete("/v1/admin/session").header("X-CSRF-Token", &session.csrf_token)).await.map(drop)
}

/// Every site.
pub async fn sites() -> Result<Vec<SiteEntry>, ApiError> {
    Ok(json::<SiteList>(send(Request::get("/v1/sites")).await?).await?.sites)
}

/// The config the site's visitors are served now.
pub async fn live_config(site: &str) -> Result<String, ApiError> {
    // Not from the browser's cache: the config is cacheable for visitors, but the console must see a publish at once.
    let request = Request::get(&format!("/v1/sites/{site}/config")).cache(web_sys::RequestCache::NoStore);
    text(send(request).await?).await
}

/// Publishes `config` as the site's config (the site is created if it is new).
pub async fn publish(session: &Session, site: &str, config: &str) -> Result<(), ApiError> {
    let request = Request::put(&format!("/v1/sites/{site}/config"))
        .header("X-CSRF-Token", &session.csrf_token)
        .header("Content-Type", "application/json")
        .body(config.to_owned());
    send_built(request).await.map(drop)
}

/// Replaces the origins allowed to send the site's consents.
pub async fn set_origins(session: &Session, site: &str, origins: &[String]) -> Result<(), ApiError> {
    let body = serde_json::json!({ "origins": origins });
    let request = Request::put(&format!("/v1/sites/{site}/origins")).header("X-CSRF-Token", &session.csrf_token);
    send(request.json(&body)).await.map(drop)
}

/// Imports a privacy policy (`POST /v1/policy/import`): its outline, the tracking technologies it mentions and the
/// categories it suggests. Nothing is stored.
pub async fn import_policy(session: &Session, text: &str, format: &str) -> Result<PolicyReport, ApiError> {
    let body = serde_json::json!({ "text": text, "format": format });
    let request = Request::post("/v1/policy/import").header("X-CSRF-Token", &session.csrf_token);
    json(send(request.json(&body)).await?).await
}

/// Every config the site has published, newest first.
pub async fn history(site: &str) -> Result<Vec<PublishedConfig>, ApiError> {
    Ok(json::<History>(send(Request::get(&format!("/v1/sites/{site}/config/history"))).await?).await?.revisions)
}

/// A config the site published.
pub async fn published(site: &str, config_sha256: &str) -> Result<String, ApiError> {
    text(send(Request::get(&format!("/v1/sites/{site}/config/history/{config_sha256}"))).await?).await
}

/// The trackers visitors' pages held in the last 30 days that the live config did not name, most often met first.
pub async fn found_trackers(site: &str) -> Result<Vec<FoundTracker>, ApiError> {
    let request = Request::get(&format!("/v1/sites/{site}/found-trackers")).cache(web_sys::RequestCache::NoStore);
    Ok(json::<FoundTrackers>(send(request).await?).await?.trackers)
}

/// The site's dashboard numbers for `range`.
pub async fn dashboard(site: &str, range: &Range) -> Result<DashboardNumbers, ApiError> {
    // Never from the browser's cache: today's numbers grow while the page is open.
    let request = Request::get(&format!("/v1/sites/{site}/dashboard?{}&format=json", range.query()))
        .cache(web_sys::RequestCache::NoStore);
    json(send(request).await?).await
}

/// Where the same numbers download as CSV: a same-origin address, so a plain link sends the session cookie.
pub fn dashboard_csv_url(site: &str, range: &Range) -> String {
    format!("/v1/sites/{site}/dashboard?{}&format=csv", range.query())
}

pub(crate) async fn send(request: impl Into<Pending>) -> Result<Response, ApiError> {
    match request.into() {
        Pending::Builder(builder) => answer(builder.send().await).await,
        Pending::Built(built) => answer(built.map_err(|e| ApiError::Unreachable(e.to_string()))?.send().await).await,
    }
}

async fn send_built(request: Result<Request, gloo_net::Error>) -> Result<Response, ApiError> {
    send(Pending::Built(request)).await
}

/// A request ready to go, or one whose body could not be made.
pub(crate) enum Pending {
    Builder(RequestBuilder),
    Built(Result<Request, gloo_net::Error>),
}

impl From<RequestBuilder> for Pending {
    fn from(builder: RequestBuilder) -> Self {
        Pending::Builder(builder)
    }
}

impl From<Result<Request, gloo_net::Error>> for Pending {
    fn from(built: Result<Request, gloo_net::Error>) -> Self {
        Pending::Built(built)
    }
}

/// The response if it is a success; otherwise the error it names.
async fn answer(sent: Result<Response, gloo_net::Error>) -> Result<Response, ApiError> {
    let response = sent.map_err(|e| ApiError::Unreachable(e.to_string()))?;
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    if status == 401 {
        return Err(ApiError::SignedOut);
    }
    let body = response.text().await.unwrap_or_default();
    Err(match serde_json::from_str::<ErrorBody>(&body) {
        Ok(error) => ApiError::Refused {
            status,
            message: error.error,
            fields: error.fields.into_iter().map(|field| (field.path, field.reason)).collect(),
        },
        Err(_) => ApiError::Refused { status, message: format!("HTTP {status}"), fields: Vec::new() },
    })
}

pub(crate) async fn json<T: DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    response.json().await.map_err(|e| ApiError::Unreachable(format!("an answer the console cannot read: {e}")))
}

pub(crate) async fn text(response: Response) -> Result<String, ApiError> {
    response.text().await.map_err(|e| ApiError::Unreachable(e.to_string()))
}
