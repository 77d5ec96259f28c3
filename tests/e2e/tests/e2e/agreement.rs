//! The boot loader decides in JavaScript, before the WASM exists, what consent-core decides in Rust. Both are run on
//! the same inputs here and must give the same answers: which URL belongs to a held service.

use anyhow::Result;
use consent_core::SiteConfig;
use consent_e2e::site::workspace;
use serde_json::{json, Value};

use crate::corpus::{corpus_visit, Csp};

/// URLs around every pattern of the corpus config: the host itself, subdomains, look-alike hosts, paths inside and
/// outside a path prefix, ports, case, schemes, and relative URLs.
fn urls(config: &SiteConfig) -> Vec<String> {
    let mut urls = vec![
        "/local/script.js".to_owned(),
        "https://cdn.unrelated.example/lib.js".to_owned(),
        "data:text/javascript,1".to_owned(),
        "//www.facebook.com/tr?id=1".to_owned(),
    ];
    for pattern in config.services.iter().flat_map(|s| &s.hosts) {
        let text = pattern.to_string();
        let (host, path) = text.split_once('/').map_or((text.as_str(), ""), |(h, p)| (h, p));
        for url in [
            format!("https://{host}/{path}"),
            format!("https://{host}/{path}/deeper?x=1"),
            format!("http://{host}:8443/{path}"),
            format!("https://sub.{host}/{path}"),
            format!("https://{}/{path}", host.to_ascii_uppercase()),
            format!("https://not{host}/{path}"),
            format!("https://{host}.evil.example/{path}"),
            format!("https://{host}/other-{path}"),
            format!("https://{host}/"),
        ] {
            urls.push(url);
        }
    }
    urls
}

#[tokio::test(flavor = "multi_thread")]
async fn the_boot_loader_and_consent_core_hold_the_same_urls() -> Result<()> {
    let config_text = std::fs::read_to_string(workspace().join("tests/e2e/fixtures/corpus/consent.json"))?;
    let config = SiteConfig::from_json(&config_text)?;
    let visit = corpus_visit(Csp::Off).await?;
    visit.open("/gtag.html").await?;
    // The banner showing means the config is known and no choice is made yet: every listed service is held.
    visit.browser.wait_for("[data-consent-banner]").await?;
    let urls = urls(&config);
    let answers: Value = visit
        .browser
        .js("return arguments[0].map(function (u) { return window.consentBoot.blocks(u); });", vec![json!(urls)])
        .await?;
    let answers: Vec<bool> = serde_json::from_value(answers)?;
    let mut disagreements = Vec::new();
    for (url, boot_holds) in urls.iter().zip(answers) {
        let core_holds = config
            .service_for_url(url)
            .is_some_and(|service| !config.category(&service.category).is_some_and(|c| c.required));
        if core_holds != boot_holds {
            disagreements.push(format!("{url}: consent-core {core_holds}, boot loader {boot_holds}"));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} URLs disagree:\n{}",
        disagreements.len(),
        urls.len(),
        disagreements.join("\n")
    );
    Ok(())
}
