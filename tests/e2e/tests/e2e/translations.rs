//! The banner speaks the page's language, else the browser's, with real words in ten languages; a site can change
//! them or add a language; only the one language needed is downloaded.

use anyhow::Result;
use consent_e2e::browser::Browser;
use consent_e2e::site::{SiteOptions, TestSite};
use serde_json::{json, Value};
use tracker_recorder::Recorder;

use crate::fixture::Visit;
use crate::ui_fixture::{demo_config_with, page_in_language, visit_with};

/// The texts a visitor reads first: the title and the three answers.
async fn first_layer_words(visit: &Visit, path: &str) -> Result<Value> {
    visit.open(path).await?;
    visit.browser.wait_for("[data-consent-banner]").await?;
    visit
        .browser
        .in_banner(
            "var b = root.querySelector('[data-consent-banner]');
             return [b.closest('[lang]').getAttribute('lang'), b.querySelector('h2').textContent]
                 .concat(Array.from(b.querySelectorAll('.cb-actions [data-consent-action]')).map(function (a) { return a.textContent.trim(); }));",
            vec![],
        )
        .await
}

fn locale_files_fetched(visit: &Visit) -> Vec<String> {
    visit.site.requests().into_iter().map(|r| r.path).filter(|p| p.contains("/locales/")).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_german_page_gets_the_german_banner_and_downloads_only_german() -> Result<()> {
    let visit = visit_with(vec![page_in_language("de.html", "de")?], None).await?;
    let words = first_layer_words(&visit, "/de.html").await?;
    assert_eq!(
        words,
        json!(["de", "Wir respektieren Ihre Privatsphäre", "Alle akzeptieren", "Alle ablehnen", "Anpassen"])
    );
    // The painted first layer has its words from the endpoint; the banner, loaded for the preferences, fetches them.
    visit.browser.click("[data-consent-action='customise']").await?;
    visit.browser.wait_for("[data-consent-preferences]").await?;
    assert_eq!(locale_files_fetched(&visit), ["/consent/locales/de.json"]);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_english_page_downloads_no_words() -> Result<()> {
    let visit = Visit::demo().await?;
    let words = first_layer_words(&visit, "/").await?;
    assert_eq!(words, json!(["en", "We value your privacy", "Accept all", "Reject all", "Customise"]));
    assert_eq!(locale_files_fetched(&visit), Vec::<String>::new());
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_page_language_the_browser_language_decides() -> Result<()> {
    let site =
        TestSite::start(SiteOptions { files: vec![page_in_language("nolang.html", "")?], ..SiteOptions::default() })
            .await?;
    let trackers = Recorder::start("127.0.0.1:0")?;
    let browser = Browser::start_with_args(trackers.addr(), &["--lang=ja", "--accept-lang=ja,en"]).await?;
    let visit = Visit { site, trackers, browser };
    let words = first_layer_words(&visit, "/nolang.html").await?;
    assert_eq!(
        words,
        json!(["ja", "お客様のプライバシーを大切にしています", "すべて同意する", "すべて拒否する", "カスタマイズ"])
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_site_changes_words_and_untranslated_titles_are_marked_in_their_language() -> Result<()> {
    let config = demo_config_with(|c| {
        c["translations"] = json!({"fr": {"title": "Les cookies de Demo Shop",
                                           "categories": {"analytics": {"title": "Statistiques"}}}});
    })?;
    let visit = visit_with(vec![page_in_language("fr.html", "fr")?], Some(config)).await?;
    let words = first_layer_words(&visit, "/fr.html").await?;
    assert_eq!(words[1], "Les cookies de Demo Shop");
    assert_eq!(words[2], "Tout accepter", "the rest is the built-in French");
    visit.browser.click("[data-consent-action='customise']").await?;
    visit.browser.wait_for("[data-consent-preferences]").await?;
    let titles = visit
        .browser
        .in_banner(
            "return Array.from(root.querySelectorAll('.cb-category-title')).map(function (l) {
                 return [l.textContent, l.getAttribute('lang')];
             });",
            vec![],
        )
        .await?;
    assert_eq!(
        titles,
        json!([["Strictly necessary", "en"], ["Statistiques", null], ["Marketing", "en"]]),
        "titles the site did not translate are marked as English for screen readers"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn durations_and_kinds_read_in_the_visitors_language() -> Result<()> {
    let visit = visit_with(vec![page_in_language("pl.html", "pl")?], None).await?;
    visit.open("/pl.html").await?;
    visit.browser.click("[data-consent-action='customise']").await?;
    visit.browser.wait_for("[data-consent-preferences]").await?;
    visit
        .browser
        .in_banner(
            "root.querySelectorAll('[data-consent-preferences] details').forEach(function (d) { d.open = true; });",
            vec![],
        )
        .await?;
    let cells = visit
        .browser
        .in_banner(
            "return Array.from(root.querySelectorAll('.cb-cookie-table tbody tr')).map(function (tr) {
                 return [tr.cells[3].textContent, tr.cells[4].textContent];
             });",
            vec![],
        )
        .await?;
    assert_eq!(cells, json!([["2 lata", "Plik cookie"], ["Do zamknięcia przeglądarki", "Piksel śledzący"]]));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_record_names_the_language_the_visitor_saw() -> Result<()> {
    let visit = visit_with(vec![page_in_language("es.html", "es-MX")?], None).await?;
    let words = first_layer_words(&visit, "/es.html").await?;
    assert_eq!(words[0], "es");
    visit.browser.click("[data-consent-action='reject-all']").await?;
    let choice = crate::ui_fixture::new_choice(&visit, None).await?;
    let row = crate::ui_fixture::logged(&visit, &choice).await?;
    assert_eq!(row.locale, "es");
    Ok(())
}
