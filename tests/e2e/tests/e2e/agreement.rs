//! The boot loader decides in JavaScript, before the WASM exists, what consent-core decides in Rust. Both are run on
//! the same inputs here and must give the same answers: which URL is held (by a service of the config, or as a tracker
//! the database knows).

use anyhow::Result;
use consent_core::tracker_db::TrackerDb;
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
        // Trackers the config does not list, held by auto-blocking: one of our catalog, two of the open data set
        // (marketing, and a chat widget the corpus site has no category for), a tracker's look-alike, and a CDN.
        "https://www.clarity.ms/tag/abc".to_owned(),
        "https://cdn.taboola.com/libtrc/site/loader.js".to_owned(),
        "https://widget.intercom.io/widget/x".to_owned(),
        "https://notclarity.ms/tag/abc".to_owned(),
        "https://cdn.jsdelivr.net/npm/x@1/x.js".to_owned(),
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
        let core_holds = config.hold_for_url(TrackerDb::builtin(), url, "127.0.0.1").is_some();
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

/// Which way the boot loader went on a page load: it applied the stored choice itself, or it loaded the banner.
async fn boot_trusted_the_stored_choice(visit: &crate::fixture::Visit) -> Result<bool> {
    let outcome = consent_e2e::wait::wait_for(
        || async {
            let state = visit
                .browser
                .js(
                    "if (window.consentBanner && consentBanner.getConsent()) return 'trusted';
                     if (document.querySelector('link[as=\"style\"][href$=\".css\"]')) return 'asked';
                     return null;",
                    vec![],
                )
                .await?;
            Ok(state.as_str().map(str::to_owned))
        },
        consent_e2e::wait::PROMPTLY,
        "the boot loader to decide",
    )
    .await?;
    Ok(outcome == "trusted")
}

#[tokio::test(flavor = "multi_thread")]
async fn the_boot_loader_trusts_exactly_the_stored_choices_consent_core_finds_valid() -> Result<()> {
    use consent_core::choice::{service_decisions, Choice};
    use consent_core::{ConsentId, StoredConsent};

    let config = SiteConfig::from_json(&std::fs::read_to_string(workspace().join("demo/consent.json"))?)?;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH)?.as_millis() as u64;
    let day = 24 * 60 * 60 * 1000;
    let decisions = Choice::AcceptAll.decide(&config);
    let services = service_decisions(&config, &decisions);
    let base = StoredConsent::new(ConsentId::from_random_bytes([9; 16]), &config, &decisions, &services, now - day);
    let variant = |change: &dyn Fn(&mut StoredConsent)| {
        let mut stored = base.clone();
        change(&mut stored);
        stored
    };
    let cases: Vec<(&str, StoredConsent)> = vec![
        ("valid", base.clone()),
        ("expired a minute ago", variant(&|s| s.expires_at_ms = now - 60_000)),
        ("expiring in a minute", variant(&|s| s.expires_at_ms = now + 60_000)),
        ("an older revision", variant(&|s| s.revision = 0)),
        ("a newer revision", variant(&|s| s.revision = 2)),
        ("another site", variant(&|s| s.site = "other-shop".into())),
        ("a category left out", variant(&|s| drop(s.granted.pop()))),
        ("a service left out", variant(&|s| drop(s.granted_services.pop()))),
        (
            "an unknown extra category",
            variant(&|s| s.denied.push(consent_core::CategoryId::try_from("extra").unwrap())),
        ),
        ("everything refused", {
            let refused = Choice::RejectAll.decide(&config);
            let refused_services = service_decisions(&config, &refused);
            StoredConsent::new(ConsentId::from_random_bytes([3; 16]), &config, &refused, &refused_services, now)
        }),
    ];

    let visit = crate::fixture::Visit::demo().await?;
    visit.open("/privacy.html").await?;
    let mut disagreements = Vec::new();
    for (name, stored) in &cases {
        visit.browser.js("localStorage.clear();", vec![]).await?;
        let cookie = format!("consent_banner={}; path=/", stored.to_cookie_value());
        visit.browser.js("document.cookie = arguments[0];", vec![json!(cookie)]).await?;
        visit.open("/privacy.html").await?;
        let boot = boot_trusted_the_stored_choice(&visit).await?;
        let core = stored.is_valid_for(&config, consent_core_now());
        if boot != core {
            disagreements.push(format!("{name}: consent-core {core}, boot loader {boot}"));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    Ok(())
}

fn consent_core_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
}

/// Preference lists a page and a browser may give (`<html lang>`, then `navigator.languages`): exact and regional
/// matches, case and `_`, Chinese scripts and regions, the config's own language and translations, junk, and none.
fn preference_lists() -> Vec<Vec<&'static str>> {
    let singles = [
        "en",
        "EN-us",
        "fr-CA",
        "fr_ch",
        "de",
        "pt-BR",
        "pt-br",
        "pt",
        "zh",
        "zh-CN",
        "zh-cn",
        "zh-SG",
        "zh-MY",
        "zh-TW",
        "zh-HK",
        "zh-Hans",
        "zh-Hant",
        "zh-Hans-HK",
        "zh-hant-tw",
        "zh-hansx",
        "ja-JP",
        "sv",
        "sv-FI",
        "fi",
        "nb",
        "tlh",
        "x",
        "english",
        "de--AT",
        "",
        " nl ",
        "en-",
        "es-419",
        "it-IT-x-private",
        "pl-PL",
    ];
    let mut lists: Vec<Vec<&str>> = singles.iter().map(|tag| vec![*tag]).collect();
    lists.extend([
        vec![],
        vec!["zh-TW", "fr"],
        vec!["tlh", "x", "sv-SE", "de"],
        vec!["zh-Hant", "zh", "en"],
        vec!["english", "de--AT", "nl"],
        vec!["fi", "nb"],
        vec!["es-419", "pt-PT", "en-GB"],
    ]);
    lists
}

#[tokio::test(flavor = "multi_thread")]
async fn the_boot_loader_fetches_the_first_layer_in_the_language_consent_core_chooses() -> Result<()> {
    // A config speaking Swedish of its own and with translations, so that every branch of the choice is taken.
    let mut config: Value = serde_json::from_str(&std::fs::read_to_string(workspace().join("demo/consent.json"))?)?;
    config["language"] = json!("sv");
    config["translations"] = json!({"zh-TW": {"title": "隱私"}, "pt-BR": {"title": "Privacidade"}});
    let config = SiteConfig::from_json(&config.to_string())?;
    let served = serde_json::to_value(&config)?;
    // The boot loader's language.js as written, run in the page on the served config (its import is the config).
    let source = std::fs::read_to_string(workspace().join("boot/deferred/language.js"))?
        .replace("import { config } from './site-config.js';", "const config = arguments[1];")
        .replace("export const chooseLanguage", "const chooseLanguage");
    let visit = crate::fixture::Visit::with(consent_e2e::site::SiteOptions::default()).await?;
    visit.open("/privacy.html").await?;
    let lists = preference_lists();
    let script = format!("{source}\nreturn arguments[0].map(chooseLanguage);");
    let answers: Vec<String> = serde_json::from_value(visit.browser.js(&script, vec![json!(lists), served]).await?)?;
    let spoken = config.languages();
    let mut disagreements = Vec::new();
    for (list, boot_chose) in lists.iter().zip(answers) {
        let core_chose = consent_core::language::choose_language(list.iter().copied(), &spoken);
        if core_chose.as_str() != boot_chose {
            disagreements.push(format!("{list:?}: consent-core {core_chose}, boot loader {boot_chose}"));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} disagree:\n{}",
        disagreements.len(),
        lists.len(),
        disagreements.join("\n")
    );
    Ok(())
}
