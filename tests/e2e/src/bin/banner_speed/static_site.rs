//! The site as a site owner's own static web server would serve it: the same pages and the managers' files, our
//! bundle copied under `/consent/` and our config at `/consent.json`, every answer compressed on the fly (Brotli, else
//! gzip, by `Accept-Encoding`) and cached for ten minutes, with `Last-Modified` for revalidation. It is the
//! deployment every manager can have, so it compares the managers' own bytes on equal terms.
//!
//! Our config is published as the README tells a static site to: `consent config export-static` writes it as
//! `consent serve` answers `/consent.json` (checked, catalog references resolved: the boot loader recognises a stored
//! choice by the ids of the config's services, which a bare `{"catalog": "google-analytics"}` entry lacks) and its
//! first layer in each language under `/v1/sites/{site}/first-layer/`, which the boot loader paints before the
//! WebAssembly has arrived.
//!
//! It has no consent API: the banner's `POST /v1/consents` (the corpus page's `data-endpoint="/"`) is answered
//! `405 Method Not Allowed`, which the banner takes as a final refusal and drops the record, so no send is left
//! queued for the returning visitor's page view. Only banner visibility and page weight are measured here.

use std::net::SocketAddr;

use anyhow::{Context, Result};
use axum::http::{header, HeaderValue};
use axum::Router;
use consent_e2e::site::{bundle_dir, copy_dir, workspace, SiteOptions};
use consent_server::static_export::export_static;
use tokio::task::JoinHandle;
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// What nginx's `expires 10m` sends.
const CACHE_CONTROL: &str = "public, max-age=600";

/// A running static server. It stops and its files go when it is dropped.
pub struct StaticSite {
    addr: SocketAddr,
    server: JoinHandle<()>,
    _dir: tempfile::TempDir,
}

impl StaticSite {
    /// Lays out the demo site with `options`' files over it, as [`consent_e2e::site::TestSite`] does, and serves it.
    pub async fn start(options: SiteOptions) -> Result<Self> {
        let dir = tempfile::Builder::new().prefix("static-site").tempdir()?;
        let root = dir.path().join("site");
        copy_dir(&workspace().join("demo"), &root)?;
        for (path, contents) in &options.files {
            std::fs::write(root.join(path), contents).with_context(|| format!("writing {path}"))?;
        }
        let config = match options.config {
            Some(text) => text,
            None => std::fs::read_to_string(workspace().join("demo/consent.json"))?,
        };
        export_static(&config, &bundle_dir(), &root, Some(&workspace().join("demo")))
            .context("exporting the site config")?;
        // The build's .br and .gz files come along but are never sent: this server compresses for itself.
        copy_dir(&bundle_dir(), &root.join("consent"))?;
        let router = Router::new()
            .fallback_service(ServeDir::new(&root))
            .layer(CompressionLayer::new())
            .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static(CACHE_CONTROL)));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let server = tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, router).await {
                eprintln!("static site on {addr} stopped: {error}");
            }
        });
        Ok(Self { addr, server, _dir: dir })
    }

    /// The absolute URL of `path` on this site.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for StaticSite {
    fn drop(&mut self) {
        self.server.abort();
    }
}
