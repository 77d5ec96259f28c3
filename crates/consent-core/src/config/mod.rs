//! The site's banner config (`/consent.json`): the checked model everything reads ([`site`]), the reader that turns
//! a config document into it and reports every problem by the field's path ([`read`]), and the config's sections with
//! their own checks: the texts in other languages ([`translation`]), the services ([`services`]), the Google Consent
//! Mode map ([`consent_mode`]), the privacy policy ([`policy`]) and the look ([`appearance`]).

pub mod appearance;
pub mod consent_mode;
pub mod policy;
mod read;
#[cfg(feature = "schema")]
pub mod schema;
pub mod service_wire;
pub mod services;
mod site;
pub mod translation;

pub use read::{check_site_id, ConfigError};
pub use site::{Category, SiteConfig, DEFAULT_CONSENT_DAYS, MAX_CONSENT_DAYS, MAX_TEXT_LEN};

#[cfg(test)]
pub(crate) mod tests;
