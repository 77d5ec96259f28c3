//! The HTTP routes, one module per resource.

pub mod consents;
pub mod site_files;
