//! The three consent managers the benchmark compares, each set up as its own documentation says: which pages and
//! files the site serves, which buttons a visitor clicks, and which files a returning visitor downloads.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use consent_e2e::site::{bundle_dir, bundle_file, workspace, SiteOptions};

/// A consent manager under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Manager {
    /// This project: the boot loader and the WASM banner, on the corpus pages exactly as the e2e tests use them.
    Ours,
    /// orestbida/cookieconsent v3 (npm `vanilla-cookieconsent`), with IframeManager for the YouTube embed.
    VanillaCookieconsent,
    /// Klaro (npm `klaro`).
    Klaro,
}

/// What a visitor clicks, as CSS selectors (or a script, where the manager's docs open a dialog by its API).
#[derive(Debug, Clone, Copy)]
pub struct Ui {
    /// The first layer (banner or notice) shown before any choice.
    pub banner: &'static str,
    /// "Accept all" on the first layer.
    pub accept_all: &'static str,
    /// "Reject all" (or "Decline") on the first layer.
    pub reject_all: &'static str,
    /// Opens the preferences after a choice was made, with the call the manager's docs give for a "Cookie settings"
    /// link.
    pub open_preferences: &'static str,
    /// The clicks in the preferences that withdraw every consent, in order.
    pub withdraw: &'static [&'static str],
}

/// A file a returning visitor downloads on every page, or only on pages that need it.
#[derive(Debug, Clone)]
pub struct BootFile {
    pub path: PathBuf,
    /// Loaded only on pages with an embed (the YouTube page), not on every page view.
    pub embeds_only: bool,
}

impl Manager {
    pub const ALL: [Manager; 3] = [Manager::Ours, Manager::VanillaCookieconsent, Manager::Klaro];

    /// The short name used on the command line and in the fixture folder.
    pub fn id(self) -> &'static str {
        match self {
            Manager::Ours => "consent-banner",
            Manager::VanillaCookieconsent => "vanilla-cookieconsent",
            Manager::Klaro => "klaro",
        }
    }

    /// The name and version printed in the table (the anchors' versions as installed in node_modules).
    pub fn label(self) -> Result<String> {
        Ok(match self {
            Manager::Ours => "consent-banner (this project)".to_owned(),
            Manager::VanillaCookieconsent => format!("vanilla-cookieconsent {}", npm_version("vanilla-cookieconsent")?),
            Manager::Klaro => format!("Klaro {}", npm_version("klaro")?),
        })
    }

    pub fn ui(self) -> Ui {
        match self {
            Manager::Ours => Ui {
                banner: "[data-consent-banner]",
                accept_all: "[data-consent-banner] [data-consent-action='accept-all']",
                reject_all: "[data-consent-banner] [data-consent-action='reject-all']",
                open_preferences: "(window.consentBanner || window.consentBoot).showPreferences();",
                withdraw: &["[data-consent-preferences] [data-consent-action='reject-all']"],
            },
            Manager::VanillaCookieconsent => Ui {
                banner: "#cc-main .cm",
                accept_all: "#cc-main .cm [data-role='all']",
                reject_all: "#cc-main .cm [data-role='necessary']",
                open_preferences: "CookieConsent.showPreferences();",
                withdraw: &["#cc-main .pm [data-role='necessary']"],
            },
            Manager::Klaro => Ui {
                banner: ".cookie-notice",
                accept_all: ".cookie-notice .cm-btn-success",
                reject_all: ".cookie-notice .cn-decline",
                // `klaro.show(undefined, true)` opens the modal, as Klaro's README shows for a settings link. Once a
                // choice is stored the modal has no "Decline" button: the visitor switches every service off with
                // the "toggle all" switch and saves.
                open_preferences: "klaro.show(undefined, true);",
                withdraw: &[".cm-modal .cm-toggle-all .cm-list-label", ".cm-modal .cm-btn-accept"],
            },
        }
    }

    /// The cookies the manager keeps the visitor's choice in: not a tracker's.
    pub fn own_cookies(self) -> &'static [&'static str] {
        match self {
            Manager::Ours => &["consent_banner"],
            // IframeManager keeps its own per service.
            Manager::VanillaCookieconsent => &["cc_cookie", "im_youtube"],
            Manager::Klaro => &["klaro"],
        }
    }

    /// The site as this manager's documentation sets it up with every service of the corpus configured: the corpus
    /// pages (ours) or their committed variants in tests/e2e/fixtures/leak-bench/<manager>/, and the manager's files
    /// copied from node_modules.
    pub fn site_options(self, pages: &[String]) -> Result<SiteOptions> {
        self.site_options_from(&self.fixtures(), pages)
    }

    /// The folder [`Manager::site_options`] sets the site up from: for ours, the one holding `consent.json`.
    fn fixtures(self) -> PathBuf {
        match self {
            Manager::Ours => corpus_dir(),
            Manager::VanillaCookieconsent | Manager::Klaro => {
                workspace().join("tests/e2e/fixtures/leak-bench").join(self.id())
            }
        }
    }

    /// The site set up from `fixtures`, a folder like [`Manager::fixtures`] with another config (the leak benchmark's
    /// configuration variants): for ours, the corpus pages with `fixtures/consent.json`; for the others, every file
    /// of `fixtures` (one variant of every corpus page, and the config), and the manager's files from node_modules.
    pub fn site_options_from(self, fixtures: &Path, pages: &[String]) -> Result<SiteOptions> {
        let mut files = Vec::new();
        let mut config = None;
        match self {
            Manager::Ours => {
                config = Some(read(&fixtures.join("consent.json"))?);
                let corpus = corpus_dir();
                for page in pages {
                    files.push((page.clone(), read(&corpus.join(page))?));
                }
            }
            Manager::VanillaCookieconsent | Manager::Klaro => {
                check_same_pages(fixtures, pages)?;
                for entry in std::fs::read_dir(fixtures).with_context(|| format!("reading {}", fixtures.display()))? {
                    let path = entry?.path();
                    let name = path.file_name().and_then(|n| n.to_str()).context("a fixture name")?.to_owned();
                    files.push((name, read(&path)?));
                }
                for file in self.boot_files() {
                    let name = file.path.file_name().and_then(|n| n.to_str()).context("an npm file name")?.to_owned();
                    files.push((name, read(&file.path)?));
                }
            }
        }
        Ok(SiteOptions { config, files, ..SiteOptions::default() })
    }

    /// What a returning visitor's browser downloads of the manager itself (the site's own config excluded for all):
    /// the files its docs tell a site to include, as served (ours minified by scripts/build-banner, theirs as npm
    /// ships them).
    pub fn boot_files(self) -> Vec<BootFile> {
        let npm = |path: &str, embeds_only| BootFile { path: workspace().join("node_modules").join(path), embeds_only };
        match self {
            Manager::Ours => vec![
                BootFile { path: bundle_dir().join("consent-boot.js"), embeds_only: false },
                // Imported by the boot loader on every page, after it has run, for what can wait.
                BootFile {
                    path: bundle_file("consent-boot-deferred", "js").expect("the bundle is built"),
                    embeds_only: false,
                },
                // Loaded by the boot loader only where it holds an iframe, to draw the placeholder.
                BootFile {
                    path: bundle_file("consent-placeholders", "js").expect("the bundle is built"),
                    embeds_only: true,
                },
            ],
            Manager::VanillaCookieconsent => vec![
                npm("vanilla-cookieconsent/dist/cookieconsent.umd.js", false),
                npm("vanilla-cookieconsent/dist/cookieconsent.css", false),
                npm("@orestbida/iframemanager/dist/iframemanager.js", true),
                npm("@orestbida/iframemanager/dist/iframemanager.css", true),
            ],
            // klaro.js carries its styles and translations; the docs include nothing else.
            Manager::Klaro => vec![npm("klaro/dist/klaro.js", false)],
        }
    }
}

/// The corpus pages, in name order.
pub fn corpus_pages() -> Result<Vec<String>> {
    let mut pages = html_files(&corpus_dir())?;
    pages.sort();
    Ok(pages)
}

/// The tracker corpus of the end-to-end tests: our pages, whatever the config.
pub fn corpus_dir() -> PathBuf {
    workspace().join("tests/e2e/fixtures/corpus")
}

/// Fails unless `dir` has a variant of every corpus page and no other page, so the corpus cannot grow a page the
/// anchors are not measured on.
fn check_same_pages(dir: &Path, pages: &[String]) -> Result<()> {
    let mut variants = html_files(dir)?;
    variants.sort();
    let all = corpus_pages()?;
    if variants != all {
        bail!("{} has pages {variants:?}, the corpus {all:?}: add or remove the variants", dir.display());
    }
    if let Some(missing) = pages.iter().find(|p| !variants.contains(p)) {
        bail!("{} has no variant of {missing}", dir.display());
    }
    Ok(())
}

fn html_files(dir: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.ends_with(".html") {
            names.push(name);
        }
    }
    Ok(names)
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| {
        format!("reading {} (run scripts/setup for node_modules, scripts/build-banner for dist/)", path.display())
    })
}

fn npm_version(package: &str) -> Result<String> {
    let manifest = read(&workspace().join("node_modules").join(package).join("package.json"))?;
    let manifest: serde_json::Value = serde_json::from_str(&manifest)?;
    manifest["version"].as_str().map(str::to_owned).with_context(|| format!("{package}'s package.json has no version"))
}
