//! Every decision reaches the endpoint's consent log, in SQLite and in PostgreSQL alike.

use anyhow::{Context, Result};
use consent_core::stored::COOKIE_NAME;
use consent_core::StoredConsent;
use consent_e2e::site::{Database, SiteOptions};
use consent_e2e::wait::{wait_for, PROMPTLY};
use consent_server::StoredRow;
use serde_json::{json, Value};

use crate::fixture::Visit;

/// The choice the banner stored in its cookie.
async fn stored_consent(visit: &Visit) -> Result<StoredConsent> {
    let cookies = visit.browser.js("return document.cookie;", vec![]).await?;
    let cookies = cookies.as_str().context("document.cookie is a string")?;
    let value = cookies
        .split("; ")
        .find_map(|pair| pair.strip_prefix(COOKIE_NAME)?.strip_prefix('='))
        .with_context(|| format!("no {COOKIE_NAME} cookie in {cookies:?}"))?;
    Ok(StoredConsent::from_cookie_value(value)?)
}

async fn logged_row(visit: &Visit, consent_id: &str) -> Result<StoredRow> {
    let store = visit.site.store();
    wait_for(|| async move { Ok(store.get(consent_id).await?) }, PROMPTLY, "the consent to be logged").await
}

async fn a_refusal_then_a_change_of_mind_are_both_logged(database: Database) -> Result<()> {
    let visit = Visit::with(SiteOptions { database, ..SiteOptions::default() }).await?;
    visit.open("/?utm_source=newsletter&email=visitor%40mail.example").await?;
    visit.browser.click("[data-consent-action='reject-all']").await?;
    let refusal = stored_consent(&visit).await?;
    let row = logged_row(&visit, refusal.id.as_str()).await?;
    assert_eq!((row.action.as_str(), row.ui_layer.as_str()), ("reject_all", "first_layer"));
    let decisions: Value = serde_json::from_str(&row.decisions)?;
    assert_eq!(decisions, json!({"necessary": "granted", "analytics": "denied", "marketing": "denied"}));
    assert_eq!(row.page_url, visit.site.url("/"), "the query string never reaches the log");
    assert_eq!((row.ip_truncated.as_str(), row.browser_family.as_str()), ("127.0.0.0", "chrome"));
    assert_eq!((row.site.as_str(), row.config_revision, row.locale.as_str()), ("demo-shop", 1, "en"));
    assert_eq!(row.expires_at_ms, i64::try_from(refusal.expires_at_ms)?);

    visit.browser.click("footer [data-consent-open]").await?;
    visit.browser.click("[data-consent-preferences] [data-consent-action='accept-all']").await?;
    let acceptance = wait_for(
        || async {
            let now = stored_consent(&visit).await?;
            Ok((now.id != refusal.id).then_some(now))
        },
        PROMPTLY,
        "a new consent id",
    )
    .await?;
    let row = logged_row(&visit, acceptance.id.as_str()).await?;
    assert_eq!((row.action.as_str(), row.ui_layer.as_str()), ("accept_all", "preferences"));
    assert_eq!(row.previous_id.as_deref(), Some(refusal.id.as_str()), "the new record names the one it replaces");
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refusal_then_a_change_of_mind_are_both_logged_in_sqlite() -> Result<()> {
    a_refusal_then_a_change_of_mind_are_both_logged(Database::Sqlite).await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refusal_then_a_change_of_mind_are_both_logged_in_postgres() -> Result<()> {
    a_refusal_then_a_change_of_mind_are_both_logged(Database::Postgres).await
}
