//! The two ways the benchmark configures the managers. A manager that acts only on what its config and the page's
//! marks tell it is as good as the site owner's knowledge of their own pages, so the benchmark measures both the best
//! case and the usual one.

use std::path::PathBuf;

use anyhow::Result;
use consent_e2e::site::{workspace, SiteOptions};

use crate::manager::Manager;

/// Which trackers of the corpus each manager is told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// Every service of the corpus configured, and every snippet marked where the manager's docs say to: the set-up
    /// of a site owner who knows every tracker on their pages.
    EveryService,
    /// Only the services whose tags the site owner marked in the HTML, the way our corpus pages mark them (gtag.html's
    /// Google tag, youtube.html's iframe), the other snippets pasted unchanged: what an owner who does not know every
    /// tracker their pages load configures.
    OwnerConfig,
}

impl Variant {
    pub const ALL: [Variant; 2] = [Variant::EveryService, Variant::OwnerConfig];

    /// The name used on the command line (`--config all|owner`).
    pub fn id(self) -> &'static str {
        match self {
            Variant::EveryService => "all",
            Variant::OwnerConfig => "owner",
        }
    }

    /// The table's title.
    pub fn title(self) -> &'static str {
        match self {
            Variant::EveryService => "every service configured",
            Variant::OwnerConfig => "owner's config (only the services whose tags the site marks)",
        }
    }

    /// The site for `manager`, set up as this variant says.
    pub fn site_options(self, manager: Manager, pages: &[String]) -> Result<SiteOptions> {
        match self {
            Variant::EveryService => manager.site_options(pages),
            Variant::OwnerConfig => manager.site_options_from(&owner_config(manager), pages),
        }
    }
}

/// The folder with the owner's config for `manager`: ours, `consent.json` alone (the corpus pages already mark only
/// what an owner marks); the others', their config and the corpus pages marked as ours are, their way.
fn owner_config(manager: Manager) -> PathBuf {
    workspace().join("tests/e2e/fixtures/leak-bench/owner-config").join(manager.id())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use consent_core::SiteConfig;

    use super::*;
    use crate::manager::{corpus_dir, corpus_pages};

    /// The URLs of the tags a corpus page marks for consent the README's ways (`data-category`, or the URL moved to
    /// `data-src` or `data-href`).
    fn marked_urls(html: &str) -> Vec<String> {
        html.split('<')
            .filter_map(|tag| tag.split('>').next())
            .filter_map(|tag| {
                let value = |name: &str| tag.split(name).nth(1).and_then(|rest| rest.split('"').next());
                let moved = value(" data-src=\"").or_else(|| value(" data-href=\""));
                let marked = moved.is_some() || tag.contains(" data-category=");
                marked.then(|| moved.or_else(|| value(" src=\""))).flatten().map(str::to_owned)
            })
            .collect()
    }

    fn service_ids(config: &SiteConfig) -> BTreeSet<String> {
        config.services.iter().map(|s| s.id.as_str().to_owned()).collect()
    }

    #[test]
    fn owner_config_lists_exactly_the_services_the_corpus_pages_mark() {
        let read = |path: PathBuf| std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let corpus = corpus_dir();
        let every = SiteConfig::from_json(&read(corpus.join("consent.json"))).expect("the corpus config");
        let mut marked = BTreeSet::new();
        for page in corpus_pages().expect("the corpus pages") {
            for url in marked_urls(&read(corpus.join(&page))) {
                let service = every.service_for_url(&url).unwrap_or_else(|| panic!("{page}: no service for {url}"));
                marked.insert(service.id.as_str().to_owned());
            }
        }

        let owner = read(owner_config(Manager::Ours).join("consent.json"));
        let owner = SiteConfig::from_json(&owner).expect("the owner's config");

        assert_eq!(service_ids(&owner), marked);
    }
}
