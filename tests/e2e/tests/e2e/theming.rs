//! A site gives the banner its accent colour and colour scheme from the config, or overrides its custom properties
//! in its own stylesheet; by default the banner follows the browser's light or dark scheme.

use anyhow::Result;
use serde_json::json;

use crate::axe::color_scheme;
use crate::ui_fixture::{demo_config_with, visit_with};

async fn answer_colours(visit: &crate::fixture::Visit) -> Result<serde_json::Value> {
    visit
        .browser
        .in_banner(
            "var s = getComputedStyle(root.querySelector('[data-consent-action=accept-all]'));
             return [s.color, s.borderTopColor];",
            vec![],
        )
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_config_accent_colours_the_answers_in_light_and_dark() -> Result<()> {
    let config = demo_config_with(|c| c["theme"] = json!({"accent": "#7a2e8c", "accent_dark": "#e0b0ff"}))?;
    let visit = visit_with(vec![], Some(config)).await?;
    visit.open("/").await?;
    visit.browser.wait_for("[data-consent-banner]").await?;
    color_scheme(&visit.browser, "light").await?;
    assert_eq!(answer_colours(&visit).await?, json!(["rgb(122, 46, 140)", "rgb(122, 46, 140)"]));
    color_scheme(&visit.browser, "dark").await?;
    assert_eq!(answer_colours(&visit).await?, json!(["rgb(224, 176, 255)", "rgb(224, 176, 255)"]));
    Ok(())
}

/// The first layer's background and text colours, and the answers' accent.
async fn scheme_colours(visit: &crate::fixture::Visit) -> Result<serde_json::Value> {
    visit
        .browser
        .in_banner(
            "var b = getComputedStyle(root.querySelector('[data-consent-banner]'));
             var a = getComputedStyle(root.querySelector('[data-consent-action=accept-all]'));
             return [b.backgroundColor, b.color, a.color];",
            vec![],
        )
        .await
}

const LIGHT: [&str; 3] = ["rgb(255, 255, 255)", "rgb(26, 26, 26)", "rgb(11, 87, 208)"];
const DARK: [&str; 3] = ["rgb(31, 31, 31)", "rgb(241, 241, 241)", "rgb(168, 199, 250)"];

/// Opens the first layer with `"theme": {"mode": mode}` (no `theme` at all when `mode` is empty) in a browser that
/// prefers `scheme`, and returns its colours.
async fn colours_with(mode: &str, scheme: &str) -> Result<serde_json::Value> {
    let config = demo_config_with(|c| {
        if !mode.is_empty() {
            c["theme"] = json!({ "mode": mode });
        }
    })?;
    let visit = visit_with(vec![], Some(config)).await?;
    color_scheme(&visit.browser, scheme).await?;
    visit.open("/").await?;
    visit.browser.wait_for("[data-consent-banner]").await?;
    scheme_colours(&visit).await
}

#[tokio::test(flavor = "multi_thread")]
async fn by_default_the_banner_follows_the_browsers_colour_scheme() -> Result<()> {
    assert_eq!(colours_with("", "light").await?, json!(LIGHT));
    assert_eq!(colours_with("auto", "dark").await?, json!(DARK));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_config_forces_dark_on_a_browser_that_prefers_light() -> Result<()> {
    assert_eq!(colours_with("dark", "light").await?, json!(DARK));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_config_forces_light_on_a_browser_that_prefers_dark() -> Result<()> {
    assert_eq!(colours_with("light", "dark").await?, json!(LIGHT));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_site_themes_the_banner_with_custom_properties_on_its_host_element() -> Result<()> {
    let css = "consent-banner { --cb-accent: #7a2e8c; --cb-radius: 0px; --cb-font: Georgia, serif; }";
    let page = std::fs::read_to_string(consent_e2e::site::workspace().join("demo/index.html"))?.replacen(
        "</head>",
        &format!("<style>{css}</style>\n</head>"),
        1,
    );
    let visit = visit_with(vec![("themed.html".into(), page)], None).await?;
    visit.open("/themed.html").await?;
    visit.browser.wait_for("[data-consent-banner]").await?;
    let looks = visit
        .browser
        .in_banner(
            "var a = getComputedStyle(root.querySelector('[data-consent-action=accept-all]'));
             return [a.color, a.borderTopLeftRadius, a.fontFamily];",
            vec![],
        )
        .await?;
    assert_eq!(looks, json!(["rgb(122, 46, 140)", "0px", "Georgia, serif"]));
    Ok(())
}
