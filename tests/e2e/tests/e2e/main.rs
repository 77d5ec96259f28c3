//! End-to-end tests in a real headless Chromium, one module per promise area. One test binary, so the harness is
//! linked once; tests run in parallel, each with its own browser, site and tracker recorder.

mod accessibility;
mod agreement;
mod auto_blocking;
mod axe;
mod bad_config;
mod blocking;
mod config_pending;
mod console_dashboard;
mod console_found;
mod console_preview;
mod corpus;
mod cross_origin;
mod delivery;
mod early_layer;
mod fixture;
mod floating_button;
mod gpc;
mod granular_choices;
mod isolation;
mod js_api;
mod keyboard;
mod keyboard_dialogs;
mod layouts;
mod persistence;
mod policy_view;
mod product_console;
mod returning_visitor;
mod scan;
mod screenshots;
mod static_host;
mod sync;
mod theming;
mod translations;
mod ui_fixture;
mod withdrawal;
