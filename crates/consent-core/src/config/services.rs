//! The `services` of a config as written, and their checking: catalog references resolved, every field checked, every
//! problem named by its path.

use std::collections::BTreeSet;

use super::service_wire::ServiceWire;
use crate::catalog;
use crate::config::{Category, MAX_TEXT_LEN};
use crate::field_error::FieldError;
use crate::id::{CategoryId, ServiceId};
use crate::service::{Service, ServiceKind};
use crate::url_pattern::UrlPattern;

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
