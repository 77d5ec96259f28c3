//! One chromedriver process per test, on its own port, so tests run in parallel without sharing a browser.

use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result};

use crate::raw_http;
use crate::wait::wait_until;

/// Where the system chromedriver lives (Debian's `chromium-driver`).
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const STARTUP: Duration = Duration::from_secs(20);

/// A running chromedriver. Dropping it ends the browser session (so Chromium exits too) and then chromedriver.
#[derive(Debug)]
pub struct ChromeDriver {
    addr: SocketAddr,
    child: Child,
    session: Option<String>,
}

impl ChromeDriver {
    /// Starts chromedriver on a free port and waits until it reports that it is ready.
    pub async fn start() -> Result<Self> {
        let port = free_port()?;
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("cannot start {CHROMEDRIVER}"))?;
        let driver = Self { addr: SocketAddr::from((Ipv4Addr::LOCALHOST, port)), child, session: None };
        let addr = driver.addr;
        wait_until(
            || async move {
                let status = tokio::task::spawn_blocking(move || raw_http::request(addr, "GET", "/status", "")).await?;
                Ok(matches!(status, Ok((200, body)) if body.contains("\"ready\":true")))
            },
            STARTUP,
            "chromedriver to answer /status",
        )
        .await?;
        Ok(driver)
    }

    /// The URL to connect a WebDriver client to.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Remembers the session to delete on drop, so that Chromium is closed even when a test panics.
    pub fn track_session(&mut self, session_id: String) {
        self.session = Some(session_id);
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        // Killing chromedriver alone would orphan Chromium and its helpers; deleting the session makes chromedriver
        // quit the browser first.
        if let Some(session) = self.session.take() {
            let _ = raw_http::request(self.addr, "DELETE", &format!("/session/{session}"), "");
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port that was free a moment ago. chromedriver cannot be handed a listening socket, so there is a small window in
/// which another process could take it; with ports picked by the OS at random that does not happen in practice.
fn free_port() -> Result<u16> {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("cannot find a free port")?;
    Ok(listener.local_addr()?.port())
}
