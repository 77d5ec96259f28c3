//! A site gives the banner its accent colour from the config; the banner's default colours read in light and dark.

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
