//! IAB TCF publisher restrictions in the browser: on a site whose config restricts purpose 3 (profiles for
//! personalised ads) for every vendor that uses it and vendor 3's flexible purpose 7 to consent, "Accept all" — on the
//! first layer the boot loader paints, and in the banner's preferences — writes an `euconsent-v2` cookie in which IAB's
//! official decoder (`@iabtechlabtcf/core`) finds both restrictions, and a vendor reading it may not use purpose 3;
//! `__tcfapi`'s TCData reports them too; the preferences' vendor list no longer shows purpose 3 for the vendors that
//! used it.

use anyhow::{Context, Result};
use consent_e2e::wait::{wait_for, PROMPTLY};
use serde_json::{json, Value};

use crate::fixture::Visit;
use crate::iab;

/// The restrictions the site's config sets: purpose 3 for all (vendors 2 and 4 use it), purpose 7 for vendor 3.
fn restrictions() -> Value {
    json!([{"purpose": 3, "restriction": "not_allowed"},
           {"purpose": 7, "restriction": "require_consent", "vendors": [3]}])
}

/// The TCF site of `iab` with the restrictions.
async fn restricted_visit() -> Result<Visit> {
    let page = iab::page("consent-boot-tcf.js", "", "");
    let mut site = iab::tcf_site(vec![("tcf.html".into(), page)])?;
    let mut config: Value = serde_json::from_str(site.config.as_deref().context("the TCF site's config")?)?;
    config["tcf"]["publisher_restrictions"] = restrictions();
    site.config = Some(config.to_string());
    Visit::with(site).await
}

/// The `euconsent-v2` cookie, once there is one other than `before`.
async fn cookie_other_than(visit: &Visit, before: &str) -> Result<String> {
    let read = || async {
        let cookie = visit.browser.js("return document.cookie;", vec![]).await?;
        let found = cookie.as_str().unwrap_or_default().split("; ").find_map(|c| c.strip_prefix("euconsent-v2="));
        Ok(found.filter(|tc| *tc != before).map(str::to_owned))
    };
    wait_for(read, PROMPTLY, "a new euconsent-v2 cookie").await
}

/// What IAB's decoder reads in the cookie: the restrictions, and whether each vendor may use purposes 2 and 3 on
/// consent, as a vendor works it out (the purpose consented to, the vendor consented to, no restriction forbidding
/// it: "Publisher Restrictions", "Vendor Compliance").
async fn read_by_a_vendor(visit: &Visit) -> Result<Value> {
    iab::load_official_tcf(visit).await?;
    let script = "var m = document.cookie.match(/(?:^|;\\s*)euconsent-v2=([^;]*)/);
        var tc = IabTcf.TCString.decode(m[1]);
        var pr = tc.publisherRestrictions;
        function may(vendor, purpose) {
          return tc.purposeConsents.has(purpose) && tc.vendorConsents.has(vendor)
            && pr.getRestrictionType(vendor, purpose) !== 0;
        }
        return {
          restrictions: pr.getRestrictions().map(function (r) {
            return { purpose: r.purposeId, restrictionType: r.restrictionType, vendors: pr.getVendors(r) };
          }),
          mayUse: { 'vendor 2, purpose 3': may(2, 3), 'vendor 4, purpose 3': may(4, 3),
                    'vendor 4, purpose 2': may(4, 2), 'vendor 3, purpose 7': may(3, 7) },
        };";
    visit.browser.js(script, vec![]).await
}

fn expected() -> Value {
    json!({
        "restrictions": [{"purpose": 3, "restrictionType": 0, "vendors": [2, 4]},
                         {"purpose": 7, "restrictionType": 1, "vendors": [3]}],
        "mayUse": {"vendor 2, purpose 3": false, "vendor 4, purpose 3": false,
                   "vendor 4, purpose 2": true, "vendor 3, purpose 7": true},
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn accept_all_on_the_painted_first_layer_writes_the_publishers_restrictions() -> Result<()> {
    let visit = restricted_visit().await?;
    visit.open("/tcf.html").await?;
    visit.browser.wait_for("consent-banner[data-consent-early]").await?;
    visit.browser.click("[data-consent-action='accept-all']").await?;
    let tc = cookie_other_than(&visit, "").await?;
    assert_eq!(read_by_a_vendor(&visit).await?, expected(), "{tc}");
    assert_eq!(visit.recorded().await?.tc_string.as_deref(), Some(tc.as_str()), "the record keeps it");
    // A vendor reading TCData rather than the string finds the same restrictions (type by purpose and vendor).
    let ask =
        "var out; __tcfapi('addEventListener', 2, (d) => { out = out || d.publisher.restrictions; }); return out;";
    let restrictions = visit.browser.js(ask, vec![]).await?;
    assert_eq!(restrictions, json!({"3": {"2": 0, "4": 0}, "7": {"3": 1}}), "TCData's publisher.restrictions");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn accept_all_in_the_preferences_writes_them_and_the_vendor_list_drops_the_purpose() -> Result<()> {
    let visit = restricted_visit().await?;
    visit.open("/tcf.html").await?;
    visit.browser.click("[data-consent-action='customise']").await?;
    visit.browser.wait_for("[data-tcf-vendor='2']").await?;
    let script = "function purposes(id) {
          var v = root.querySelector('[data-tcf-vendor=\"' + id + '\"]');
          var dt = [...v.querySelectorAll('dt')].find(function (d) { return d.textContent === 'Purposes'; });
          return dt ? dt.nextElementSibling.textContent : '';
        }
        return { two: purposes(2), four: purposes(4),
                 switches: [...root.querySelectorAll('input[data-tcf^=\"purpose-\"]')].map((i) => i.dataset.tcf) };";
    let seen = visit.browser.in_banner(script, vec![]).await?;
    let profiles = "Create profiles for personalised advertising";
    for vendor in ["two", "four"] {
        let purposes = seen[vendor].as_str().unwrap_or_default();
        assert!(purposes.contains("Use profiles to select personalised advertising"), "{seen}");
        assert!(!purposes.contains(profiles), "purpose 3 is not shown for vendor {vendor}: {seen}");
    }
    let switches: Vec<String> = serde_json::from_value(seen["switches"].clone())?;
    assert!(!switches.contains(&"purpose-3".to_owned()), "purpose 3 is not asked: {switches:?}");
    assert!(switches.contains(&"purpose-4".to_owned()), "{switches:?}");

    visit.browser.click("[data-consent-preferences] [data-consent-action='accept-all']").await?;
    let tc = cookie_other_than(&visit, "").await?;
    assert_eq!(consent_core::tcf::decode_tc_string(&tc)?.consent_screen, 2, "written by the banner's preferences");
    assert_eq!(read_by_a_vendor(&visit).await?, expected(), "{tc}");
    Ok(())
}
