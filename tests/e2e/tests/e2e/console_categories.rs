//! The console's Categories form, used as a product team member who would rather not touch JSON: rename a category,
//! see a mistake named at its field, add one, move it, be told why a category services use cannot be removed, remove
//! one, title a category in another language, and publish; the JSON editor and the form show each other's edits.
//! Screenshot for review: `screenshots/console-categories.png`.

use anyhow::{ensure, Context, Result};
use consent_core::{ConfigError, SiteConfig};
use consent_e2e::wait::{wait_until, PROMPTLY};
use serde_json::{json, Value};

use crate::console_session::{
    click_in_view, draft, open_demo_shop_in_console, press_named, value_of, wait_for_focus, NO_PROBLEMS,
};
use crate::fixture::Visit;
use crate::product_console::{fill, no_axe_violations, press, save_screenshot, text_of, wait_for_text};

/// The ids of the draft's categories, in order.
async fn draft_ids(visit: &Visit) -> Result<Vec<String>> {
    let draft = draft(visit).await?;
    let list = draft["categories"].as_array().context("the draft lists categories")?;
    Ok(list.iter().map(|c| c["id"].as_str().unwrap_or_default().to_owned()).collect())
}

/// Waits until the draft's category ids are `wanted`.
async fn wait_for_ids(visit: &Visit, wanted: &[&str]) -> Result<()> {
    let seen = || async { Ok(draft_ids(visit).await? == wanted) };
    wait_until(seen, PROMPTLY, &format!("the draft's categories to be {wanted:?}")).await
}

/// Waits until the field `selector` holds `wanted`.
async fn wait_for_value(visit: &Visit, selector: &str, wanted: &str) -> Result<()> {
    let seen = || async { Ok(value_of(visit, selector).await? == wanted) };
    wait_until(seen, PROMPTLY, &format!("{selector} to hold \"{wanted}\"")).await
}

/// What `consent config check` says about the demo config with its second category's title empty.
fn check_words_for_an_empty_title() -> Result<String> {
    let mut demo: Value = serde_json::from_str(include_str!("../../../../demo/consent.json"))?;
    demo["categories"][1]["title"] = json!("");
    let Err(ConfigError::Invalid(fields)) = SiteConfig::from_json(&demo.to_string()) else {
        anyhow::bail!("an empty title is a problem");
    };
    let field = fields.into_iter().find(|f| f.path == "categories[1].title").context("named at its path")?;
    Ok(field.reason)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_product_team_edits_categories_in_a_form_and_publishes_them() -> Result<()> {
    let visit = open_demo_shop_in_console().await?;
    wait_for_value(&visit, "#category-1-title", "Analytics").await?;

    // A rename in the form is a rename in the JSON, and a pending change of that one field.
    fill(&visit, "#category-1-title", "Statistics").await?;
    wait_until(
        || async { Ok(draft(&visit).await?["categories"][1]["title"] == "Statistics") },
        PROMPTLY,
        "the JSON to show the new title",
    )
    .await?;
    let changes = text_of(&visit, "table.changes tbody").await?;
    ensure!(changes.contains("categories[1].title") && changes.contains("\"Statistics\""), "{changes}");
    ensure!(!changes.contains("services"), "only the categories changed: {changes}");

    // An empty title: the check's own words next to the field, and nothing can be published.
    fill(&visit, "#category-1-title", "").await?;
    let words = check_words_for_an_empty_title()?;
    let next_to_it = || async { Ok(text_of(&visit, "#category-1-title-problem").await? == words) };
    wait_until(next_to_it, PROMPTLY, "the problem next to the title").await?;
    let described = visit
        .browser
        .js("return document.querySelector('#category-1-title').getAttribute('aria-describedby');", vec![])
        .await?;
    ensure!(described == json!("category-1-title-problem"), "{described}");
    ensure!(press(&visit, "Publish revision 2").await.is_err(), "a config with a problem cannot be published");
    fill(&visit, "#category-1-title", "Statistics").await?;
    wait_for_text(&visit, NO_PROBLEMS).await?;

    // The JSON editor's edits show in the form, and JSON that does not read disables it.
    let text = value_of(&visit, "#config-text").await?;
    fill(&visit, "#config-text", &text.replacen("\"Statistics\"", "\"Stats\"", 1)).await?;
    wait_for_value(&visit, "#category-1-title", "Stats").await?;
    let cut = text.find("\"services\"").context("the demo has services")?;
    fill(&visit, "#config-text", &text[..cut]).await?;
    wait_for_text(&visit, "Fix the JSON first").await?;
    let disabled = visit.browser.js("return document.querySelector('.categories fieldset').disabled;", vec![]).await?;
    ensure!(disabled == json!(true), "the form is disabled while the JSON does not read");
    fill(&visit, "#config-text", &text).await?;
    wait_for_value(&visit, "#category-1-title", "Statistics").await?;

    // "Required" is written when ticked, and left out again when cleared.
    click_in_view(&visit, "#category-2-required").await?;
    let required = || async { Ok(draft(&visit).await?["categories"][2]["required"] == true) };
    wait_until(required, PROMPTLY, "Marketing required in the JSON").await?;
    click_in_view(&visit, "#category-2-required").await?;
    let cleared = || async { Ok(draft(&visit).await?["categories"][2].get("required").is_none()) };
    wait_until(cleared, PROMPTLY, "Marketing's \"required\" left out again").await?;

    // A new category: its id is checked with consent-core's id rule, then it is added at the end.
    fill(&visit, "#new-category-id", "Social").await?;
    fill(&visit, "#new-category-title", "Social media").await?;
    press(&visit, "Add category").await?;
    wait_for_text(&visit, "Id: 'Social' must start with a lowercase letter a-z").await?;
    fill(&visit, "#new-category-id", "social").await?;
    press(&visit, "Add category").await?;
    wait_for_ids(&visit, &["necessary", "analytics", "marketing", "social"]).await?;
    ensure!(draft(&visit).await?["categories"][3]["title"] == "Social media");
    wait_for_value(&visit, "#category-3-title", "Social media").await?;

    // Moved up: the order changes in the JSON, and the focus stays on the moved category's button (or its other
    // one, at the end of the list).
    press_named(&visit, "Move Social media up").await?;
    wait_for_ids(&visit, &["necessary", "analytics", "social", "marketing"]).await?;
    wait_for_focus(&visit, "category-2-up").await?;
    press_named(&visit, "Move Social media down").await?;
    wait_for_ids(&visit, &["necessary", "analytics", "marketing", "social"]).await?;
    wait_for_focus(&visit, "category-3-up").await?;
    ensure!(press_named(&visit, "Move Social media down").await.is_err(), "the last category cannot move down");
    press_named(&visit, "Move Social media up").await?;
    wait_for_ids(&visit, &["necessary", "analytics", "social", "marketing"]).await?;

    // Services use Marketing: removing it is refused, and the reason names them.
    press_named(&visit, "Remove Marketing").await?;
    let refused =
        || async { Ok(text_of(&visit, "#category-3-remove-problem").await?.contains("Demo Ads, Demo Video")) };
    wait_until(refused, PROMPTLY, "the refusal next to Marketing").await?;
    let reason = text_of(&visit, "#category-3-remove-problem").await?;
    ensure!(reason.starts_with("Marketing cannot be removed: Demo Ads, Demo Video use it."), "{reason}");
    ensure!(draft_ids(&visit).await?.contains(&"marketing".to_owned()));

    // Social media is used by nothing: removed, and the focus moves to the category now in its place.
    press_named(&visit, "Remove Social media").await?;
    wait_for_ids(&visit, &["necessary", "analytics", "marketing"]).await?;
    wait_for_focus(&visit, "category-2-remove").await?;

    // Published: the endpoint serves the new title.
    press(&visit, "Publish revision 2").await?;
    wait_for_text(&visit, "Published revision 2").await?;
    let row = visit.site.store().site("demo-shop").await?.context("the demo shop is stored")?;
    let served: Value = serde_json::from_str(&row.config_json)?;
    ensure!(served["categories"][1]["title"] == "Statistics", "served: {served}");
    let served_ids: Vec<&str> =
        served["categories"].as_array().context("categories")?.iter().map(|c| c["id"].as_str().unwrap_or("")).collect();
    ensure!(served_ids == ["necessary", "analytics", "marketing"], "{served_ids:?}");

    // The titles in other languages: a language added to the JSON's translations shows in each category's
    // "Translations", and a title typed there goes into that language's words.
    let mut with_german: Value = serde_json::from_str(&value_of(&visit, "#config-text").await?)?;
    with_german["translations"] = json!({"de": {"title": "Cookies bei Demo Shop"}});
    fill(&visit, "#config-text", &serde_json::to_string_pretty(&with_german)?).await?;
    visit.browser.wait_for("#category-0-title-de").await?;
    visit
        .browser
        .js(
            "document.querySelector('#category-0-title-de').closest('details').querySelector('summary').click();",
            vec![],
        )
        .await?;
    fill(&visit, "#category-0-title-de", "Unbedingt erforderlich").await?;
    let german = || async {
        Ok(draft(&visit).await?["translations"]["de"]["categories"]["necessary"]["title"] == "Unbedingt erforderlich")
    };
    wait_until(german, PROMPTLY, "the German title in the JSON").await?;
    press(&visit, "Publish revision 3").await?;
    wait_for_text(&visit, "Published revision 3").await?;
    let row = visit.site.store().site("demo-shop").await?.context("the demo shop is stored")?;
    let served: Value = serde_json::from_str(&row.config_json)?;
    ensure!(served["translations"]["de"]["categories"]["necessary"]["title"] == "Unbedingt erforderlich", "{served}");

    // A title that looks like markup is shown as text.
    let markup = "<img src=x onerror=alert(1)>";
    fill(&visit, "#category-0-title", markup).await?;
    let legend = || async { Ok(text_of(&visit, ".categories fieldset.category legend").await? == markup) };
    wait_until(legend, PROMPTLY, "the legend to show the title as text").await?;
    let images = visit.browser.js("return document.querySelectorAll('.categories img').length;", vec![]).await?;
    ensure!(images == json!(0), "no element made of a title");
    fill(&visit, "#category-0-title", "Strictly necessary").await?;
    wait_for_text(&visit, "nothing to publish").await?;

    // Publishing drew the form again: the disclosure is opened again for axe and the screenshot.
    visit.browser.wait_for("#category-0-title-de").await?;
    visit.browser.js("document.querySelector('#category-0-title-de').closest('details').open = true;", vec![]).await?;
    no_axe_violations(&visit, "categories form").await?;
    save_screenshot(&visit, "categories").await?;
    Ok(())
}
