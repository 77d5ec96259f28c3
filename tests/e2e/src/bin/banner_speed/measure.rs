//! One visitor, measured: a first visit in a fresh browser profile (when the banner shows, what the page weighs),
//! then, after "Reject all", the same page opened again in the same browser (when its DOM is ready, what it weighs
//! now that the browser has a cache and a stored choice).

use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use consent_e2e::browser::Browser;
use consent_e2e::wait::{wait_for, wait_until};
use serde_json::{json, Value};
use tracker_recorder::Recorder;

use crate::contender::{Contender, PAGE};
use crate::deployment::Site;
use crate::profile::Profile;

/// How long a banner may take before the visit counts as failed: a throttled WASM banner takes seconds, not this.
const BANNER_TIMEOUT: Duration = Duration::from_secs(60);
/// A page counts as loaded once its `load` event has fired and no request has finished for this long. Resource
/// timing lists a request only when it ends, so this is how we know a late one is not still on the way.
const QUIET: Duration = Duration::from_secs(1);
/// Where the banner's send queue is kept: a choice still waiting in it would load the banner again on the next page.
const SEND_QUEUE_KEY: &str = "consent_banner_queue";

/// What one visitor's two page views measured.
#[derive(Debug, Clone)]
pub struct Visit {
    /// Milliseconds from the start of navigation until the first layer was visible; `None` where there is no banner.
    pub banner_ms: Option<f64>,
    pub first: PageView,
    pub returning: PageView,
    /// How long a fixed loop took in the first page, in ms: shows that CPU throttling applies.
    pub cpu_check_ms: f64,
}

/// One page view as the page's own Performance API saw it.
#[derive(Debug, Clone)]
pub struct PageView {
    /// `domContentLoadedEventEnd`, ms from the start of navigation.
    pub dom_content_loaded_ms: f64,
    /// When the document's last byte arrived (`responseEnd`), ms from the start of navigation: shows that network
    /// throttling applies.
    pub document_ms: f64,
    /// The document and every same-origin resource (cross-origin tracker hosts send no timing and are not counted).
    pub resources: Vec<Resource>,
}

/// A response as resource timing reports it.
#[derive(Debug, Clone)]
pub struct Resource {
    pub url: String,
    /// Bytes on the wire, headers included: 0 when it came from the cache unasked, a few hundred for a `304`.
    pub transfer: u64,
    /// The body as sent (compressed, if it was) and as used.
    pub encoded: u64,
    pub decoded: u64,
}

impl PageView {
    /// Bytes on the wire for the document and its same-origin resources.
    pub fn bytes(&self) -> u64 {
        self.resources.iter().map(|r| r.transfer).sum()
    }

    /// How many of them were fetched over the network (not taken from the cache without asking).
    pub fn network_requests(&self) -> usize {
        self.resources.iter().filter(|r| r.transfer > 0).count()
    }
}

/// Runs in every new document before its scripts: finds the first layer (in the page or an open shadow root) every
/// frame and notes the first moment it has a size and is more opaque than not (a banner fading in counts once it is
/// half there).
fn probe(selector: &str) -> String {
    format!(
        r#"(() => {{
  const deep = (root) => {{
    const hit = root.querySelector({selector:?});
    if (hit) return hit;
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) {{ const inner = deep(el.shadowRoot); if (inner) return inner; }}
    return null;
  }};
  window.__bannerShown = null;
  const tick = () => {{
    const el = document.documentElement && deep(document);
    if (el) {{
      const box = el.getBoundingClientRect(), style = getComputedStyle(el);
      if (box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && parseFloat(style.opacity) > 0.5) {{
        window.__bannerShown = performance.now();
        return;
      }}
    }}
    requestAnimationFrame(tick);
  }};
  requestAnimationFrame(tick);
}})();"#
    )
}

/// The document's and same-origin resources' timing entries.
const PAGE_VIEW: &str = "const nav = performance.getEntriesByType('navigation')[0];
const entry = (e) => ({ url: e.name, transfer: e.transferSize, encoded: e.encodedBodySize, decoded: e.decodedBodySize });
const same = performance.getEntriesByType('resource').filter((e) => new URL(e.name).origin === location.origin);
return { dcl: nav.domContentLoadedEventEnd, document: nav.responseEnd, entries: [entry(nav), ...same.map(entry)] };";

/// Whether the page has loaded and how many requests have finished so far.
const LOAD_STATE: &str =
    "return [document.readyState === 'complete', performance.getEntriesByType('resource').length];";

/// A fixed amount of script work, timed.
const CPU_CHECK: &str = "const start = performance.now(); let x = 0; for (let i = 0; i < 3e6; i++) x += Math.sqrt(i); \
     return [performance.now() - start, x];";

/// One visitor to `contender`'s page on `site` under `profile`, in a fresh browser.
pub async fn visit(site: &Site, recorder: &Recorder, contender: Contender, profile: Profile) -> Result<Visit> {
    let browser = Browser::start(recorder.addr()).await?;
    profile.apply(&browser).await?;
    let ui = contender.ui();
    let probe_id = match ui {
        Some(ui) => {
            let added =
                browser.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": probe(ui.banner) })).await?;
            Some(added["identifier"].clone())
        }
        None => None,
    };
    let url = site.url(&format!("/{PAGE}"));
    browser.open(&url).await?;
    let banner_ms = match ui {
        Some(_) => Some(
            wait_for(
                || async { Ok(browser.js("return window.__bannerShown;", vec![]).await?.as_f64()) },
                BANNER_TIMEOUT,
                "the banner to appear",
            )
            .await?,
        ),
        None => None,
    };
    settle(&browser).await?;
    let first = page_view(&browser).await?;
    let cpu_check_ms = browser.js(CPU_CHECK, vec![]).await?[0].as_f64().context("the CPU check's time")?;

    if let (Some(ui), Some(cookie)) = (ui, contender.choice_cookie()) {
        browser.click(ui.reject_all).await?;
        wait_until(|| async { stored(&browser, cookie).await }, BANNER_TIMEOUT, "the choice to be stored").await?;
    }
    if let Some(identifier) = probe_id {
        browser.cdp("Page.removeScriptToEvaluateOnNewDocument", json!({ "identifier": identifier })).await?;
    }
    // The visitor leaves and comes back, so the first page goes through `pagehide` (where ours hands unsent choices
    // to `sendBeacon`) as it would in life.
    browser.open("about:blank").await?;
    browser.open(&url).await?;
    settle(&browser).await?;
    let returning = page_view(&browser).await?;
    Ok(Visit { banner_ms, first, returning, cpu_check_ms })
}

/// Whether the choice is stored (its cookie is set) and, for ours, acknowledged or dropped by the endpoint (nothing
/// left in the send queue), so the next page view starts from a settled choice.
async fn stored(browser: &Browser, cookie: &str) -> Result<bool> {
    let script = "return document.cookie.split('; ').some((c) => c.startsWith(arguments[0] + '=')) \
                  && !localStorage.getItem(arguments[1]);";
    let value = browser.js(script, vec![cookie.into(), SEND_QUEUE_KEY.into()]).await?;
    Ok(value.as_bool().unwrap_or(false))
}

/// Waits for the `load` event and then for [`QUIET`] without a request finishing.
async fn settle(browser: &Browser) -> Result<()> {
    let deadline = Instant::now() + BANNER_TIMEOUT;
    let mut last: Option<(u64, Instant)> = None;
    loop {
        let state = browser.js(LOAD_STATE, vec![]).await?;
        let loaded = state[0].as_bool().unwrap_or(false);
        let finished = state[1].as_u64().context("the number of resource entries")?;
        match last {
            Some((count, since)) if loaded && count == finished && since.elapsed() >= QUIET => return Ok(()),
            Some((count, _)) if count == finished && loaded => {}
            _ => last = Some((finished, Instant::now())),
        }
        if Instant::now() >= deadline {
            bail!("the page was still loading after {BANNER_TIMEOUT:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn page_view(browser: &Browser) -> Result<PageView> {
    let value = browser.js(PAGE_VIEW, vec![]).await?;
    let number = |v: &Value, key: &str| v[key].as_f64().with_context(|| format!("timing field {key} in {v}"));
    let resources = value["entries"]
        .as_array()
        .context("the timing entries")?
        .iter()
        .map(|e| {
            Ok(Resource {
                url: e["url"].as_str().unwrap_or_default().to_owned(),
                transfer: number(e, "transfer")? as u64,
                encoded: number(e, "encoded")? as u64,
                decoded: number(e, "decoded")? as u64,
            })
        })
        .collect::<Result<_>>()?;
    Ok(PageView { dom_content_loaded_ms: number(&value, "dcl")?, document_ms: number(&value, "document")?, resources })
}
