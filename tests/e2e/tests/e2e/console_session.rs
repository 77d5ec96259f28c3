//! What every console e2e test does around its own steps: sign in and open the demo shop's editor, read the draft
//! the JSON editor holds, wait for a field's text, value or the keyboard focus, pick an option, and end with axe in
//! both colour schemes, no console errors and a screenshot of the card under test. One place, so a change to how the
//! console signs in or names its editor is made once.

use anyhow::{Context, Result};
use consent_e2e::site::{workspace, SiteOptions};
use consent_e2e::wait::{wait_until, PROMPTLY};
use serde_json::Value;

use crate::fixture::Visit;
use crate::product_console::{
    no_axe_violations, no_console_errors, press_where, sign_in_and_open_demo_shop, text_of, wait_for_text,
};

/// What the console says when the draft passes every check.
pub(crate) const NO_PROBLEMS: &str = "No problems: the config passes every check.";

/// A browser on an endpoint serving the console, signed in with the admin token, on the demo shop's editor with
/// its live config passing every check.
pub(crate) async fn open_demo_shop_in_console() -> Result<Visit> {
    open_demo_shop_in_console_with(SiteOptions::default()).await
}

/// [`open_demo_shop_in_console`] on an endpoint started with `options` (a vendor list, a region header).
pub(crate) async fn open_demo_shop_in_console_with(options: SiteOptions) -> Result<Visit> {
    let visit = Visit::with(SiteOptions { console: true, ..options }).await?;
    visit.open("/admin/").await?;
    sign_in_and_open_demo_shop(&visit).await?;
    wait_for_text(&visit, NO_PROBLEMS).await?;
    Ok(visit)
}

/// The value of the field `selector` (empty if there is none).
pub(crate) async fn value_of(visit: &Visit, selector: &str) -> Result<String> {
    let value = visit
        .browser
        .js("var e = document.querySelector(arguments[0]); return e ? e.value : '';", vec![selector.into()])
        .await?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}

/// The draft as the JSON editor holds it, read as JSON.
pub(crate) async fn draft(visit: &Visit) -> Result<Value> {
    serde_json::from_str(&value_of(visit, "#config-text").await?).context("the JSON editor holds JSON")
}

/// Waits until the draft's value at `pointer` (a JSON pointer) is `wanted`.
pub(crate) async fn wait_for_draft(visit: &Visit, pointer: &str, wanted: Value) -> Result<()> {
    let seen = || async { Ok(draft(visit).await?.pointer(pointer) == Some(&wanted)) };
    if let Err(e) = wait_until(seen, PROMPTLY, &format!("the draft's {pointer} to be {wanted}")).await {
        return Err(e.context(format!("the draft's {pointer} is {:?}", draft(visit).await?.pointer(pointer))));
    }
    Ok(())
}

/// Waits until the element `selector`'s text (trimmed) is `wanted` (empty: a problem line with no problem).
pub(crate) async fn wait_for_text_at(visit: &Visit, selector: &str, wanted: &str) -> Result<()> {
    let seen = || async { Ok(text_of(visit, selector).await?.trim() == wanted) };
    if let Err(e) = wait_until(seen, PROMPTLY, &format!("{selector} to say \"{wanted}\"")).await {
        return Err(e.context(format!("{selector} says \"{}\"", text_of(visit, selector).await?)));
    }
    Ok(())
}

/// The id of the element that has the keyboard focus.
pub(crate) async fn focused(visit: &Visit) -> Result<String> {
    let id = visit.browser.js("return document.activeElement ? document.activeElement.id : '';", vec![]).await?;
    Ok(id.as_str().unwrap_or_default().to_owned())
}

/// Waits until the element `id` has the keyboard focus, as an edit that moves, adds or removes a row promises.
pub(crate) async fn wait_for_focus(visit: &Visit, id: &str) -> Result<()> {
    let seen = || async { Ok(focused(visit).await? == id) };
    if let Err(e) = wait_until(seen, PROMPTLY, &format!("the focus on #{id}")).await {
        return Err(e.context(format!("the focus is on #{}", focused(visit).await?)));
    }
    Ok(())
}

/// Clicks the button whose accessible name (its whole text, hidden words included) is `name`.
pub(crate) async fn press_named(visit: &Visit, name: &str) -> Result<()> {
    press_where(visit, name, "b.textContent.replace(/\\s+/g, ' ').trim()").await
}

/// Clicks the element `selector` once it is scrolled to the middle of the window, as a person brings what they click
/// into view: the site page's draft bar stays at the top of the window and covers what sits right under it.
pub(crate) async fn click_in_view(visit: &Visit, selector: &str) -> Result<()> {
    visit.browser.wait_for(selector).await?;
    visit
        .browser
        .js("document.querySelector(arguments[0]).scrollIntoView({ block: 'center' });", vec![selector.into()])
        .await?;
    visit.browser.click(selector).await
}

/// Picks `value` in the select `selector`, as a person choosing an option does (the browser fires `input`, then
/// `change`).
pub(crate) async fn choose(visit: &Visit, selector: &str, value: &str) -> Result<()> {
    visit
        .browser
        .js(
            "var s = document.querySelector(arguments[0]); s.focus(); s.value = arguments[1];
             s.dispatchEvent(new Event('input', { bubbles: true }));
             s.dispatchEvent(new Event('change', { bubbles: true }));",
            vec![selector.into(), value.into()],
        )
        .await?;
    Ok(())
}

/// Fails with the axe violations of the whole console in light and in dark (`what` names the state), or with the
/// page's console errors; then saves the card `section` (a selector), scrolled into view, as
/// `screenshots/console-{name}.png`.
pub(crate) async fn clean_and_screenshot(visit: &Visit, what: &str, section: &str, name: &str) -> Result<()> {
    no_axe_violations(visit, what).await?;
    no_console_errors(visit).await?;
    screenshot_of(visit, section, name).await
}

/// Saves the window with the element `selector` scrolled to its top (below the draft bar) as
/// `screenshots/console-{name}.png`.
pub(crate) async fn screenshot_of(visit: &Visit, selector: &str, name: &str) -> Result<()> {
    visit
        .browser
        .js(
            "document.activeElement.blur(); document.querySelector(arguments[0]).scrollIntoView();",
            vec![selector.into()],
        )
        .await?;
    let path = workspace().join("screenshots").join(format!("console-{name}.png"));
    std::fs::write(&path, visit.browser.screenshot().await?).with_context(|| format!("writing {}", path.display()))
}

/// Fails with axe's violations or the page's console errors as [`clean_and_screenshot`] does, then saves the card
/// `section` whole, as `screenshots/console-{name}.png`: the window is made tall enough for it (at the same width)
/// for the shot, then put back, so a form longer than the window is reviewed whole.
pub(crate) async fn clean_and_screenshot_whole(visit: &Visit, what: &str, section: &str, name: &str) -> Result<()> {
    no_axe_violations(visit, what).await?;
    no_console_errors(visit).await?;
    let client = &visit.browser.client;
    let (width, height) = client.get_window_size().await?;
    let needed = visit
        .browser
        .js(
            "var card = document.querySelector(arguments[0]).getBoundingClientRect();
             return Math.ceil(card.height) + 120 + (window.outerHeight - window.innerHeight);",
            vec![section.into()],
        )
        .await?;
    let needed = needed.as_u64().and_then(|px| u32::try_from(px).ok()).context("the card's height")?;
    client.set_window_size(u32::try_from(width)?, needed.max(u32::try_from(height)?)).await?;
    let saved = screenshot_of(visit, section, name).await;
    client.set_window_size(u32::try_from(width)?, u32::try_from(height)?).await?;
    saved
}
