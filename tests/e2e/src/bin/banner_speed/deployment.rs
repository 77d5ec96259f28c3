//! Where the page and the manager's files are served from: the consent endpoint itself, or the site owner's own
//! static web server.

use anyhow::{bail, Result};
use consent_e2e::site::{SiteOptions, TestSite};

use crate::static_site::StaticSite;

/// How the site is deployed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deployment {
    /// `consent serve`, as the end-to-end tests run it: the bundle precompressed (Brotli or gzip by
    /// `Accept-Encoding`) with content-hashed names cached for a year; the site's own files (and the other managers'
    /// scripts, which live among them) as plain files.
    Serve,
    /// A static file server like a site owner's nginx: every file compressed on the fly, cached for ten minutes.
    Static,
}

/// A running site of either kind.
pub enum Site {
    Serve(TestSite),
    Static(StaticSite),
}

impl Deployment {
    pub const ALL: [Deployment; 2] = [Deployment::Serve, Deployment::Static];

    /// The name on the command line and in the table.
    pub fn id(self) -> &'static str {
        match self {
            Deployment::Serve => "serve",
            Deployment::Static => "static",
        }
    }

    /// The deployment named `id` on the command line.
    pub fn parse(id: &str) -> Result<Self> {
        match Self::ALL.into_iter().find(|deployment| deployment.id() == id) {
            Some(deployment) => Ok(deployment),
            None => bail!("unknown deployment '{id}': serve or static"),
        }
    }

    /// Starts a site serving `options`' files this way.
    pub async fn start(self, options: SiteOptions) -> Result<Site> {
        Ok(match self {
            Deployment::Serve => Site::Serve(TestSite::start(options).await?),
            Deployment::Static => Site::Static(StaticSite::start(options).await?),
        })
    }
}

impl Site {
    /// The absolute URL of `path` on this site.
    pub fn url(&self, path: &str) -> String {
        match self {
            Site::Serve(site) => site.url(path),
            Site::Static(site) => site.url(path),
        }
    }
}
