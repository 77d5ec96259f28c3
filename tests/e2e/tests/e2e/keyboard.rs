//! Driving the banner as a keyboard-only visitor does: real key presses through WebDriver actions (Tab, Shift+Tab,
//! Enter, Space, Escape), and what has focus after each.

use anyhow::{bail, Result};
use consent_e2e::browser::Browser;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;

/// Presses and releases `key`, with Shift held if `shift`.
pub async fn press_with(browser: &Browser, key: Key, shift: bool) -> Result<()> {
    let mut keys = KeyActions::new("keyboard".into());
    if shift {
        keys = keys.then(KeyAction::Down { value: Key::Shift.into() });
    }
    keys = keys.then(KeyAction::Down { value: key.into() }).then(KeyAction::Up { value: key.into() });
    if shift {
        keys = keys.then(KeyAction::Up { value: Key::Shift.into() });
    }
    browser.client.perform_actions(keys).await?;
    Ok(())
}

/// Presses and releases `key`.
pub async fn press(browser: &Browser, key: Key) -> Result<()> {
    press_with(browser, key, false).await
}

/// Types `text` into the focused element, key by key, as a keyboard user types into a field.
pub async fn type_keys(browser: &Browser, text: &str) -> Result<()> {
    browser.client.active_element().await?.send_keys(text).await?;
    Ok(())
}

/// Whether the focused element matches `selector`.
pub async fn focus_is(browser: &Browser, selector: &str) -> Result<bool> {
    let found =
        browser.in_banner("var a = active(); return !!(a && a.matches(arguments[0]));", vec![selector.into()]).await?;
    Ok(found.as_bool().unwrap_or(false))
}

/// A short description of the focused element, for assertions and failure messages: its `data-consent-*` hook, its
/// id, or its tag and text.
pub async fn focused(browser: &Browser) -> Result<String> {
    let described = browser
        .in_banner(
            r#"var a = active();
               if (!a) return 'nothing';
               var hook = ['data-consent-action', 'data-consent-category', 'data-consent-service']
                   .filter(function (n) { return a.hasAttribute(n); })
                   .map(function (n) { return n + '=' + a.getAttribute(n); })[0];
               return hook || (a.id ? '#' + a.id : a.tagName.toLowerCase() + ' ' + a.textContent.trim().slice(0, 40));"#,
            vec![],
        )
        .await?;
    Ok(described.as_str().unwrap_or_default().to_owned())
}

/// Presses Tab until `selector` has focus, as a keyboard-only visitor would, and fails if it is not reached within
/// `limit` presses (it is then not in the Tab order, or behind a focus trap).
pub async fn tab_to(browser: &Browser, selector: &str, limit: usize) -> Result<()> {
    let mut path = Vec::new();
    for _ in 0..limit {
        if focus_is(browser, selector).await? {
            return Ok(());
        }
        press(browser, Key::Tab).await?;
        path.push(focused(browser).await?);
    }
    if focus_is(browser, selector).await? {
        return Ok(());
    }
    bail!("`{selector}` was not reached in {limit} presses of Tab; focus went {path:?}")
}
