//! The product team's console (served at `/admin`): sign in with the admin token, see the sites, add one, edit a
//! site's config with consent-core's checks as you type, publish it with the changes shown, roll back to any earlier
//! revision, see the draft in the real banner as they type (the live preview), and copy the embed snippet.

pub mod api;
pub mod draft;
pub mod json_text;
pub mod preview_config;

mod app;
mod embed_snippet;
mod history;
mod origins_editor;
mod preview;
mod preview_frame;
mod sign_in;
mod site_editor;
mod site_list;

/// Mounts the console into the page's `<body>`.
pub fn start() {
    leptos::mount::mount_to_body(app::App);
}
