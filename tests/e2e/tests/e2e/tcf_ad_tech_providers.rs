//! Google's ad technology providers in a TCF site's preferences: after the IAB vendors, each provider the config names
//! with its name, privacy link and a consent switch, off until switched on. A choice saved there is the visitor's own
//! Additional Consent string — in the `addtl_consent` cookie, in `__tcfapi`'s TCData `addtlConsent` and in the
//! endpoint's record alike — and the switches start from it when the preferences open again.

use anyhow::Result;
use consent_e2e::wait::{wait_for, PROMPTLY};
use serde_json::json;

use crate::tcf_banner::{ac_cookie, switched_on, tcf_visit};

/// Opens the preferences and the providers' list.
async fn providers_opened(visit: &crate::fixture::Visit) -> Result<()> {
    visit.browser.wait_for("[data-tcf-ad-tech-providers] > summary").await?;
    let open = "root.querySelector('[data-tcf-ad-tech-providers]').open = true;";
    visit.browser.in_banner(open, vec![]).await?;
    Ok(())
}

/// The providers' switches that are on.
async fn providers_on(visit: &crate::fixture::Visit) -> Result<Vec<String>> {
    let on: Vec<String> = serde_json::from_value(switched_on(visit).await?)?;
    Ok(on.into_iter().filter(|hook| hook.starts_with("ad-tech-provider-")).collect())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_provider_switched_on_in_the_preferences_is_the_ac_string_of_the_cookie_tcdata_and_record() -> Result<()> {
    let visit = tcf_visit(Vec::new()).await?;
    visit.open("/tcf.html").await?;
    visit.browser.click("[data-consent-action='customise']").await?;
    providers_opened(&visit).await?;
    let script = "const list = root.querySelector('[data-tcf-ad-tech-providers]');
        const after = root.querySelector('[data-tcf-vendors]').compareDocumentPosition(list);
        return { summary: list.querySelector('summary').textContent,
          afterVendors: (after & Node.DOCUMENT_POSITION_FOLLOWING) !== 0,
          rows: [...list.querySelectorAll('[data-ad-tech-provider]')].map((row) => ({
            name: row.querySelector('.cb-service-name').textContent,
            link: row.querySelector('a').getAttribute('href'),
            switch: row.querySelector('input[data-tcf]').dataset.tcf + ' ' +
              row.querySelector('input[data-tcf]').labels[0].textContent })) };";
    let seen = visit.browser.in_banner(script, vec![]).await?;
    assert_eq!(seen["summary"], "Google's ad technology providers (2)", "{seen}");
    assert_eq!(seen["afterVendors"], true, "listed after the IAB vendors: {seen}");
    assert_eq!(
        seen["rows"],
        json!([
            {"name": "Later Ads", "link": "https://later-ads.example/privacy", "switch": "ad-tech-provider-1097 Consent"},
            {"name": "Tiller", "link": "https://tiller.example/privacy", "switch": "ad-tech-provider-89 Consent"}
        ]),
        "each provider as the config names it: {seen}"
    );
    assert_eq!(providers_on(&visit).await?, Vec::<String>::new(), "nothing pre-ticked");

    visit.browser.click("input[data-tcf='ad-tech-provider-1097']").await?;
    visit.browser.click("[data-consent-preferences] [data-consent-action='save']").await?;

    let expected = "2~1097~dv.89";
    let cookie = || async { Ok(Some(ac_cookie(&visit).await?).filter(|ac| !ac.is_empty())) };
    assert_eq!(wait_for(cookie, PROMPTLY, "the addtl_consent cookie").await?, expected, "the cookie");
    let tc_data = visit.browser.js("return window.lastTcData;", vec![]).await?;
    assert_eq!(tc_data["eventStatus"], "useractioncomplete", "{tc_data}");
    assert_eq!(tc_data["addtlConsent"], expected, "TCData, as Google reads it: {tc_data}");
    assert_eq!(visit.recorded().await?.ac_string.as_deref(), Some(expected), "the record");

    // Reopened, the preferences show the visitor's answer.
    visit.browser.js("consentBanner.showPreferences();", vec![]).await?;
    providers_opened(&visit).await?;
    assert_eq!(providers_on(&visit).await?, ["ad-tech-provider-1097"], "the switch switched on is on again");
    Ok(())
}
