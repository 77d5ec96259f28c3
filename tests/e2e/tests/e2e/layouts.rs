//! Where the first layer sits (`"layout"` in the config): across the bottom ("bar", the default), in the bottom
//! corner ("box") or in the middle over a backdrop ("modal"). In every layout the three answers are in view, look
//! alike, are reached with the keyboard, and axe finds nothing. The bar and the box leave the page usable (Tab goes
//! on to the page, and the focused element is never under them); the modal keeps focus inside until an answer.

use anyhow::Result;
use consent_e2e::wait::{wait_until, PROMPTLY};
use fantoccini::key::Key;
use serde_json::{json, Value};

use crate::accessibility::{assert_no_violations, assert_the_first_layer_never_hides_the_focused_element, at_viewport};
use crate::fixture::Visit;
use crate::keyboard::{focus_is, focused, press, press_with, tab_to};
use crate::ui_fixture::{demo_config_with, new_choice, visit_with};

const BANNER: &str = "[data-consent-banner]";

/// The demo site with `"layout": layout`, opened at a 1280 × 800 viewport, its first layer shown and focused.
async fn first_layer_in(layout: &str) -> Result<Visit> {
    let config = demo_config_with(|c| c["layout"] = json!(layout))?;
    let visit = visit_with(vec![], Some(config)).await?;
    at_viewport(&visit, 1280, 800, 1.0).await?;
    visit.open("/").await?;
    visit.browser.wait_for(BANNER).await?;
    wait_until(|| focus_is(&visit.browser, BANNER), PROMPTLY, "the first layer to take focus").await?;
    Ok(visit)
}

/// Where the first layer is (its distance from each edge of the viewport, scroll bar excluded, and its width, in CSS
/// pixels), whether it
/// says it is modal, and whether a backdrop covers the page (what is at the viewport's top left corner).
async fn placement(visit: &Visit) -> Result<Value> {
    visit
        .browser
        .in_banner(
            "var b = root.querySelector(arguments[0]), r = b.getBoundingClientRect();
             var corner = root.elementFromPoint(2, 2), view = document.documentElement;
             return { left: Math.round(r.left), right: Math.round(view.clientWidth - r.right), top: Math.round(r.top),
                      bottom: Math.round(view.clientHeight - r.bottom), width: Math.round(r.width),
                      modal: b.getAttribute('aria-modal'),
                      backdrop: !!corner && corner.classList.contains('cb-backdrop'),
                      layout: banner.getAttribute('data-layout') };",
            vec![BANNER.into()],
        )
        .await
}

/// Fails unless the three answers are inside the viewport and alike in size, weight and colours.
async fn assert_three_equal_answers_in_view(visit: &Visit) -> Result<()> {
    let looks = visit
        .browser
        .in_banner(
            "return Array.from(root.querySelectorAll('[data-consent-banner] .cb-actions button')).map(function (b) {
                 var r = b.getBoundingClientRect(), s = getComputedStyle(b);
                 var view = document.documentElement;
                 var inView = r.top >= 0 && r.left >= 0 && r.bottom <= view.clientHeight && r.right <= view.clientWidth;
                 return [inView, Math.round(r.width), Math.round(r.height), s.fontWeight, s.fontSize, s.color,
                         s.backgroundColor, s.borderTopColor];
             });",
            vec![],
        )
        .await?;
    let looks = looks.as_array().cloned().unwrap_or_default();
    assert_eq!(looks.len(), 3, "three answers: {looks:?}");
    assert!(looks.iter().all(|l| l == &looks[0] && l[0] == true), "in view and alike: {looks:?}");
    Ok(())
}

/// Answers "Reject all" with the keyboard alone, from wherever focus is (on the page, Tab goes round it first), and
/// checks that it was recorded.
async fn reject_all_by_keyboard(visit: &Visit) -> Result<()> {
    tab_to(&visit.browser, "[data-consent-banner] [data-consent-action='reject-all']", 30).await?;
    press(&visit.browser, Key::Enter).await?;
    let choice = new_choice(visit, None).await?;
    assert_eq!(choice.granted.iter().map(|c| c.as_str()).collect::<Vec<_>>(), ["necessary"]);
    visit.browser.wait_gone(BANNER).await
}

/// Fails unless Tab from the first layer's last answer moves on to the page: a non-modal first layer traps nothing.
async fn assert_tab_leaves_for_the_page(visit: &Visit) -> Result<()> {
    tab_to(&visit.browser, "[data-consent-banner] [data-consent-action='customise']", 10).await?;
    press(&visit.browser, Key::Tab).await?;
    let outside = visit.browser.in_banner("return !root.contains(active());", vec![]).await?;
    assert_eq!(outside, true, "Tab went on to the page, not to {}", focused(&visit.browser).await?);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_bar_sits_centred_across_the_bottom_and_leaves_the_page_usable() -> Result<()> {
    let visit = first_layer_in("bar").await?;
    let at = placement(&visit).await?;
    assert_eq!((&at["layout"], &at["modal"], &at["backdrop"]), (&json!("bar"), &json!("false"), &json!(false)));
    assert_eq!(at["bottom"], 15, "1em above the bottom edge: {at}");
    assert!((at["left"].as_i64().unwrap_or(0) - at["right"].as_i64().unwrap_or(-9)).abs() <= 1, "centred: {at}");
    assert!(at["width"].as_i64().unwrap_or(0) >= 800, "across the page, up to a readable line: {at}");
    assert_three_equal_answers_in_view(&visit).await?;
    assert_no_violations(&visit, "bar").await?;
    assert_tab_leaves_for_the_page(&visit).await?;
    reject_all_by_keyboard(&visit).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_box_sits_in_the_bottom_right_corner_and_leaves_the_page_usable() -> Result<()> {
    let visit = first_layer_in("box").await?;
    let at = placement(&visit).await?;
    assert_eq!((&at["layout"], &at["modal"], &at["backdrop"]), (&json!("box"), &json!("false"), &json!(false)));
    assert_eq!((&at["right"], &at["bottom"]), (&json!(15), &json!(15)), "in the corner: {at}");
    assert_eq!(at["width"], 360, "24em wide: {at}");
    assert_three_equal_answers_in_view(&visit).await?;
    assert_no_violations(&visit, "box").await?;
    assert_tab_leaves_for_the_page(&visit).await?;
    reject_all_by_keyboard(&visit).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_box_never_hides_the_focused_element_of_the_page() -> Result<()> {
    let config = demo_config_with(|c| c["layout"] = json!("box"))?;
    let visit = visit_with(vec![], Some(config)).await?;
    // A phone's width, where the box spans the page like a bar.
    at_viewport(&visit, 375, 700, 1.0).await?;
    visit.open("/").await?;
    assert_the_first_layer_never_hides_the_focused_element(&visit).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_modal_sits_in_the_middle_over_a_backdrop_and_keeps_focus_until_an_answer() -> Result<()> {
    let visit = first_layer_in("modal").await?;
    let at = placement(&visit).await?;
    assert_eq!((&at["layout"], &at["modal"], &at["backdrop"]), (&json!("modal"), &json!("true"), &json!(true)));
    let gap = |a: &str, b: &str| (at[a].as_i64().unwrap_or(0) - at[b].as_i64().unwrap_or(-9)).abs();
    assert!(gap("left", "right") <= 1 && gap("top", "bottom") <= 1, "centred: {at}");
    assert_three_equal_answers_in_view(&visit).await?;
    assert_no_violations(&visit, "modal").await?;

    // Tab and Shift+Tab go round the first layer's controls and never reach the page.
    for shift in [false, true] {
        for _ in 0..8 {
            press_with(&visit.browser, Key::Tab, shift).await?;
            let place = focused(&visit.browser).await?;
            assert!(focus_is(&visit.browser, "[data-consent-banner] *").await?, "focus left the modal for {place}");
        }
    }
    // Escape is no answer: the modal stays.
    press(&visit.browser, Key::Escape).await?;
    assert_eq!(visit.browser.count("[data-consent-banner]:not([hidden])").await?, 1, "Escape does not close it");
    reject_all_by_keyboard(&visit).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_preferences_open_over_the_modal_and_escape_brings_it_back() -> Result<()> {
    let visit = first_layer_in("modal").await?;
    tab_to(&visit.browser, "[data-consent-banner] [data-consent-action='customise']", 10).await?;
    press(&visit.browser, Key::Enter).await?;
    visit.browser.wait_for("[data-consent-preferences]").await?;
    let backdrops = "return Array.from(root.querySelectorAll('.cb-backdrop:not([hidden])')).length;";
    assert_eq!(visit.browser.in_banner(backdrops, vec![]).await?, 1, "one backdrop: the modal's is hidden with it");
    press(&visit.browser, Key::Escape).await?;
    visit.browser.wait_gone("[data-consent-preferences]").await?;
    let back = "[data-consent-banner] [data-consent-action='customise']";
    wait_until(|| focus_is(&visit.browser, back), PROMPTLY, "focus back on Customise").await?;
    assert_eq!(placement(&visit).await?["backdrop"], true, "the modal's backdrop is back");
    Ok(())
}
