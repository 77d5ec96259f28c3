//! The end-to-end harness: a real headless Chromium (through chromedriver) visiting the real demo site, served by the
//! real endpoint with the real banner bundle, while fake tracker hosts record every request they receive.
//!
//! Each test builds its own [`site::TestSite`], [`tracker_recorder::Recorder`] and [`browser::Browser`], so tests
//! share nothing and run in parallel.

pub mod browser;
pub mod chromedriver;
pub mod console;
pub mod raw_http;
pub mod site;
pub mod wait;
