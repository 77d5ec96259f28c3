//! Auto-blocking, as a hurried site owner relies on it: trackers the config does not list are held all the same,
//! under the site's category for what they do, because the tracker database knows their hosts; released when that
//! category is granted and held again when it is withdrawn. Hosts the site allows and CDNs are never held.

use anyhow::Result;
use consent_e2e::site::{workspace, SiteOptions};
use consent_e2e::wait::{settle, wait_until, PROMPTLY};
use serde_json::{json, Value};

use crate::fixture::Visit;

/// Requests page code makes (`send()`, once on load): none of these hosts is in the demo config's services.
const PAGE: &str = r##"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Unlisted trackers</title>
  <link rel="icon" href="data:,">
  <script src="/consent/consent-boot.js" data-config="/consent.json" data-endpoint="/"></script>
  <script>
    window.send = function (round) {
      // Our catalog's Microsoft Clarity (analytics), unlisted.
      fetch('https://www.clarity.ms/collect?round=' + round, { mode: 'no-cors' }).catch(function () {});
      // Known only from the open data set: Taboola (advertising -> marketing).
      new Image().src = 'https://trc.taboola.com/pixel.gif?round=' + round;
      // Our catalog's Microsoft Advertising (marketing), moved to analytics by the config.
      new Image().src = 'https://bat.bing.com/action/0?round=' + round;
      // Intercom (a chat widget: functional), which the config allows.
      new Image().src = 'https://widget.intercom.io/ping.gif?round=' + round;
      // A CDN: never held.
      fetch('https://cdn.jsdelivr.net/npm/lib.js?round=' + round, { mode: 'no-cors' }).catch(function () {});
    };
    send('load');
  </script>
</head>
<body><h1>A page whose owner listed none of these</h1><a href="#" data-consent-open>Cookie settings</a></body>
</html>"##;

async fn visit() -> Result<Visit> {
    let mut config: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(workspace().join("demo/consent.json"))?)?;
    config["auto_blocking"] = json!({"allow": ["widget.intercom.io"], "hosts": {"bat.bing.com": "analytics"}});
    Visit::with(SiteOptions {
        config: Some(config.to_string()),
        files: vec![("unlisted.html".into(), PAGE.into())],
        ..SiteOptions::default()
    })
    .await
}

/// The hosts of the round's requests that reached the trackers, sorted.
fn reached(visit: &Visit, round: &str) -> Vec<String> {
    let mut hosts: Vec<String> = visit
        .trackers
        .requests()
        .into_iter()
        .filter(|r| r.query.contains(&format!("round={round}")))
        .map(|r| r.host)
        .collect();
    hosts.sort();
    hosts.dedup();
    hosts
}

async fn wait_for_hosts(visit: &Visit, round: &str, hosts: &[&str]) -> Result<()> {
    let all_there = || async { Ok(hosts.iter().all(|host| reached(visit, round).contains(&(*host).to_owned()))) };
    wait_until(all_there, PROMPTLY, &format!("{hosts:?} in round {round}")).await?;
    settle().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn unlisted_trackers_are_held_by_category_released_when_granted_and_held_again_on_withdrawal() -> Result<()> {
    let visit = visit().await?;
    visit.open("/unlisted.html").await?;
    visit.browser.wait_for("[data-consent-banner]").await?;
    // Before any choice: only the allowed host and the CDN.
    wait_for_hosts(&visit, "load", &["cdn.jsdelivr.net", "widget.intercom.io"]).await?;
    assert_eq!(reached(&visit, "load"), ["cdn.jsdelivr.net", "widget.intercom.io"], "before any choice");

    // The preferences name what each category would release besides the config's services.
    visit.browser.click("[data-consent-action='customise']").await?;
    // Opened by the banner, which the painted first layer loads for it.
    visit.browser.wait_for("[data-consent-preferences]").await?;
    let found = visit
        .browser
        .in_banner(
            "return Array.from(root.querySelectorAll('.cb-category')).map(function (li) {
                 return [li.querySelector('[data-consent-category]').getAttribute('data-consent-category'),
                         Array.from(li.querySelectorAll('[data-consent-found-tracker]'))
                             .map(function (t) { return t.textContent; })];
             });",
            vec![],
        )
        .await?;
    assert_eq!(
        found,
        json!([
            ["necessary", []],
            ["analytics", ["Microsoft Clarity (www.clarity.ms)", "Microsoft Advertising (UET) (bat.bing.com)"]],
            ["marketing", ["Taboola (trc.taboola.com)"]]
        ])
    );

    // For a person to look at: screenshots/preferences-also-found-light-1280.png.
    visit
        .browser
        .in_banner("root.querySelector('[data-consent-found]').scrollIntoView({block: 'center'});", vec![])
        .await?;
    let picture = workspace().join("screenshots/preferences-also-found-light-1280.png");
    std::fs::write(&picture, visit.browser.screenshot().await?)?;

    // Analytics only: the unlisted catalog tracker and the host moved to analytics go; the ad network waits.
    visit.browser.click("input[data-consent-category='analytics']").await?;
    visit.browser.click("[data-consent-action='save']").await?;
    wait_for_hosts(&visit, "load", &["www.clarity.ms", "bat.bing.com"]).await?;
    assert!(!reached(&visit, "load").contains(&"trc.taboola.com".to_owned()), "marketing was not granted");
    // The proof of consent names what the visitor was shown besides the config's services, and what it meant.
    let record = visit.recorded().await?;
    let found: Value = serde_json::from_str(&record.found_trackers)?;
    let summary: Vec<_> = found
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| format!("{} [{}] {}: {}", t["name"].as_str().unwrap_or("?"), t["category"], t["hosts"], t["decision"]))
        .collect();
    assert_eq!(
        summary,
        [
            r#"Microsoft Clarity ["analytics"] ["www.clarity.ms"]: "granted""#,
            r#"Taboola ["marketing"] ["trc.taboola.com"]: "denied""#,
            r#"Microsoft Advertising (UET) ["analytics"] ["bat.bing.com"]: "granted""#,
        ]
    );

    // Marketing too: the tracker known only from the open data set goes.
    visit.browser.js("consentBanner.acceptCategories('all');", vec![]).await?;
    wait_for_hosts(&visit, "load", &["trc.taboola.com"]).await?;

    // Withdrawn: the page's next requests to every tracker are held again.
    visit.browser.js("consentBanner.showPreferences();", vec![]).await?;
    visit.browser.click("[data-consent-preferences] [data-consent-action='reject-all']").await?;
    visit.browser.wait_gone("[data-consent-preferences]").await?;
    visit.browser.js("send('after-withdrawal');", vec![]).await?;
    wait_for_hosts(&visit, "after-withdrawal", &["cdn.jsdelivr.net", "widget.intercom.io"]).await?;
    assert_eq!(reached(&visit, "after-withdrawal"), ["cdn.jsdelivr.net", "widget.intercom.io"], "after withdrawal");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn reject_all_keeps_unlisted_trackers_held_and_a_returning_visit_too() -> Result<()> {
    let visit = visit().await?;
    visit.open("/unlisted.html").await?;
    visit.browser.click("[data-consent-action='reject-all']").await?;
    visit.browser.wait_gone("[data-consent-banner]").await?;
    visit.browser.js("send('after-reject');", vec![]).await?;
    wait_for_hosts(&visit, "after-reject", &["cdn.jsdelivr.net", "widget.intercom.io"]).await?;
    assert_eq!(reached(&visit, "after-reject"), ["cdn.jsdelivr.net", "widget.intercom.io"]);

    visit.trackers.clear();
    visit.open("/unlisted.html").await?;
    wait_for_hosts(&visit, "load", &["cdn.jsdelivr.net", "widget.intercom.io"]).await?;
    assert_eq!(reached(&visit, "load"), ["cdn.jsdelivr.net", "widget.intercom.io"], "the returning visit");
    Ok(())
}

/// Regression test: withdrawal deleted only the cookies of the services the config lists, so a tracker that
/// auto-blocking held and then released (Hotjar on a site whose owner listed only the Google tag and YouTube) kept its
/// cookies. Its catalog entry names them.
#[tokio::test(flavor = "multi_thread")]
async fn withdrawal_deletes_the_cookies_of_an_unlisted_catalog_tracker() -> Result<()> {
    let corpus = workspace().join("tests/e2e/fixtures/corpus");
    let owner_config = workspace().join("tests/e2e/fixtures/leak-bench/owner-config/consent-banner/consent.json");
    let visit = Visit::with(SiteOptions {
        config: Some(std::fs::read_to_string(owner_config)?),
        files: vec![("hotjar.html".into(), std::fs::read_to_string(corpus.join("hotjar.html"))?)],
        ..SiteOptions::default()
    })
    .await?;
    visit.open("/hotjar.html").await?;
    visit.browser.click("[data-consent-action='accept-all']").await?;
    let set = || async { Ok(visit.cookie_names().await?.iter().any(|n| n.starts_with("_hjSession"))) };
    wait_until(set, PROMPTLY, "Hotjar's cookies").await?;

    visit.browser.js("consentBanner.showPreferences();", vec![]).await?;
    visit.browser.click("[data-consent-preferences] [data-consent-action='reject-all']").await?;
    let gone = || async { Ok(!visit.cookie_names().await?.iter().any(|n| n.starts_with("_hj"))) };
    wait_until(gone, PROMPTLY, "Hotjar's cookies to be deleted").await?;
    assert!(visit.cookie_names().await?.contains(&"consent_banner".to_owned()), "the choice itself stays");
    Ok(())
}
