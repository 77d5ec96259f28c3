//! The product team's console (served at `/admin`): sign in with the admin token, see the sites, add one, edit a
//! site's config with consent-core's checks as you type (as JSON, or its categories in a form), publish it with the
//! changes shown, roll back to any earlier revision, see the draft in the real banner as they type (the live preview),
//! add the trackers found on the site, set its regional rules and its IAB TCF vendors (chosen by name from the
//! endpoint's Global Vendor List), copy the embed snippet, and read the site's dashboard (what visitors decided
//! over a range of days, drawn as SVG charts with the numbers in tables, and downloadable as CSV).

// The dashboard's views are deeply nested types; built with the rest of the workspace, whose banner turns on Leptos's
// HTML renderer (`ssr`, for the endpoint's first layer), computing their layout needs more than the default 128.
#![recursion_limit = "256"]

pub mod api;
pub mod boot_flavour;
pub mod category_edit;
pub mod category_translation;
pub mod chart_path;
pub mod chart_scale;
pub mod consent_mode_edit;
pub mod cookie_problems;
pub mod counted;
pub mod dashboard_numbers;
pub mod date_range;
pub mod draft;
pub mod gvl_api;
pub mod json_text;
pub mod language_names;
pub mod percent;
pub mod policy_edit;
pub mod policy_report;
pub mod preview_config;
pub mod regions_edit;
pub mod scan_report;
pub mod service_cookies_edit;
pub mod service_edit;
pub mod service_search;
pub mod site_settings;
pub mod tcf_edit;
pub mod texts_edit;
pub mod timestamp;

mod add_language;
mod app;
mod card_header;
mod categories_form;
mod category_fieldset;
mod category_translations;
mod chart_figure;
mod consent_mode_form;
mod dashboard;
mod decisions_chart;
mod draft_bar;
mod embed_snippet;
mod field_row;
mod found_on_site;
mod history;
mod move_buttons;
mod opt_in_chart;
mod origins_editor;
mod policy_card;
mod preview;
mod preview_frame;
mod range_picker;
mod regime_choice;
mod region_rule_row;
mod regions_form;
mod revision_changes;
mod select_row;
mod service_cookies;
mod service_fieldset;
mod services_form;
mod settings_form;
mod share_chart;
mod sign_in;
mod site_editor;
mod site_list;
mod site_page;
mod tcf_form;
mod tcf_restrictions;
mod tcf_summary;
mod tcf_vendors;
mod texts_form;
mod texts_grid;
mod theme_fieldset;
mod toggle;
mod totals;
mod vendor_picker;

/// Mounts the console into the page's `<body>`.
pub fn start() {
    leptos::mount::mount_to_body(app::App);
}
