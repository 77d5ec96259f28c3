//! Pictures of every state of the banner for a person to review: the first layer, the preferences and the policy view,
//! light and dark, at a phone's 375 px and a desktop's 1280 px, and the first layer in each layout at 1280 px, light.
//! They are written to `screenshots/` at the repository root, which `screenshots/README.md` describes (the PNG files
//! themselves are not committed: every test run makes them afresh).

use std::path::PathBuf;

use anyhow::{ensure, Context, Result};
use consent_e2e::site::workspace;
use consent_e2e::wait::{wait_until, PROMPTLY};
use serde_json::json;

use crate::accessibility::at_viewport;
use crate::axe::color_scheme;
use crate::fixture::Visit;
use crate::keyboard::focus_is;
use crate::ui_fixture::{demo_config_with, visit_with};

/// A phone (an iPhone's 375 × 812) and a desktop.
const SIZES: [(u32, u32); 2] = [(375, 812), (1280, 800)];

/// Where the pictures go.
fn folder() -> PathBuf {
    workspace().join("screenshots")
}

/// Saves what the browser shows now as `screenshots/{name}.png`, and returns the file's path.
async fn save(visit: &Visit, name: &str) -> Result<PathBuf> {
    let path = folder().join(format!("{name}.png"));
    std::fs::write(&path, visit.browser.screenshot().await?).with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}

/// Clicks a control of the banner from a script, which leaves the pointer where it was: a real click would leave it
/// over the next layer, which would then be pictured hovered.
async fn press_in_banner(visit: &Visit, selector: &str) -> Result<()> {
    visit.browser.wait_for(selector).await?;
    visit.browser.in_banner("root.querySelector(arguments[0]).click();", vec![selector.into()]).await?;
    Ok(())
}

/// Waits until `layer` has focus (it takes focus once it is drawn), then one more frame, so that the picture shows
/// it settled.
async fn settled(visit: &Visit, layer: &str) -> Result<()> {
    wait_until(|| focus_is(&visit.browser, layer), PROMPTLY, &format!("{layer} to take focus")).await?;
    let frame = "var done = arguments[arguments.length - 1]; requestAnimationFrame(function () { done(); });";
    visit.browser.client.execute_async(frame, vec![]).await?;
    Ok(())
}

/// The first layer, the policy view opened from it, and the preferences, in one scheme at one size.
async fn capture_states(scheme: &str, (width, height): (u32, u32)) -> Result<Vec<(PathBuf, u32)>> {
    let visit = Visit::demo().await?;
    at_viewport(&visit, width, height, 1.0).await?;
    color_scheme(&visit.browser, scheme).await?;
    visit.open("/").await?;
    let mut saved = Vec::new();
    settled(&visit, "[data-consent-banner]").await?;
    saved.push((save(&visit, &format!("first-layer-{scheme}-{width}")).await?, width));
    press_in_banner(&visit, "[data-consent-banner] [data-consent-action='policy']").await?;
    settled(&visit, "[data-consent-policy]").await?;
    saved.push((save(&visit, &format!("policy-{scheme}-{width}")).await?, width));
    press_in_banner(&visit, "[data-consent-policy] [data-consent-action='back']").await?;
    press_in_banner(&visit, "[data-consent-banner] [data-consent-action='customise']").await?;
    settled(&visit, "[data-consent-preferences]").await?;
    saved.push((save(&visit, &format!("preferences-{scheme}-{width}")).await?, width));
    Ok(saved)
}

/// The first layer in `layout`, light, on a desktop.
async fn capture_layout(layout: &str) -> Result<(PathBuf, u32)> {
    let visit = visit_with(vec![], Some(demo_config_with(|c| c["layout"] = json!(layout))?)).await?;
    let (width, height) = SIZES[1];
    at_viewport(&visit, width, height, 1.0).await?;
    color_scheme(&visit.browser, "light").await?;
    visit.open("/").await?;
    settled(&visit, "[data-consent-banner]").await?;
    Ok((save(&visit, &format!("layout-{layout}-{width}")).await?, width))
}

/// The width of a PNG image, read from its header; `None` if the bytes are not a PNG.
fn png_width(bytes: &[u8]) -> Option<u32> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    // The signature, then the IHDR chunk: length (4 bytes), type (4), width (4, big-endian).
    if !bytes.starts_with(SIGNATURE) || bytes.get(12..16) != Some(b"IHDR") {
        return None;
    }
    Some(u32::from_be_bytes(bytes.get(16..20)?.try_into().ok()?))
}

#[tokio::test(flavor = "multi_thread")]
async fn every_state_is_captured_for_review() -> Result<()> {
    std::fs::create_dir_all(folder())?;
    let mut saved = Vec::new();
    for scheme in ["light", "dark"] {
        for size in SIZES {
            saved.extend(capture_states(scheme, size).await?);
        }
    }
    for layout in ["bar", "box", "modal"] {
        saved.push(capture_layout(layout).await?);
    }
    assert_eq!(saved.len(), 15, "3 states × 2 schemes × 2 sizes, and 3 layouts");
    for (path, width) in saved {
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        ensure!(bytes.len() > 1000, "{} is nearly empty ({} bytes)", path.display(), bytes.len());
        ensure!(png_width(&bytes) == Some(width), "{} is not a PNG {width} px wide", path.display());
    }
    Ok(())
}

#[test]
fn the_png_check_reads_the_width_and_refuses_what_is_not_a_png() {
    let mut header = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    header.extend(375u32.to_be_bytes());
    assert_eq!(png_width(&header), Some(375));
    assert_eq!(png_width(b"GIF89a, not a PNG at all"), None);
}
