//! The demo site as a test serves it: the real endpoint (in this process, on a free port) with the demo pages, the
//! banner bundle from `dist/` and a consent log in a new SQLite file or on the test PostgreSQL server. Every request
//! the browser makes to it is recorded, so a test can tell whether the WASM was downloaded.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use axum::extract::Request;
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::IntoResponse;
use consent_core::SiteConfig;
use consent_server::{app, serve, AdminToken, AppState, Origin, ServerOptions, Store};
use tokio::task::JoinHandle;
use tracker_recorder::{RecordedRequest, RequestLog};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The built banner bundle: `CONSENT_DIST`, else the workspace's `dist/`.
pub fn bundle_dir() -> PathBuf {
    std::env::var_os("CONSENT_DIST").map_or_else(|| workspace().join("dist"), Into::into)
}

/// The bundle's file `<stem>.<content hash>.<extension>` (scripts/build-banner names them so), if it was built.
pub fn bundle_file(stem: &str, extension: &str) -> Option<PathBuf> {
    let prefix = format!("{stem}.");
    let suffix = format!(".{extension}");
    std::fs::read_dir(bundle_dir()).ok()?.filter_map(|entry| entry.ok()).map(|entry| entry.path()).find(|path| {
        let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default();
        name.strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(&suffix))
            .is_some_and(|hash| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
    })
}

/// Which database the site's consent log is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Database {
    /// A new SQLite file in the site's temporary directory.
    Sqlite,
    /// The server named by `TEST_DATABASE_URL`, which `scripts/with-postgres` starts.
    Postgres,
}

/// What a test changes about the demo site.
#[derive(Debug, Clone)]
pub struct SiteOptions {
    pub database: Database,
    /// The site config the endpoint enforces and serves at `/consent.json` (default: demo/consent.json).
    pub config: Option<String>,
    /// Files written over the demo site's, as (path relative to the site root, contents).
    pub files: Vec<(String, String)>,
    /// Requests for these paths are answered only after the delay (a slow network, a slow endpoint).
    pub delays: Vec<(String, Duration)>,
    /// Requests for paths starting with these are answered `500 Internal Server Error` (a file the server cannot
    /// read, a broken deployment).
    pub failing: Vec<String>,
    /// Other origins whose pages may send the site's consents (`consent serve --allowed-origin`): a shop that embeds
    /// the banner from this endpoint's origin.
    pub allowed_origins: Vec<String>,
    /// The banner bundle to serve instead of the built one (a test that ships a new release into it).
    pub bundle_dir: Option<PathBuf>,
    /// How long browsers keep the boot loader before refreshing it (`consent serve --boot-max-age-secs`).
    pub boot_max_age: Option<Duration>,
    /// Serve the product team's console at `/admin/` (the built `dist-console/`), with the admin API on under
    /// [`CONSOLE_TOKEN`].
    pub console: bool,
    /// JSON answers of the endpoint changed on their way to the browser: each answer to a path starting with the
    /// prefix is given to the edit, in order (a field another branch of the endpoint will add, for a page that reads it).
    pub json_edits: Vec<(String, JsonEdit)>,
    /// The Global Vendor List the endpoint writes TCF sites' TC strings from (`consent serve --gvl`): consent-core's
    /// fixture list when true.
    pub vendor_list: bool,
    /// The trusted header the endpoint reads the visitor's country from (`consent serve --region-header`).
    pub region_header: Option<String>,
}

/// consent-core's fixture Global Vendor List (v142, TCF policy 5), with its German translation.
pub fn fixture_vendor_list() -> Result<consent_core::tcf::VendorList> {
    let fixtures = workspace().join("crates/consent-core/tests/fixtures");
    let gvl = consent_core::tcf::Gvl::from_json(&std::fs::read_to_string(fixtures.join("vendor-list.json"))?)?;
    let german = std::fs::read_to_string(fixtures.join("purposes-de.json"))?;
    let german = consent_core::tcf::GvlTranslation::from_json(&german, "de", &gvl)?;
    Ok(consent_core::tcf::VendorList::new(gvl, [german]))
}

/// An edit of a JSON answer (see [`SiteOptions::json_edits`]).
#[derive(Clone)]
pub struct JsonEdit(pub Arc<dyn Fn(&mut serde_json::Value) + Send + Sync>);

impl std::fmt::Debug for JsonEdit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JsonEdit(..)")
    }
}

/// The admin token of a test site started with [`SiteOptions::console`].
pub const CONSOLE_TOKEN: &str = "e2e-console-admin-token-0123456789";

/// The built console: `CONSENT_CONSOLE_DIST`, else the workspace's `dist-console/`.
pub fn console_dir() -> PathBuf {
    std::env::var_os("CONSENT_CONSOLE_DIST").map_or_else(|| workspace().join("dist-console"), Into::into)
}

impl Default for SiteOptions {
    fn default() -> Self {
        Self {
            database: Database::Sqlite,
            config: None,
            files: Vec::new(),
            delays: Vec::new(),
            failing: Vec::new(),
            allowed_origins: Vec::new(),
            bundle_dir: None,
            boot_max_age: None,
            console: false,
            json_edits: Vec::new(),
            vendor_list: false,
            region_header: None,
        }
    }
}

/// A running demo site. The server stops and the files go when it is dropped.
pub struct TestSite {
    addr: SocketAddr,
    store: Store,
    requests: RequestLog,
    endpoint: Arc<AtomicU8>,
    server: JoinHandle<()>,
    _dir: tempfile::TempDir,
}

/// How the consent endpoint (`POST /v1/consents`) answers; the site's pages are served either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum EndpointMode {
    Up = 0,
    /// `503 Service Unavailable`, as a stopped endpoint behind a load balancer answers.
    Down = 1,
    /// `422` with a JSON error: the endpoint refuses the record for good.
    Refusing = 2,
}

/// What the test middleware needs on every request.
#[derive(Clone)]
struct Middleware {
    log: RequestLog,
    delays: Arc<Vec<(String, Duration)>>,
    failing: Arc<Vec<String>>,
    endpoint: Arc<AtomicU8>,
    json_edits: Arc<Vec<(String, JsonEdit)>>,
}

impl TestSite {
    /// The demo site as shipped, logging to SQLite.
    pub async fn demo() -> Result<Self> {
        Self::start(SiteOptions::default()).await
    }

    /// The demo site with `options` applied.
    pub async fn start(options: SiteOptions) -> Result<Self> {
        let bundle = options.bundle_dir.clone().unwrap_or_else(bundle_dir);
        if !bundle.join("consent-boot.js").is_file() || bundle_file("consent-banner_bg", "wasm").is_none() {
            bail!("the banner bundle is not built: run scripts/build-banner first (scripts/test does)");
        }
        let dir = tempfile::Builder::new().prefix("consent-site").tempdir()?;
        let site = dir.path().join("site");
        copy_dir(&workspace().join("demo"), &site)?;
        for (path, contents) in &options.files {
            std::fs::write(site.join(path), contents).with_context(|| format!("writing {path}"))?;
        }
        let config_text = match options.config {
            Some(text) => text,
            None => std::fs::read_to_string(workspace().join("demo/consent.json"))?,
        };
        let config = SiteConfig::from_json(&config_text).context("the test's site config")?;
        let database_url = match options.database {
            Database::Sqlite => format!("sqlite://{}", dir.path().join("consent.db").display()),
            Database::Postgres => std::env::var("TEST_DATABASE_URL")
                .ok()
                .filter(|url| !url.is_empty())
                .context("TEST_DATABASE_URL is not set: run through scripts/with-postgres (scripts/test does)")?,
        };
        let store = Store::connect(&database_url).await?;
        let requests = RequestLog::new();
        let endpoint = Arc::new(AtomicU8::new(EndpointMode::Up as u8));
        let mut server_options = ServerOptions::new(site, bundle);
        server_options.boot_max_age = options.boot_max_age.unwrap_or(server_options.boot_max_age);
        if options.vendor_list {
            server_options.vendor_list = Some(Arc::new(fixture_vendor_list()?));
        }
        server_options.region_headers =
            consent_server::visitor_region::RegionHeaders::parse(options.region_header.as_deref(), None)?;
        if options.console {
            if !console_dir().join("consent_console_bg.wasm").is_file() {
                bail!("the console is not built: run scripts/build-console first (scripts/test does)");
            }
            server_options.console_dir = Some(console_dir());
            server_options.admin_token = Some(AdminToken::new(CONSOLE_TOKEN)?);
        }
        // The console lists the sites stored in the database: its site is stored, as `consent serve` does.
        let app_state = if options.allowed_origins.is_empty() && !options.console {
            AppState::with_config(config, store.clone(), server_options)
        } else {
            let origins: Vec<Origin> = options
                .allowed_origins
                .iter()
                .map(|origin| Origin::parse(origin).map_err(anyhow::Error::msg))
                .collect::<Result<_>>()?;
            AppState::open(store.clone(), Some((config, Some(origins))), server_options).await?
        };
        let state = Middleware {
            log: requests.clone(),
            delays: Arc::new(options.delays),
            failing: Arc::new(options.failing),
            endpoint: endpoint.clone(),
            json_edits: Arc::new(options.json_edits),
        };
        let router = app(app_state)
            .layer(middleware::from_fn(move |request: Request, next: Next| record(state.clone(), request, next)));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let server = tokio::spawn(async move {
            if let Err(error) = serve(listener, router).await {
                eprintln!("test site on {addr} stopped: {error}");
            }
        });
        Ok(Self { addr, store, requests, endpoint, server, _dir: dir })
    }

    /// The absolute URL of `path` on this site.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The consent log.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Every request the browser made to the site so far.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.requests.snapshot()
    }

    /// Makes the consent endpoint answer as `mode` from now on.
    pub fn set_endpoint(&self, mode: EndpointMode) {
        self.endpoint.store(mode as u8, Ordering::SeqCst);
    }

    /// Forgets the requests recorded so far.
    pub fn clear_requests(&self) {
        self.requests.clear();
    }
}

impl Drop for TestSite {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn record(state: Middleware, request: Request, next: Next) -> axum::response::Response {
    state.log.push(RecordedRequest { host: String::new(), ..RecordedRequest::arriving(&request) });
    if let Some((_, delay)) = state.delays.iter().find(|(path, _)| path == request.uri().path()) {
        tokio::time::sleep(*delay).await;
    }
    if state.failing.iter().any(|prefix| request.uri().path().starts_with(prefix.as_str())) {
        return (StatusCode::INTERNAL_SERVER_ERROR, "failing on purpose (test)").into_response();
    }
    if request.uri().path() == "/v1/consents" && request.method() == axum::http::Method::POST {
        let mode = state.endpoint.load(Ordering::SeqCst);
        if mode == EndpointMode::Down as u8 {
            return (StatusCode::SERVICE_UNAVAILABLE, "the endpoint is down (test)").into_response();
        }
        if mode == EndpointMode::Refusing as u8 {
            let body = r#"{"error":"refused by the test","fields":[]}"#;
            return (StatusCode::UNPROCESSABLE_ENTITY, [(header::CONTENT_TYPE, "application/json")], body)
                .into_response();
        }
    }
    let path = request.uri().path().to_owned();
    let edits: Vec<JsonEdit> = state
        .json_edits
        .iter()
        .filter(|(prefix, _)| path.starts_with(prefix.as_str()))
        .map(|(_, e)| e.clone())
        .collect();
    if edits.is_empty() {
        return next.run(request).await;
    }
    // Edited as JSON, so asked for uncompressed.
    let mut request = request;
    request.headers_mut().remove(header::ACCEPT_ENCODING);
    let response = next.run(request).await;
    if response.status() != StatusCode::OK {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return (StatusCode::BAD_GATEWAY, "the test could not read the answer to edit").into_response();
    };
    let Ok(mut json) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return (StatusCode::BAD_GATEWAY, "the answer to edit is not JSON").into_response();
    };
    for edit in edits {
        (edit.0)(&mut json);
    }
    parts.headers.remove(header::CONTENT_LENGTH);
    axum::response::Response::from_parts(parts, axum::body::Body::from(json.to_string()))
}

/// Copies the directory `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
