//! What a page is measured with: one of the leak benchmark's consent managers, set up as it sets them up, or no
//! consent manager at all, the baseline that shows what the page itself costs.

use anyhow::{bail, Context, Result};
use consent_e2e::site::{workspace, SiteOptions};

use crate::manager::{Manager, Ui};

/// The corpus page every contender is measured on.
pub const PAGE: &str = "gtag.html";

/// A consent manager, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contender {
    Manager(Manager),
    /// The corpus page without its consent manager: the same markup and inline scripts, nothing to load or show.
    NoManager,
}

impl Contender {
    /// Ours first and vanilla-cookieconsent second: the report's ratios read them by these places.
    pub const ALL: [Contender; 4] = [
        Contender::Manager(Manager::Ours),
        Contender::Manager(Manager::VanillaCookieconsent),
        Contender::Manager(Manager::Klaro),
        Contender::NoManager,
    ];

    /// The short name in progress lines.
    pub fn id(self) -> &'static str {
        match self {
            Contender::Manager(manager) => manager.id(),
            Contender::NoManager => "none",
        }
    }

    /// The name and version in the table.
    pub fn label(self) -> Result<String> {
        match self {
            Contender::Manager(manager) => manager.label(),
            Contender::NoManager => Ok("none (no consent manager)".to_owned()),
        }
    }

    /// The buttons to find and press; `None` for a page with no banner.
    pub fn ui(self) -> Option<Ui> {
        match self {
            Contender::Manager(manager) => Some(manager.ui()),
            Contender::NoManager => None,
        }
    }

    /// The cookie the manager keeps the visitor's choice in, whose presence says the choice was stored.
    pub fn choice_cookie(self) -> Option<&'static str> {
        match self {
            Contender::Manager(manager) => manager.own_cookies().first().copied(),
            Contender::NoManager => None,
        }
    }

    /// The site's files and config, for either deployment.
    pub fn site_options(self) -> Result<SiteOptions> {
        match self {
            Contender::Manager(manager) => manager.site_options(&[PAGE.to_owned()]),
            Contender::NoManager => {
                let path = workspace().join("tests/e2e/fixtures/corpus").join(PAGE);
                let page = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
                Ok(SiteOptions { files: vec![(PAGE.to_owned(), without_manager(&page)?)], ..SiteOptions::default() })
            }
        }
    }
}

/// `page` without the boot loader's script tag (one line in the corpus pages). The tags marked for consent stay:
/// `type="text/plain"` keeps them inert without a manager too, so the page loads exactly what ours loads before a
/// choice, minus the manager.
fn without_manager(page: &str) -> Result<String> {
    let kept: Vec<&str> = page.lines().filter(|line| !line.contains("consent-boot.js")).collect();
    if kept.len() + 1 != page.lines().count() {
        bail!("{PAGE} should load the boot loader on exactly one line");
    }
    Ok(kept.join("\n") + "\n")
}
