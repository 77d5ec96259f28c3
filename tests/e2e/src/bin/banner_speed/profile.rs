//! The conditions a visit is measured under: as fast as the machine allows, or Lighthouse's mobile profile.

use anyhow::{bail, Result};
use consent_e2e::browser::Browser;
use serde_json::json;

/// A network and CPU the browser is slowed to before it navigates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// No throttling: the loopback network and the machine's own CPU.
    None,
    /// Lighthouse's mobile profile ("slow 4G"): 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, and the CPU four
    /// times slower, the conditions its mobile scores (and most "is this banner slow?" complaints) are measured under.
    Slow4g,
}

/// Lighthouse's `mobileSlow4G` in the units of the DevTools Protocol: milliseconds and bytes per second
/// (1,638.4 kbit/s and 750 kbit/s, with 1 kbit = 1,024 bit). These are the values Lighthouse simulates with; its
/// optional DevTools throttling mode inflates the latency and trims the throughput to make up for request-level
/// throttling, which we do not, so the round trip here is a floor rather than Lighthouse's exact packet-level figure.
const SLOW_4G_LATENCY_MS: u32 = 150;
const SLOW_4G_DOWN_BYTES_PER_SECOND: u32 = 204_800;
const SLOW_4G_UP_BYTES_PER_SECOND: u32 = 96_000;
const SLOW_4G_CPU_SLOWDOWN: u32 = 4;

impl Profile {
    pub const ALL: [Profile; 2] = [Profile::None, Profile::Slow4g];

    /// The name on the command line and in the table.
    pub fn id(self) -> &'static str {
        match self {
            Profile::None => "none",
            Profile::Slow4g => "slow4g",
        }
    }

    /// The profile named `id` on the command line.
    pub fn parse(id: &str) -> Result<Self> {
        match Self::ALL.into_iter().find(|profile| profile.id() == id) {
            Some(profile) => Ok(profile),
            None => bail!("unknown profile '{id}': none or slow4g"),
        }
    }

    /// Slows `browser`'s current tab down to this profile; call before it navigates. The conditions stay on the tab
    /// across its navigations, so the returning visitor's page view is throttled too.
    pub async fn apply(self, browser: &Browser) -> Result<()> {
        if self == Profile::None {
            return Ok(());
        }
        browser.cdp("Network.enable", json!({})).await?;
        browser
            .cdp(
                "Network.emulateNetworkConditions",
                json!({
                    "offline": false,
                    "latency": SLOW_4G_LATENCY_MS,
                    "downloadThroughput": SLOW_4G_DOWN_BYTES_PER_SECOND,
                    "uploadThroughput": SLOW_4G_UP_BYTES_PER_SECOND,
                }),
            )
            .await?;
        browser.cdp("Emulation.setCPUThrottlingRate", json!({ "rate": SLOW_4G_CPU_SLOWDOWN })).await?;
        Ok(())
    }
}
