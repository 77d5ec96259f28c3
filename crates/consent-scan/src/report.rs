//! The scan's findings as one structure: a summary per pass, every tracker with where and when it loaded, every
//! page. The HTML, Markdown and JSON reports all render this.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::identification::{Identifier, Identity};
use crate::observation::{CookieSeen, Initiator, Pass, PassObservations, StorageArea};

/// Everything a scan found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The URL the scan started from.
    pub site: String,
    /// Whether the site has our banner; without it, only the "before any choice" pass runs.
    pub banner: bool,
    /// The site's config URL, when it has our banner.
    pub config_url: Option<String>,
    /// Where the tracker database comes from (license included).
    pub database: String,
    /// When the scan ran, in seconds since 1970 (cookie lifetimes count from it).
    pub scanned_at: f64,
    /// One summary per pass that ran, in the order they ran.
    pub passes: Vec<PassSummary>,
    /// Every tracker identified, those that load before consent first, then by name.
    pub trackers: Vec<TrackerFinding>,
    /// Requests to other sites that no database knows: worth a look, not counted as trackers.
    pub unidentified_hosts: Vec<UnidentifiedHost>,
    /// Every page visited in any pass, with the trackers that loaded on it.
    pub pages: Vec<PageFinding>,
}

/// What one pass found, in numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassSummary {
    /// Which pass this is.
    pub pass: Pass,
    /// How many pages the pass visited.
    pub pages: usize,
    /// Distinct trackers that sent or received a request.
    pub trackers: usize,
    /// Requests to other sites that a database names as a tracker's.
    pub tracker_requests: usize,
    /// All requests to other sites, trackers or not.
    pub third_party_requests: usize,
    /// Cookies a database names as a tracker's.
    pub tracker_cookies: usize,
    /// All cookies in the browser after the pass's page views.
    pub cookies: usize,
    /// All local and session storage keys after the pass's page views.
    pub storage_keys: usize,
}

/// One tracker and everything it did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackerFinding {
    /// Who it is and how it was recognised (its fields inline in the JSON).
    #[serde(flatten)]
    pub identity: Identity,
    /// The hosts it sent requests to.
    pub hosts: BTreeSet<String>,
    /// The passes in which it sent requests: any before "Accept all" is a leak.
    pub loaded: BTreeSet<Pass>,
    /// Every request it sent, in every pass.
    pub requests: Vec<RequestRow>,
    /// Its cookies, in every pass.
    pub cookies: Vec<CookieRow>,
    /// Its local and session storage keys, in every pass.
    pub storage: Vec<StorageRow>,
}

impl TrackerFinding {
    /// Whether it loaded before the visitor agreed to anything.
    pub fn loads_before_consent(&self) -> bool {
        self.loaded.contains(&Pass::BeforeChoice)
    }
}

/// A request, as a report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRow {
    /// The pass it was sent in.
    pub pass: Pass,
    /// The page being visited when it was sent.
    pub page: String,
    /// The full URL requested.
    pub url: String,
    /// The DevTools Protocol's resource type (`Script`, `Image`, `XHR` …).
    pub resource_type: String,
    /// What made the page send it: its markup, a script, or something else.
    pub initiator: Initiator,
}

/// A cookie, as a report lists it: the pass it was seen in, then the cookie as observed (its fields inline).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CookieRow {
    /// The pass it was seen in.
    pub pass: Pass,
    /// The cookie as the browser held it.
    #[serde(flatten)]
    pub cookie: CookieSeen,
}

/// A storage key, as a report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorageRow {
    /// The pass it was seen in.
    pub pass: Pass,
    /// The page after whose view it was there.
    pub page: String,
    /// Local or session storage.
    pub area: StorageArea,
    /// The key's name.
    pub key: String,
}

/// A host of another site that the databases do not know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnidentifiedHost {
    /// The host name.
    pub host: String,
    /// The passes in which the page sent requests to it.
    pub passes: BTreeSet<Pass>,
    /// How many requests went to it, all passes together.
    pub requests: usize,
}

/// One page and which trackers loaded on it in each pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageFinding {
    /// The page's URL.
    pub url: String,
    /// Tracker names by pass.
    pub trackers: BTreeMap<Pass, BTreeSet<String>>,
}

/// What the report is built from besides the observations.
pub struct ReportContext<'a> {
    /// The URL the scan started from.
    pub site: &'a str,
    /// Whether the site has our banner.
    pub banner: bool,
    /// The site's config URL, when it has our banner.
    pub config_url: Option<String>,
    /// Where the tracker database comes from, license included.
    pub database: String,
    /// When the scan ran, in seconds since 1970.
    pub scanned_at: f64,
    /// Names trackers from the site's config and the tracker database.
    pub identifier: &'a Identifier<'a>,
}

impl Report {
    /// Identifies every observation and gathers the findings.
    pub fn build(context: &ReportContext<'_>, passes: &[PassObservations]) -> Report {
        let mut trackers: BTreeMap<String, TrackerFinding> = BTreeMap::new();
        let mut unknown: BTreeMap<String, UnidentifiedHost> = BTreeMap::new();
        let mut pages: BTreeMap<String, PageFinding> = BTreeMap::new();
        let mut summaries = Vec::new();
        for observed in passes {
            let pass = observed.pass;
            let mut summary = PassSummary {
                pass,
                pages: observed.pages.len(),
                trackers: 0,
                tracker_requests: 0,
                third_party_requests: observed.requests.len(),
                tracker_cookies: 0,
                cookies: observed.cookies.len(),
                storage_keys: observed.storage.len(),
            };
            for page in &observed.pages {
                pages
                    .entry(page.clone())
                    .or_insert_with(|| PageFinding { url: page.clone(), trackers: BTreeMap::new() });
            }
            let mut loaded_here = BTreeSet::new();
            for request in &observed.requests {
                let Some(identity) = context.identifier.request(&request.url) else {
                    let host = unknown.entry(request.host.clone()).or_insert_with(|| UnidentifiedHost {
                        host: request.host.clone(),
                        passes: BTreeSet::new(),
                        requests: 0,
                    });
                    host.passes.insert(pass);
                    host.requests += 1;
                    continue;
                };
                summary.tracker_requests += 1;
                loaded_here.insert(identity.name.clone());
                if let Some(page) = pages.get_mut(&request.page) {
                    page.trackers.entry(pass).or_default().insert(identity.name.clone());
                }
                let finding = finding(&mut trackers, identity);
                finding.hosts.insert(request.host.clone());
                finding.loaded.insert(pass);
                finding.requests.push(RequestRow {
                    pass,
                    page: request.page.clone(),
                    url: request.url.clone(),
                    resource_type: request.resource_type.clone(),
                    initiator: request.initiator.clone(),
                });
            }
            for cookie in &observed.cookies {
                let Some(identity) = context.identifier.item(&cookie.name, cookie.set_by.as_deref()) else { continue };
                summary.tracker_cookies += 1;
                finding(&mut trackers, identity).cookies.push(CookieRow { pass, cookie: cookie.clone() });
            }
            for key in &observed.storage {
                let Some(identity) = context.identifier.item(&key.key, None) else { continue };
                finding(&mut trackers, identity).storage.push(StorageRow {
                    pass,
                    page: key.page.clone(),
                    area: key.area,
                    key: key.key.clone(),
                });
            }
            summary.trackers = loaded_here.len();
            summaries.push(summary);
        }
        let mut trackers: Vec<TrackerFinding> = trackers.into_values().collect();
        // Leaks first, then by name.
        trackers.sort_by(|a, b| {
            (!a.loads_before_consent(), &a.identity.name).cmp(&(!b.loads_before_consent(), &b.identity.name))
        });
        Report {
            site: context.site.to_owned(),
            banner: context.banner,
            config_url: context.config_url.clone(),
            database: context.database.clone(),
            scanned_at: context.scanned_at,
            passes: summaries,
            trackers,
            unidentified_hosts: unknown.into_values().collect(),
            pages: pages.into_values().collect(),
        }
    }

    /// The summary of `pass`, if that pass ran.
    pub fn pass(&self, pass: Pass) -> Option<&PassSummary> {
        self.passes.iter().find(|summary| summary.pass == pass)
    }

    /// The trackers that sent requests before the visitor chose anything.
    pub fn loading_before_consent(&self) -> Vec<&TrackerFinding> {
        self.trackers.iter().filter(|t| t.loads_before_consent()).collect()
    }

    /// The report's first sentence: the number a site owner must see.
    pub fn headline(&self) -> String {
        let leaking = self.loading_before_consent().len();
        let pages = self.pages.len();
        let page_word = if pages == 1 { "page" } else { "pages" };
        match leaking {
            0 => format!("No tracker loads before consent ({pages} {page_word} scanned)."),
            1 => format!("1 tracker loads before consent ({pages} {page_word} scanned)."),
            n => format!("{n} trackers load before consent ({pages} {page_word} scanned)."),
        }
    }
}

fn finding(trackers: &mut BTreeMap<String, TrackerFinding>, identity: Identity) -> &mut TrackerFinding {
    trackers.entry(identity.name.clone()).or_insert_with(|| TrackerFinding {
        identity,
        hosts: BTreeSet::new(),
        loaded: BTreeSet::new(),
        requests: Vec::new(),
        cookies: Vec::new(),
        storage: Vec::new(),
    })
}
