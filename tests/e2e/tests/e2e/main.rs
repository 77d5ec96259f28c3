//! End-to-end tests in a real headless Chromium, one module per promise area. One test binary, so the harness is
//! linked once; tests run in parallel, each with its own browser, site and tracker recorder.

mod agreement;
mod bad_config;
mod blocking;
mod config_pending;
mod corpus;
mod fixture;
mod returning_visitor;
mod sync;
mod withdrawal;
