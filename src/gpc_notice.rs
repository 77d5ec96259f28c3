//! The notice that the browser's Global Privacy Control signal is honoured.

use std::sync::Arc;

use consent_core::SiteConfig;
use leptos::prelude::*;

use crate::locale::Words;

/// Says that the browser's Global Privacy Control signal is honoured, naming the categories it keeps off. Nothing is
/// shown without the signal (`signal`: `gpc::is_set()` in the browser; the first layer rendered on the server is only
/// used without it), or when no category sells or shares data.
#[component]
pub fn GpcNotice(config: Arc<SiteConfig>, words: Arc<Words>, signal: bool) -> impl IntoView {
    let titles: Vec<&str> = config
        .categories
        .iter()
        .filter(|c| c.sale_or_sharing && !c.required)
        .map(|c| config.category_title(c, &words.language).text)
        .collect();
    (signal && !titles.is_empty()).then(|| {
        let text = words.texts.gpc_notice.replace("{categories}", &titles.join(", "));
        view! { <p class="cb-gpc" data-consent-gpc="" role="note">{text}</p> }
    })
}
