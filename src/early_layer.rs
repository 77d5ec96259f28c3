//! The first layer as HTML, rendered outside the browser by the component the banner mounts, so that the boot loader
//! can paint it before the WebAssembly has arrived. On a phone's network the WASM takes a second or more to download
//! and start; the endpoint renders this for the boot loader (`GET /v1/sites/{site}/first-layer`), which paints it in
//! the banner's shadow root, keeps what the visitor clicks, and hands both over to the banner when it runs.
//!
//! It is the same `Banner` component, so the same markup, classes and words: the banner's own first layer replaces it
//! without a visible change. It is only painted for a visitor the layer says nothing particular to (no Global Privacy
//! Control signal, no choice under an earlier revision: [`Circumstances::default`]); anyone else waits for the
//! banner, which reads those from the browser.
//!
//! ```ignore
//! let layer = early_layer::render(config, &["fr-FR", "fr"], None, |path| std::fs::read_to_string(dist.join(path)).ok())?;
//! ```

use std::sync::Arc;

use any_spawner::{CustomExecutor, Executor, PinnedFuture, PinnedLocalFuture};
use consent_core::config::translation::{built_in_locale_path, parse_patch};
use consent_core::language::choose_language;
use consent_core::tcf::FirstLayerTcf;
use consent_core::SiteConfig;
use leptos::prelude::*;

use crate::first_layer::{Banner, Circumstances};
use crate::{locale, policy_loader, theme};

/// A first layer ready to paint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlyLayer {
    /// The layer's markup, for the `.cb-root` element inside the shadow root.
    pub html: String,
    /// The language it is in (the `lang` of `.cb-root`).
    pub language: String,
    /// Attributes for the `<consent-banner>` host (`data-layout`, `data-mode`).
    pub attributes: Vec<(&'static str, String)>,
    /// Custom properties for the host (the theme's accents).
    pub properties: Vec<(&'static str, String)>,
}

/// Renders the first layer of `config` in the language the banner would choose from `preferences` (the page's
/// `<html lang>`, then the browser's languages), with the built-in words of that language read by `locale_file` from
/// `locales/<language>.json` (a path relative to the bundle, as the banner fetches it).
///
/// A TCF site's layer states `tcf` (the endpoint's [`FirstLayerTcf`] in that language), as the banner's will.
///
/// `Err` with the file's path when that language needs its file and `locale_file` has none (an endpoint that does not
/// serve the bundle itself, which a CDN does): a layer in English that the banner would then show in French must not
/// be painted.
pub fn render(
    config: Arc<SiteConfig>,
    preferences: &[&str],
    tcf: Option<FirstLayerTcf>,
    locale_file: impl Fn(&str) -> Option<String>,
) -> Result<EarlyLayer, String> {
    let language = choose_language(preferences.iter().copied(), &config.languages());
    let built_in = match built_in_locale_path(&language) {
        Some(path) => {
            let value = locale_file(&path).and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok());
            Some(parse_patch(&value.ok_or(path)?, "locale", &mut Vec::new()))
        }
        None => None,
    };
    let words = Arc::new(locale::words_in(&config, language, built_in.as_ref()));
    let attributes = theme::attributes(&config).map(|(name, value)| (name, value.to_owned())).to_vec();
    let properties = theme::properties(&config).map(|(name, value)| (name, value.to_owned())).collect();
    let language = words.language.as_str().to_owned();
    // The component's effects (focus, the space it keeps free) are for the browser: here they are never run.
    let _ = Executor::init_custom_executor(NoTasks);
    let owner = Owner::new();
    let html = owner.with(|| {
        let viewable = policy_loader::viewable(&config);
        view! {
            <Banner
                config=config
                words=words
                decide=Callback::new(|_| ())
                customise=Callback::new(|()| ())
                partners=Callback::new(|()| ())
                open_policy=viewable.then(|| Callback::new(|_| ()))
                hidden=false
                circumstances=Circumstances::default()
                tcf=tcf.map(Arc::new)
            />
        }
        .to_html()
    });
    owner.cleanup();
    Ok(EarlyLayer { html, language, attributes, properties })
}

/// An executor that drops every task: rendering to HTML starts the component's effects, which only mean something in
/// a browser.
struct NoTasks;

impl CustomExecutor for NoTasks {
    fn spawn(&self, _: PinnedFuture<()>) {}
    fn spawn_local(&self, _: PinnedLocalFuture<()>) {}
    fn poll_local(&self) {}
}
