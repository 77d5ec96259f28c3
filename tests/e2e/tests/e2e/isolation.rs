//! The banner and the page keep their styles to themselves: the banner lives in a shadow root, so a site's CSS, even
//! hostile, cannot break its look or its buttons, and the banner's CSS never restyles the site's own elements, not
//! even ones that happen to share its class names. Under a strict Content-Security-Policy it is styled all the same.

use std::time::Duration;

use anyhow::Result;
use consent_e2e::site::{workspace, SiteOptions};
use consent_e2e::wait::{wait_until, PROMPTLY};
use serde_json::{json, Value};

use crate::corpus::{assert_no_csp_violation, corpus_visit, Csp};
use crate::fixture::Visit;
use crate::ui_fixture::{new_choice, visit_with};

const BANNER: &str = "[data-consent-banner]";

/// Rules a site's stylesheet or a theme could plausibly carry, aimed at everything the banner is made of, and at what
/// it would inherit from `<body>`.
const HOSTILE_CSS: &str = "button { background: red !important; font-size: 40px !important; border: 0 !important; }
  p { color: white !important; margin: 3em !important; } div, section { display: inline !important; }
  h2 { font-size: 60px !important; } * { letter-spacing: 3px !important; text-transform: uppercase !important; }
  body { font: italic 30px/3 cursive; color: #0f0; text-align: center; }";

/// The demo page with `css` in a `<style>` at the end of its `<head>`, as `name`.
fn page_with_style(name: &str, css: &str) -> Result<(String, String)> {
    let page = std::fs::read_to_string(workspace().join("demo/index.html"))?;
    Ok((name.into(), page.replacen("</head>", &format!("<style>{css}</style>\n</head>"), 1)))
}

/// How the banner's parts look: the first layer's frame, its text and each answer.
async fn banner_looks(visit: &Visit) -> Result<Value> {
    visit
        .browser
        .in_banner(
            "function look(el) {
                 var s = getComputedStyle(el), r = el.getBoundingClientRect();
                 return [s.display, s.position, s.color, s.backgroundColor, s.fontSize, s.fontStyle, s.letterSpacing,
                         s.textTransform, s.lineHeight, s.borderTopWidth, s.marginTop, Math.round(r.width),
                         Math.round(r.height)];
             }
             var b = root.querySelector(arguments[0]);
             return [look(b), look(b.querySelector('h2')), look(b.querySelector('p'))]
                 .concat(Array.from(b.querySelectorAll('.cb-actions button')).map(look));",
            vec![BANNER.into()],
        )
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_page_css_leaves_the_banner_as_it_is_and_its_answers_clickable() -> Result<()> {
    let visit = visit_with(vec![page_with_style("hostile.html", HOSTILE_CSS)?], None).await?;
    visit.open("/").await?;
    visit.browser.wait_for(BANNER).await?;
    let plain = banner_looks(&visit).await?;

    visit.open("/hostile.html").await?;
    visit.browser.wait_for(BANNER).await?;
    let spacing = visit.browser.js("return getComputedStyle(document.querySelector('h1')).letterSpacing;", vec![]);
    assert_eq!(spacing.await?, "3px", "the hostile rules are in force on the page itself");
    assert_eq!(banner_looks(&visit).await?, plain, "the banner looks the same on the hostile page");

    // A visitor can still answer: WebDriver clicks only what is visible and not covered.
    visit.browser.click("[data-consent-banner] [data-consent-action='reject-all']").await?;
    let choice = new_choice(&visit, None).await?;
    assert_eq!(choice.granted.iter().map(|c| c.as_str()).collect::<Vec<_>>(), ["necessary"]);
    Ok(())
}

/// How the page's own elements look, including ones named like the banner's.
async fn page_looks(visit: &Visit) -> Result<Value> {
    visit
        .browser
        .js(
            "return Array.from(document.querySelectorAll('[data-probe]')).map(function (el) {
                 var s = getComputedStyle(el);
                 return [el.getAttribute('data-probe'), s.display, s.position, s.color, s.backgroundColor, s.fontSize,
                         s.fontWeight, s.borderTopWidth, s.borderTopColor, s.padding, s.margin, s.boxSizing];
             });",
            vec![],
        )
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_banner_styles_never_reach_the_page() -> Result<()> {
    // The page's own controls, some with the banner's class names. The config arrives a moment late, so that the page
    // can be measured before the boot loader asks for any of the banner's files.
    let probes = "<button data-probe=\"button\">Buy</button>
        <button data-probe=\"cb-button\" class=\"cb-button\">Add to basket</button>
        <p data-probe=\"cb-text\" class=\"cb-text\">In stock.</p>
        <section data-probe=\"cb-banner\" class=\"cb-banner\">Sale</section>
        <details data-probe=\"summary\"><summary>More</summary></details>";
    let page = std::fs::read_to_string(workspace().join("demo/index.html"))?.replacen(
        "<main>",
        &format!("<main>\n{probes}"),
        1,
    );
    let delays = vec![("/consent.json".to_owned(), Duration::from_millis(1500))];
    let files = vec![("probes.html".to_owned(), page)];
    let visit = Visit::with(SiteOptions { files, delays, ..SiteOptions::default() }).await?;
    visit.open("/probes.html").await?;
    assert_eq!(visit.browser.count(BANNER).await?, 0, "measured before the banner is there");
    let before = page_looks(&visit).await?;
    assert_eq!(before.as_array().map(Vec::len), Some(5));

    visit.browser.wait_for(BANNER).await?;
    assert_eq!(page_looks(&visit).await?, before, "the page's elements look as they did before the banner");
    let sheets = visit
        .browser
        .js("return Array.from(document.styleSheets).map(function (s) { return s.href || 'inline'; });", vec![])
        .await?;
    assert_eq!(sheets, json!([visit.site.url("/site.css")]), "the page's document has only its own stylesheet");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn under_a_strict_csp_the_banner_is_styled_from_inside_its_shadow_root() -> Result<()> {
    let visit = corpus_visit(Csp::Strict).await?;
    visit.open("/gtag.html").await?;
    visit.browser.wait_for(BANNER).await?;
    let styled = || async {
        let looks = visit
            .browser
            .in_banner(
                "var s = getComputedStyle(root.querySelector('[data-consent-action=accept-all]'));
                 return [getComputedStyle(root.querySelector(arguments[0])).position, s.borderTopColor, s.fontWeight];",
                vec![BANNER.into()],
            )
            .await?;
        Ok(looks == json!(["fixed", "rgb(11, 87, 208)", "600"]))
    };
    wait_until(styled, PROMPTLY, "the banner to be styled").await?;
    assert_no_csp_violation(&visit, "gtag.html").await
}
