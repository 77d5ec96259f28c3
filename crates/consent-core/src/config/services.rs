//! The `services` of a config as written, and their checking: catalog references resolved, every field checked, every
//! problem named by its path.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::catalog;
use crate::config::{Category, MAX_TEXT_LEN};
use crate::field_error::FieldError;
use crate::id::{CategoryId, ServiceId};
use crate::service::{Service, ServiceKind, TrackerItem};
use crate::url_pattern::UrlPattern;

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
    fn over(self, base: &ServiceWire) -> ServiceWire {
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

/// Checks every service, resolving catalog references, and returns the good ones; problems are appended.
pub fn check_services(wire: Vec<ServiceWire>, categories: &[Category], problems: &mut Vec<FieldError>) -> Vec<Service> {
    let mut seen = BTreeSet::new();
    let mut services = Vec::with_capacity(wire.len());
    for (index, service) in wire.into_iter().enumerate() {
        let path = |field: &str| format!("services[{index}].{field}");
        let before = problems.len();
        let resolved = match &service.catalog {
            None => service,
            Some(name) => match catalog::entry(name) {
                Some(entry) => service.over(entry),
                None => {
                    let known = catalog::ids().join(", ");
                    problems
                        .push(FieldError::new(path("catalog"), format!("'{name}' is not in the catalog ({known})")));
                    continue;
                }
            },
        };
        let id = required(resolved.id, &path("id"), problems).and_then(|id| {
            ServiceId::try_from(id).map_err(|e| problems.push(FieldError::new(path("id"), e.to_string()))).ok()
        });
        if let Some(id) = &id {
            if !seen.insert(id.clone()) {
                problems.push(FieldError::new(path("id"), format!("'{id}' is listed twice")));
            }
        }
        let category = required(resolved.category, &path("category"), problems).and_then(|text| {
            let known = categories.iter().any(|c| c.id.as_str() == text);
            if known {
                CategoryId::try_from(text).ok()
            } else {
                let ids: Vec<_> = categories.iter().map(|c| c.id.as_str()).collect();
                let why = format!(
                    "'{text}' is not one of the config's categories ({}); set it to one of them",
                    ids.join(", ")
                );
                problems.push(FieldError::new(path("category"), why));
                None
            }
        });
        let name = required(resolved.name, &path("name"), problems);
        let hosts: Vec<UrlPattern> = resolved
            .hosts
            .unwrap_or_default()
            .into_iter()
            .enumerate()
            .filter_map(|(i, host)| {
                UrlPattern::try_from(host)
                    .map_err(|e| problems.push(FieldError::new(path(&format!("hosts[{i}]")), e.to_string())))
                    .ok()
            })
            .collect();
        let texts = [
            ("name", name.as_deref()),
            ("provider", resolved.provider.as_deref()),
            ("description", resolved.description.as_deref()),
        ];
        for (field, text) in texts {
            if text.is_some_and(|t| t.chars().count() > MAX_TEXT_LEN) {
                problems.push(FieldError::new(path(field), format!("is longer than {MAX_TEXT_LEN} characters")));
            }
        }
        let items = resolved.cookies.unwrap_or_default();
        for (i, item) in items.iter().enumerate() {
            if item.name.trim().is_empty() || item.name.len() > 200 || item.name.contains([';', '=', ' ', ',']) {
                problems.push(FieldError::new(
                    path(&format!("cookies[{i}].name")),
                    "must be 1 to 200 characters without ';', '=', ',' or spaces",
                ));
            }
        }
        if let Some(url) = &resolved.privacy_policy_url {
            if !crate::url::is_http_url(url) {
                problems.push(FieldError::new(path("privacy_policy_url"), "must be an absolute http(s) URL"));
            }
        }
        if let (Some(id), Some(category), Some(name), true) = (id, category, name, problems.len() == before) {
            services.push(Service {
                id,
                category,
                name,
                provider: resolved.provider.unwrap_or_default(),
                description: resolved.description.unwrap_or_default(),
                kind: resolved.kind.unwrap_or(ServiceKind::Cookie),
                hosts,
                items,
                privacy_policy_url: resolved.privacy_policy_url,
                reload_on_withdraw: resolved.reload_on_withdraw.unwrap_or(false),
            });
        }
    }
    services
}

fn required(value: Option<String>, path: &str, problems: &mut Vec<FieldError>) -> Option<String> {
    match value {
        Some(text) if !text.trim().is_empty() => Some(text),
        _ => {
            problems.push(FieldError::new(path, "is required (or refer to a catalog entry with 'catalog')"));
            None
        }
    }
}
