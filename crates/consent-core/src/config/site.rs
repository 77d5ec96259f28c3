//! The checked site config: what the banner, the endpoint and the rest of this crate read. Reading and checking a
//! config document into it is [`super::read`]'s job, so a module that only needs these types does not depend on the
//! reader (nor the reader's dependencies on every section's checks).

use serde::Serialize;

use super::appearance::{FloatingButton, Layout, Theme};
use super::consent_mode::ConsentModeMap;
use super::policy::PolicyConfig;
use super::translation::Translation;
use crate::auto_blocking::AutoBlocking;
use crate::id::{CategoryId, ServiceId};
use crate::language::LanguageTag;
use crate::policy::SectionId;
use crate::regions::RegionalRules;
use crate::service::Service;
use crate::tcf::TcfConfig;
use crate::texts::TextsPatch;

/// How long a choice is kept when the config does not say: six months.
pub const DEFAULT_CONSENT_DAYS: u32 = 182;
/// The longest a choice may be kept before the visitor is asked again: 13 months, the CNIL's ceiling.
pub const MAX_CONSENT_DAYS: u32 = 395;
/// Texts longer than this are almost certainly a pasted policy, which belongs in the policy view, not the banner.
pub const MAX_TEXT_LEN: usize = 2_000;

/// A checked site config.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SiteConfig {
    /// The site's id in the consent log.
    pub site: String,
    /// Bumped by the site owner whenever categories or purposes change; a stored choice made under another revision is
    /// asked again.
    pub revision: u32,
    /// How many days a choice is kept before the visitor is asked again: 1 to [`MAX_CONSENT_DAYS`],
    /// [`DEFAULT_CONSENT_DAYS`] when the config does not say.
    pub consent_days: u32,
    /// The categories in the order the banner lists them, strictly necessary ones included.
    pub categories: Vec<Category>,
    /// Every service, catalog references resolved.
    pub services: Vec<Service>,
    /// Which categories each Google Consent Mode type follows, defaults filled in.
    pub consent_mode: ConsentModeMap,
    /// The language the config's own words (`texts`, category titles and descriptions) are written in.
    pub language: LanguageTag,
    /// The words the site changes, in `language`; everything else is the banner's own, in the visitor's language.
    pub texts: TextsPatch,
    /// The site's words in other languages (see [`super::translation`]).
    pub translations: std::collections::BTreeMap<LanguageTag, Translation>,
    /// The banner's colours, font and corners.
    pub theme: Theme,
    /// Where the first layer sits; left out of the served config when it is the default, so that a config that does
    /// not set it is served byte for byte as before.
    #[serde(skip_serializing_if = "Layout::is_bar")]
    pub layout: Layout,
    /// The button that reopens the preferences after the visitor has chosen.
    pub floating_button: FloatingButton,
    /// Where the site's own privacy policy page is, linked from the banner when the banner does not show the policy
    /// itself.
    pub policy_url: Option<String>,
    /// The privacy policy the banner shows (see [`super::policy`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyConfig>,
    /// What changed in this revision, in a line: shown to visitors asked again because of it.
    pub revision_note: Option<String>,
    /// The domain the consent cookie is set on, so that subdomains share one choice (`example.com` for
    /// `shop.example.com` and `blog.example.com`); the page's own host when absent.
    pub cookie_domain: Option<String>,
    /// Trackers the config does not list but the tracker database knows, held all the same (see
    /// [`crate::auto_blocking`]); always served, defaults resolved, so the boot loader applies no defaults of its own.
    pub auto_blocking: AutoBlocking,
    /// IAB TCF 2.3 for the site's ad vendors (see [`crate::tcf`]); left out of the served config when absent, so a
    /// config without it is served byte for byte as before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tcf: Option<TcfConfig>,
    /// Which regime applies where (see [`crate::regions`]); left out of the served config when absent, so a config
    /// without it is served byte for byte as before, and is opt-in everywhere. Always `None` in the banner's WASM,
    /// which skips the section unread: the endpoint, which checked the config, picks the visitor's regime from the
    /// region headers only it sees, and reading the rules again would cost every visitor the reader's bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regions: Option<RegionalRules>,
}

/// One consent category as the visitor sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Category {
    /// The category's id (`analytics`): what decisions, services and the log name it by.
    pub id: CategoryId,
    /// The title shown on its toggle, in the config's language.
    pub title: String,
    /// What the category's trackers do, in a sentence or two for the visitor.
    pub description: String,
    /// Strictly necessary: always granted, shown as an "always on" toggle.
    pub required: bool,
    /// Selling or sharing personal data (ads, cross-site tracking): a Global Privacy Control signal keeps it off
    /// unless the visitor switches it on themselves. Defaults to true for `marketing`, `advertising`, `ads`,
    /// `targeting`, `social` and `social_media`.
    pub sale_or_sharing: bool,
    /// The policy section that describes this category, which its "Read about … in the privacy policy" link opens;
    /// found in the policy by its heading when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy_section: Option<SectionId>,
}

impl Category {
    /// Whether a category with this id sells or shares personal data when its config does not say: the ids sites use
    /// for advertising and social media. The config check and the console's form both ask this, so a category's
    /// default has one answer.
    pub fn sale_or_sharing_by_default(id: &str) -> bool {
        matches!(id, "marketing" | "advertising" | "ads" | "targeting" | "social" | "social_media")
    }
}

impl SiteConfig {
    /// The category with this id, if the config has it.
    pub fn category(&self, id: &CategoryId) -> Option<&Category> {
        self.categories.iter().find(|c| &c.id == id)
    }

    /// The service with this id, if the config has it.
    pub fn service(&self, id: &ServiceId) -> Option<&Service> {
        self.services.iter().find(|s| &s.id == id)
    }

    /// The service whose URL patterns cover `url`; when several do, the one with the most specific pattern (longest
    /// host, then longest path prefix), so that `www.googletagmanager.com/gtm.js` beats `googletagmanager.com`.
    pub fn service_for_url(&self, url: &str) -> Option<&Service> {
        self.services
            .iter()
            .flat_map(|service| service.hosts.iter().map(move |pattern| (service, pattern)))
            .filter(|(_, pattern)| pattern.matches_url(url))
            .max_by_key(|(_, pattern)| (pattern.host().len(), pattern.to_string().len()))
            .map(|(service, _)| service)
    }
}
