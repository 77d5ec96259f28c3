//! The edits the Services form makes to a draft config: a service's own fields (id, name, category, provider,
//! description, privacy policy link, kind, reload on withdrawal), its hosts, its cookies table
//! ([`crate::service_cookies_edit`]), a blank service of the team's own added, a service removed or moved up or down. Each edit reads the draft as JSON and rewrites only the top-level
//! `services` (or appends to it), so the rest of the text keeps its order and its words. A service that names a
//! catalog entry shows the entry's values where it leaves fields out, as consent-core fills them in; editing such a
//! field writes it into the service, so it overrides the entry (a list, hosts or cookies, is written whole). Pure, so
//! it is tested natively; the form itself is `services_form.rs`.

use consent_core::{catalog, ServiceKind};
use serde_json::{json, Map, Value};

use crate::json_text::{with_appended, with_replaced};
use crate::service_cookies_edit::{self, CookieEdit, CookieRow};

/// One service as the form shows it, read leniently: a missing field shows empty (the check names the problem).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceRow {
    /// The catalog entry it names, if any.
    pub catalog: Option<String>,
    /// The service's id (the catalog entry's when it leaves it out).
    pub id: String,
    /// The name visitors see (the catalog entry's when the service leaves it out).
    pub name: String,
    /// The id of the category it waits for.
    pub category: String,
    /// The company behind it.
    pub provider: String,
    /// What it does on the site.
    pub description: String,
    /// The provider's privacy policy.
    pub privacy_policy_url: String,
    /// The hosts it is blocked on.
    pub hosts: Vec<String>,
    /// The cookies and storage keys it leaves.
    pub cookies: Vec<CookieRow>,
    /// What kind of tracking it does, as the config writes it (`local_storage`); consent-core's `cookie` when the
    /// service and its catalog entry leave it out.
    pub kind: String,
    /// Whether the page reloads when a visitor withdraws the service.
    pub reload_on_withdraw: bool,
}

/// Every kind of tracking a service can do, in the order the kind select offers them.
pub const SERVICE_KINDS: [ServiceKind; 5] =
    [ServiceKind::Cookie, ServiceKind::Pixel, ServiceKind::LocalStorage, ServiceKind::Sdk, ServiceKind::Embed];

/// How a config writes `kind` (`local_storage`).
pub fn service_kind_value(kind: ServiceKind) -> String {
    serde_json::to_value(kind).ok().and_then(|value| value.as_str().map(str::to_owned)).unwrap_or_default()
}

/// What the kind select shows for `kind`, in the words of the visitor's preferences.
pub fn service_kind_label(kind: ServiceKind) -> &'static str {
    match kind {
        ServiceKind::Cookie => "Sets cookies",
        ServiceKind::Pixel => "Sends pixel tags or web beacons",
        ServiceKind::LocalStorage => "Keeps data in local or session storage",
        ServiceKind::Sdk => "Runs a third-party script or SDK",
        ServiceKind::Embed => "Embeds content from another site",
    }
}

impl ServiceRow {
    /// What to call the service in a legend or a button: its name, else its id, else "New service".
    pub fn title(&self) -> &str {
        [&self.name, &self.id].into_iter().map(|t| t.trim()).find(|t| !t.is_empty()).unwrap_or("New service")
    }
}

/// The services of the draft `text`; `None` when it is not a JSON object. A `services` that is missing or not an
/// array reads as none.
pub fn read(text: &str) -> Option<Vec<ServiceRow>> {
    let config: Value = serde_json::from_str(text).ok()?;
    let config = config.as_object()?;
    let services = config.get("services").and_then(Value::as_array).cloned().unwrap_or_default();
    Some(services.iter().map(row).collect())
}

/// The catalog entry `service` names, as JSON.
fn entry_of(service: &Value) -> Option<Value> {
    let id = service.get("catalog")?.as_str()?;
    serde_json::to_value(catalog::entry(id)?).ok()
}

fn row(service: &Value) -> ServiceRow {
    let entry = entry_of(service);
    // consent-core's rule: a field the service leaves out (or sets to null) is the entry's.
    let shown = |key: &str| service.get(key).filter(|v| !v.is_null()).or_else(|| entry.as_ref()?.get(key)).cloned();
    let text = |key: &str| shown(key).and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
    let hosts = shown("hosts").and_then(|v| v.as_array().cloned()).unwrap_or_default();
    ServiceRow {
        catalog: service.get("catalog").and_then(Value::as_str).map(str::to_owned),
        id: text("id"),
        name: text("name"),
        category: text("category"),
        provider: text("provider"),
        description: text("description"),
        privacy_policy_url: text("privacy_policy_url"),
        hosts: hosts.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        cookies: service_cookies_edit::rows(shown("cookies").as_ref()),
        kind: shown("kind")
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_else(|| service_kind_value(ServiceKind::Cookie)),
        reload_on_withdraw: shown("reload_on_withdraw").and_then(|v| v.as_bool()).unwrap_or(false),
    }
}

/// The category ids of the draft `text`, in order, for the category select.
pub fn category_ids(text: &str) -> Vec<String> {
    let config: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    let categories = config.get("categories").and_then(Value::as_array).cloned().unwrap_or_default();
    categories.iter().filter_map(|c| c.get("id").and_then(Value::as_str)).map(str::to_owned).collect()
}

/// The categories of the draft `text`, in order, as a select offers them: each id with its title and id
/// (`Analytics (analytics)`), or the id alone while it has no title.
pub fn category_choices(text: &str) -> Vec<(String, String)> {
    let config: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    let categories = config.get("categories").and_then(Value::as_array).cloned().unwrap_or_default();
    categories
        .iter()
        .filter_map(|c| {
            let id = c.get("id")?.as_str()?.to_owned();
            let title = c.get("title").and_then(Value::as_str).map(str::trim).unwrap_or_default();
            let words = if title.is_empty() { id.clone() } else { format!("{title} ({id})") };
            Some((id, words))
        })
        .collect()
}

/// The category a new service is offered first: the draft's first optional one (as consent-core's
/// `service_suggestion` picks), else its first; `None` when it has none.
pub fn first_optional_category(text: &str) -> Option<String> {
    let config: Value = serde_json::from_str(text).ok()?;
    let categories = config.get("categories")?.as_array()?;
    let optional = categories.iter().find(|c| c.get("required") != Some(&Value::Bool(true)));
    optional.or(categories.first())?.get("id")?.as_str().map(str::to_owned)
}

/// A text field of a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceField {
    /// `id`.
    Id,
    /// `name`.
    Name,
    /// `provider`.
    Provider,
    /// `description`.
    Description,
    /// `privacy_policy_url`: left out when emptied (a catalog service then links the entry's again).
    PrivacyPolicyUrl,
}

impl ServiceField {
    /// The field's key in the config, and in a problem's path.
    pub fn key(self) -> &'static str {
        match self {
            ServiceField::Id => "id",
            ServiceField::Name => "name",
            ServiceField::Provider => "provider",
            ServiceField::Description => "description",
            ServiceField::PrivacyPolicyUrl => "privacy_policy_url",
        }
    }
}

/// One change the form makes to the service at a place of `services`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceEdit {
    /// The service's field set to this text.
    Text(usize, ServiceField, String),
    /// The service's `category` set to this id.
    Category(usize, String),
    /// The service's `kind` set to this value (`local_storage`).
    Kind(usize, String),
    /// The service's `reload_on_withdraw` set: `true` written; `false` left out, unless its catalog entry says `true`.
    ReloadOnWithdraw(usize, bool),
    /// The service swapped with the one before it.
    MoveUp(usize),
    /// The service swapped with the one after it.
    MoveDown(usize),
    /// The host at the second place set to this pattern.
    Host(usize, usize, String),
    /// An empty host row added at the end.
    AddHost(usize),
    /// The host at the second place taken out.
    RemoveHost(usize, usize),
    /// A change to the service's cookies table.
    Cookie(usize, CookieEdit),
    /// The service taken out.
    Remove(usize),
}

/// The draft `text` with `edit` made; `None` when the draft is not a JSON object, has no `services` array or no
/// service (or row) at that place.
pub fn apply(text: &str, edit: &ServiceEdit) -> Option<String> {
    let config: Value = serde_json::from_str(text).ok()?;
    let mut services = config.as_object()?.get("services")?.as_array()?.clone();
    match edit {
        ServiceEdit::Remove(at) => {
            if *at >= services.len() {
                return None;
            }
            services.remove(*at);
        }
        ServiceEdit::MoveUp(at) => {
            if *at == 0 || *at >= services.len() {
                return None;
            }
            services.swap(*at - 1, *at);
        }
        ServiceEdit::MoveDown(at) => {
            if *at + 1 >= services.len() {
                return None;
            }
            services.swap(*at, *at + 1);
        }
        ServiceEdit::Text(at, ..)
        | ServiceEdit::Category(at, _)
        | ServiceEdit::Kind(at, _)
        | ServiceEdit::ReloadOnWithdraw(at, _)
        | ServiceEdit::Host(at, ..)
        | ServiceEdit::AddHost(at)
        | ServiceEdit::RemoveHost(at, _)
        | ServiceEdit::Cookie(at, _) => edit_service(services.get_mut(*at)?, edit)?,
    }
    with_replaced(text, "services", &serde_json::to_string(&services).ok()?)
}

fn edit_service(service: &mut Value, edit: &ServiceEdit) -> Option<()> {
    let entry = entry_of(service);
    let object = service.as_object_mut()?;
    match edit {
        ServiceEdit::Text(_, ServiceField::PrivacyPolicyUrl, url) if url.trim().is_empty() => {
            object.remove(ServiceField::PrivacyPolicyUrl.key());
        }
        ServiceEdit::Text(_, field, value) => {
            object.insert(field.key().to_owned(), Value::String(value.clone()));
        }
        ServiceEdit::Category(_, category) => {
            object.insert("category".to_owned(), Value::String(category.clone()));
        }
        ServiceEdit::Kind(_, kind) => {
            object.insert("kind".to_owned(), Value::String(kind.clone()));
        }
        ServiceEdit::ReloadOnWithdraw(_, true) => {
            object.insert("reload_on_withdraw".to_owned(), Value::Bool(true));
        }
        ServiceEdit::ReloadOnWithdraw(_, false) => {
            // Left out, the service would take its catalog entry's `true` again.
            if entry.as_ref().and_then(|e| e.get("reload_on_withdraw")) == Some(&Value::Bool(true)) {
                object.insert("reload_on_withdraw".to_owned(), Value::Bool(false));
            } else {
                object.remove("reload_on_withdraw");
            }
        }
        ServiceEdit::Host(_, row, host) => {
            *own_list(object, entry.as_ref(), "hosts")?.get_mut(*row)? = Value::String(host.clone());
        }
        ServiceEdit::AddHost(_) => own_list(object, entry.as_ref(), "hosts")?.push(json!("")),
        ServiceEdit::RemoveHost(_, row) => {
            let hosts = own_list(object, entry.as_ref(), "hosts")?;
            if *row >= hosts.len() {
                return None;
            }
            hosts.remove(*row);
        }
        ServiceEdit::Cookie(_, change) => {
            service_cookies_edit::apply(own_list(object, entry.as_ref(), "cookies")?, change)?;
        }
        ServiceEdit::Remove(_) | ServiceEdit::MoveUp(_) | ServiceEdit::MoveDown(_) => return None,
    }
    Some(())
}

/// The service's own list `key`, first copied from its catalog entry (or made empty) when it leaves it out: so an edit
/// of one row overrides the entry with the whole list as the form showed it.
fn own_list<'a>(object: &'a mut Map<String, Value>, entry: Option<&Value>, key: &str) -> Option<&'a mut Vec<Value>> {
    let slot = object.entry(key).or_insert(Value::Null);
    if slot.is_null() {
        *slot = entry.and_then(|e| e.get(key)).filter(|v| v.is_array()).cloned().unwrap_or_else(|| json!([]));
    }
    slot.as_array_mut()
}

/// The draft `text` with a blank service of the team's own appended, waiting for `category`: its id and name to fill
/// in (the check asks for them at their fields), no hosts and no cookies yet. `None` when the draft is not a JSON
/// object or its `services` is not a list.
pub fn with_own_service(text: &str, category: &str) -> Option<String> {
    let blank = json!({"id": "", "name": "", "category": category, "hosts": []});
    with_appended(text, "services", &blank.to_string())
}

/// Whether the Services form shows a problem at `path` (under `services[N].`) beside its own field: the service's
/// fields, a host, a cookie row's field. The others are listed under the service.
pub fn has_own_field(path: &str) -> bool {
    let indexed = |rest: &str, list: &str| -> Option<String> {
        let rest = rest.strip_prefix(list)?.strip_prefix('[')?;
        let (digits, after) = rest.split_once(']')?;
        digits.parse::<usize>().ok().map(|_| after.to_owned())
    };
    match path {
        "id" | "name" | "category" | "provider" | "description" | "privacy_policy_url" | "kind"
        | "reload_on_withdraw" => true,
        _ if indexed(path, "hosts").is_some_and(|after| after.is_empty()) => true,
        _ => indexed(path, "cookies")
            .is_some_and(|after| matches!(after.as_str(), ".name" | ".kind" | ".purpose" | ".duration" | ".domain")),
    }
}

#[cfg(test)]
#[path = "service_edit_tests.rs"]
mod tests;
