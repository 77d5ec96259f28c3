//! Until the config is known, nothing can tell a tracker from a harmless third party: everything third-party that the
//! page tries to load or send waits (fail closed), and what the config does not list goes once it arrives.

use std::time::Duration;

use anyhow::Result;
use consent_e2e::site::{workspace, SiteOptions};
use consent_e2e::wait::{wait_until, PROMPTLY};

use crate::fixture::Visit;

const CONFIG_DELAY: Duration = Duration::from_millis(2500);

#[tokio::test(flavor = "multi_thread")]
async fn third_party_requests_wait_for_a_slow_config_and_unknown_ones_go_once_it_arrives() -> Result<()> {
    let page = std::fs::read_to_string(workspace().join("demo/index.html"))?.replace(
        "<h1>",
        "<script>
           var widget = document.createElement('script');
           widget.src = 'https://cdn.widget-vendor.example/widget.js';
           document.head.appendChild(widget);
           fetch('https://api.widget-vendor.example/ping', { mode: 'no-cors' });
           new Image().src = 'http://ads.localhost:8081/pixel.gif?early=1';
         </script><h1>",
    );
    let options = SiteOptions {
        files: vec![("index.html".into(), page)],
        delays: vec![("/consent.json".into(), CONFIG_DELAY)],
        ..SiteOptions::default()
    };
    let visit = Visit::with(options).await?;
    visit.open("/").await?;
    let config_arrived = std::time::Instant::now() + CONFIG_DELAY;
    // While the config is on its way, nothing third-party has gone out.
    tokio::time::sleep(CONFIG_DELAY / 2).await;
    assert_eq!(visit.tracker_requests(), Vec::<String>::new(), "before the config arrived");
    assert!(std::time::Instant::now() < config_arrived, "the check ran while the config was pending");

    // Once it has, the widget (unknown to the config) goes; the ad pixel (a listed tracker) still waits for consent.
    let widget = || async { Ok(visit.tracker_saw("cdn.widget-vendor.example", "/widget.js")) };
    wait_until(widget, PROMPTLY, "the widget after the config").await?;
    let ping = || async { Ok(visit.tracker_saw("api.widget-vendor.example", "/ping")) };
    wait_until(ping, PROMPTLY, "the widget's request after the config").await?;
    visit.browser.wait_for("[data-consent-banner]").await?;
    assert!(!visit.tracker_saw("ads.localhost", "/pixel.gif"), "the ad pixel waits for consent");

    visit.browser.click("[data-consent-action='accept-all']").await?;
    let pixel = || async { Ok(visit.trackers.requests().iter().any(|r| r.query.contains("early=1"))) };
    wait_until(pixel, PROMPTLY, "the early pixel, released after consent").await
}
