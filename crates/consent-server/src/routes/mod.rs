//! The HTTP routes, one module per resource.

pub mod client_limit;
pub mod consent_lookup;
pub mod consents;
pub mod cors;
pub mod export;
pub mod freshness;
pub mod log_proof;
pub mod ops;
pub mod purge;
pub mod query_params;
pub mod site_config;
pub mod site_files;
pub mod site_id;
pub mod site_origins;
pub mod stats;
