//! A stand-in for third-party tracker hosts.
//!
//! It serves what real trackers serve — an analytics snippet, a page-view beacon, a transparent pixel GIF and an
//! embeddable video player — and records every request it receives, so that tests (and a person running the demo) can
//! see exactly when a tracker fired. Point tracker host names at it with Chromium's `--host-resolver-rules`
//! (`MAP analytics.localhost 127.0.0.1:8081`); the `Host` header of each request is recorded, so one recorder can play
//! several tracker hosts at once.
//!
//! ```no_run
//! let recorder = tracker_recorder::Recorder::start("127.0.0.1:0")?;
//! println!("trackers at {}", recorder.addr());
//! // ... let a browser load a page ...
//! assert!(recorder.requests().iter().all(|r| r.path != "/pixel.gif"));
//! # Ok::<(), std::io::Error>(())
//! ```

// A library others build on: every public item says what it is for.
#![warn(missing_docs)]

mod assets;
mod recorder;
mod request_log;
mod routes;
mod tls;

pub use recorder::Recorder;
pub use request_log::{RecordedRequest, RequestLog};
pub use routes::{router, serve};
