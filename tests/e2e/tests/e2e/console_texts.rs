//! The console's Texts and translations form, used as a product team member translating the banner: add German (the
//! banner has built-in German words, shown where the site writes none), add Swedish (it has none: every word is
//! marked missing, in words too), write a word, see a broken placeholder named with `consent config check`'s words,
//! fix it, and publish; the endpoint serves the words. Keyboard-usable, axe-clean in light and dark.
//! Screenshot for review: `screenshots/console-texts.png`.

use anyhow::{ensure, Context, Result};
use consent_core::{ConfigError, SiteConfig};
use serde_json::{json, Value};

use crate::console_session::{
    clean_and_screenshot, open_demo_shop_in_console, wait_for_draft, wait_for_text_at, NO_PROBLEMS,
};
use crate::keyboard::tab_to;
use crate::product_console::{fill, press, text_of, wait_for_text};

/// What `consent config check` says about a German placeholder text without its placeholders.
fn check_words_for_a_placeholder_without_placeholders() -> Result<String> {
    let mut demo: Value = serde_json::from_str(include_str!("../../../../demo/consent.json"))?;
    demo["translations"] = json!({"de": {"placeholder": "Blockiert."}});
    let Err(ConfigError::Invalid(fields)) = SiteConfig::from_json(&demo.to_string()) else {
        anyhow::bail!("a placeholder text without placeholders is a problem");
    };
    Ok(fields.into_iter().find(|f| f.path == "translations.de.placeholder").context("named at its path")?.reason)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_product_team_translates_the_banner_and_sees_missing_words_marked() -> Result<()> {
    let visit = open_demo_shop_in_console().await?;

    // German, picked from the banner's built-in languages: an empty field shows the built-in word.
    fill(&visit, "#texts-new-language", "de").await?;
    press(&visit, "Add language").await?;
    wait_for_draft(&visit, "/translations/de", json!({})).await?;
    wait_for_text_at(&visit, "#text-de-accept_all-fallback", "Empty: visitors get Alle akzeptieren").await?;
    wait_for_text(&visit, "No word missing in German (de).").await?;

    // Swedish, typed as a tag: no built-in words, so every word is marked missing, visibly and in words.
    fill(&visit, "#texts-other-language", "sv").await?;
    press(&visit, "Add language").await?;
    wait_for_draft(&visit, "/translations/sv", json!({})).await?;
    wait_for_text_at(
        &visit,
        "#text-sv-accept_all-fallback",
        "Missing: no word of its own, visitors get the English: Accept all",
    )
    .await?;
    let marked = visit.browser.js("return document.querySelectorAll('.texts tr.missing').length;", vec![]).await?;
    let all = consent_core::texts::TextsPatch::FIELDS.len();
    ensure!(marked == json!(all), "every Swedish row is marked: {marked}");
    wait_for_text(&visit, &format!("{all} words missing in Swedish (sv)")).await?;
    let described = visit
        .browser
        .js("return document.querySelector('#text-sv-accept_all').getAttribute('aria-describedby');", vec![])
        .await?;
    ensure!(described == json!("text-sv-accept_all-fallback text-sv-accept_all-problem"), "{described}");

    // One Swedish word written: no longer missing.
    fill(&visit, "#text-sv-accept_all", "Godkänn alla").await?;
    wait_for_draft(&visit, "/translations/sv/accept_all", json!("Godkänn alla")).await?;
    wait_for_text_at(&visit, "#text-sv-accept_all-fallback", "").await?;
    wait_for_text(&visit, &format!("{} words missing in Swedish (sv)", all - 1)).await?;

    // German again, from the language select; a placeholder text without its placeholders is named next to the field
    // with the check's words, and nothing can be published until it is fixed.
    fill(&visit, "#texts-language", "de").await?;
    fill(&visit, "#text-de-placeholder", "Blockiert.").await?;
    wait_for_text_at(&visit, "#text-de-placeholder-problem", &check_words_for_a_placeholder_without_placeholders()?)
        .await?;
    let invalid = visit
        .browser
        .js("return document.querySelector('#text-de-placeholder').getAttribute('aria-invalid');", vec![])
        .await?;
    ensure!(invalid == json!("true"), "{invalid}");
    ensure!(press(&visit, "Publish revision 2").await.is_err(), "a config with a problem cannot be published");
    fill(&visit, "#text-de-placeholder", "{service} ist blockiert, bis Sie {category} erlauben.").await?;
    wait_for_text_at(&visit, "#text-de-placeholder-problem", "").await?;
    wait_for_text(&visit, NO_PROBLEMS).await?;

    // Keyboard: from the language select, Tab reaches its Remove button, then the first word's field.
    visit.browser.js("document.querySelector('#texts-language').focus();", vec![]).await?;
    tab_to(&visit.browser, "#texts-remove-language", 1).await?;
    ensure!(text_of(&visit, "#texts-remove-language").await? == "Remove German (de)", "the button names the language");
    tab_to(&visit.browser, "#text-de-title", 1).await?;

    // Published: the endpoint serves the words.
    press(&visit, "Publish revision 2").await?;
    wait_for_text(&visit, "Published revision 2").await?;
    let row = visit.site.store().site("demo-shop").await?.context("the demo shop is stored")?;
    let served: Value = serde_json::from_str(&row.config_json)?;
    ensure!(served["translations"]["sv"]["accept_all"] == "Godkänn alla", "served: {served}");
    ensure!(
        served["translations"]["de"]["placeholder"] == "{service} ist blockiert, bis Sie {category} erlauben.",
        "served: {served}"
    );

    // Swedish shown again, for axe and the screenshot with its missing marks.
    fill(&visit, "#texts-language", "sv").await?;
    wait_for_text_at(
        &visit,
        "#text-sv-title-fallback",
        "Missing: no word of its own, visitors get the English: We value your privacy",
    )
    .await?;
    clean_and_screenshot(&visit, "texts form", "section.texts", "texts").await?;

    // All languages side by side: a column per language (the config's own first), each cell a field named by its row
    // and column, the missing ones marked; a word written in place goes into that language.
    press(&visit, "All languages side by side").await?;
    wait_for_text_at(&visit, "#texts-column-sv", "Swedish (sv)").await?;
    let columns = visit
        .browser
        .js(
            "return Array.from(document.querySelectorAll('.texts-table thead th')).map(function (th) {
                 return th.innerText.replace(/\\s+/g, ' ').trim(); });",
            vec![],
        )
        .await?;
    let (own, missing_sv) = ("English (en)", all - 1);
    ensure!(
        columns
            == json!([
                "Text",
                format!("{own} none missing"),
                "German (de) none missing",
                format!("Swedish (sv) {missing_sv} missing")
            ]),
        "the columns: {columns}"
    );
    let marked =
        visit.browser.js("return document.querySelectorAll('.texts-table td.missing').length;", vec![]).await?;
    ensure!(marked == json!(missing_sv), "the missing Swedish cells are marked, no other: {marked}");
    let named = visit
        .browser
        .js("return document.querySelector('#text-sv-title').getAttribute('aria-labelledby');", vec![])
        .await?;
    ensure!(named == json!("texts-row-title texts-column-sv"), "a cell is named by its row and column: {named}");
    fill(&visit, "#text-sv-title", "Vi värnar om din integritet").await?;
    wait_for_draft(&visit, "/translations/sv/title", json!("Vi värnar om din integritet")).await?;
    wait_for_text_at(&visit, "#texts-column-sv + .column-missing", &format!("{} missing", missing_sv - 1)).await?;
    ensure!(text_of(&visit, "#text-de-title-fallback").await?.contains("visitors get"), "German shows its fallback");
    clean_and_screenshot(&visit, "texts side by side", "section.texts", "texts-side-by-side").await
}
