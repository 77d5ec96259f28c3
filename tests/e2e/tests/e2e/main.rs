//! End-to-end tests in a real headless Chromium, one module per promise area. One test binary, so the harness is
//! linked once; tests run in parallel, each with its own browser, site and tracker recorder.

mod agreement;
mod bad_config;
mod blocking;
mod config_pending;
mod corpus;
mod fixture;
mod js_api;
mod persistence;
mod returning_visitor;
mod sync;
mod withdrawal;
mod accessibility;
mod axe;
mod floating_button;
mod granular_choices;
mod keyboard;
mod keyboard_dialogs;
mod theming;
mod translations;
mod ui_fixture;
