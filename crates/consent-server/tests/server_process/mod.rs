//! The real `consent serve` binary as a child process, on a free port.

#![allow(dead_code)] // the crash test and the benchmark use different parts

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// The demo config the server is started with.
pub const DEMO_CONFIG_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/consent.json");

/// A running `consent serve`; killed when dropped.
pub struct ServerProcess {
    child: Child,
    pub addr: SocketAddr,
}

impl ServerProcess {
    /// Starts `binary serve` on 127.0.0.1 (a free port) logging to `database_url`, with no rate limits and `extra`
    /// arguments, and waits until it listens.
    pub fn start(binary: &Path, database_url: &str, extra: &[&str]) -> Self {
        let empty = std::env::temp_dir().join("consent-server-tests-no-files");
        std::fs::create_dir_all(&empty).expect("creating an empty directory to serve");
        let mut child = Command::new(binary)
            .args(["serve", "--addr", "127.0.0.1:0", "--config", DEMO_CONFIG_PATH, "--database", database_url])
            .arg("--site-dir")
            .arg(&empty)
            .arg("--bundle-dir")
            .arg(&empty)
            .args(["--ip-rate", "0", "--site-rate", "0"])
            .args(extra)
            .env("RUST_LOG", "warn")
            .env_remove("CONSENT_ADMIN_TOKEN")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("starting consent serve");
        let stdout = child.stdout.take().expect("the server's stdout");
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).expect("reading the server's first line");
        let addr = line
            .trim()
            .rsplit("http://")
            .next()
            .and_then(|addr| addr.parse().ok())
            .unwrap_or_else(|| panic!("the server did not say where it listens: {line:?}"));
        ServerProcess { child, addr }
    }

    /// The process id (to read its CPU time from `/proc`).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// `kill -9`: the process gets no chance to flush or finish anything.
    pub fn kill_hard(&mut self) {
        self.child.kill().expect("sending SIGKILL");
        self.child.wait().expect("reaping the server");
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
