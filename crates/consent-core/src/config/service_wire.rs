//! A service as a config (or the built-in catalog) writes it: the wire form both are read into. Apart from the
//! checks in [`super::services`], which resolve catalog references, so that the catalog can be read in this form
//! without depending on the checks that use it.

use serde::{Deserialize, Serialize};

use crate::service::{ServiceKind, TrackerItem};

/// A service as a config (or the catalog) writes it. With `catalog`, every field left out is taken from that catalog
/// entry; without it, `id`, `category`, `name` and `hosts` are required.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "Service"))]
#[serde(deny_unknown_fields)]
pub struct ServiceWire {
    /// The id of a built-in catalog entry (`google-analytics`) whose fields fill in those left out here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub catalog: Option<String>,
    /// The service's id (`youtube`): lowercase, unique in the config; what the visitor's record and the API name it by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The id of the config category the service belongs to; it runs only once that category is granted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// The name shown to the visitor in the preferences (`YouTube`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The company behind the service, as shown to the visitor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// What the service does on the site, in a sentence for the visitor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What kind of tracking it does; `cookie` when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ServiceKind>,
    /// URL patterns of the hosts it talks to (`*.youtube.com`): requests to them are blocked until it is granted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosts: Option<Vec<String>>,
    /// The cookies, storage keys and pixels it leaves, listed to the visitor and deleted on withdrawal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cookies: Option<Vec<TrackerItem>>,
    /// The provider's own privacy policy, as an absolute http(s) URL linked from the preferences.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy_policy_url: Option<String>,
    /// `true` reloads the page when the service is withdrawn, for scripts that cannot be stopped once running.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reload_on_withdraw: Option<bool>,
}

impl ServiceWire {
    /// This service with every field it leaves out taken from `base`.
    pub(crate) fn over(self, base: &ServiceWire) -> ServiceWire {
        let base = base.clone();
        ServiceWire {
            catalog: self.catalog,
            id: self.id.or(base.id),
            category: self.category.or(base.category),
            name: self.name.or(base.name),
            provider: self.provider.or(base.provider),
            description: self.description.or(base.description),
            kind: self.kind.or(base.kind),
            hosts: self.hosts.or(base.hosts),
            cookies: self.cookies.or(base.cookies),
            privacy_policy_url: self.privacy_policy_url.or(base.privacy_policy_url),
            reload_on_withdraw: self.reload_on_withdraw.or(base.reload_on_withdraw),
        }
    }
}
