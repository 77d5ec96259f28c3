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
mod tests {
    use super::*;
    use crate::draft::check;

    const DEMO: &str = include_str!("../../../demo/consent.json");

    fn services_of(text: &str) -> Vec<Value> {
        let config: Value = serde_json::from_str(text).unwrap();
        config["services"].as_array().unwrap().clone()
    }

    #[test]
    fn a_catalog_service_shows_the_entrys_fields_where_it_leaves_them_out() {
        let rows = read(r#"{"services": [{"catalog": "hotjar", "category": "analytics", "name": "HJ"}]}"#).unwrap();
        let entry = catalog::entry("hotjar").unwrap();
        assert_eq!((rows[0].id.as_str(), rows[0].name.as_str()), ("hotjar", "HJ"));
        assert_eq!(rows[0].catalog.as_deref(), Some("hotjar"));
        assert_eq!(Some(&rows[0].hosts), entry.hosts.as_ref());
        assert_eq!(rows[0].cookies.len(), entry.cookies.as_ref().map_or(0, Vec::len));
        assert_eq!(Some(&rows[0].provider), entry.provider.as_ref());
    }

    #[test]
    fn a_title_falls_back_to_the_id_then_to_new_service() {
        let row = |name: &str, id: &str| ServiceRow { name: name.into(), id: id.into(), ..ServiceRow::default() };
        assert_eq!(row("Shop chat", "chat").title(), "Shop chat");
        assert_eq!(row(" ", "chat").title(), "chat");
        assert_eq!(row("", "").title(), "New service");
    }

    #[test]
    fn a_category_edit_rewrites_only_that_service() {
        let text = r#"{"site": "x", "services": [{"id": "a", "category": "one"}, {"id": "b", "category": "one"}]}"#;
        let edited = apply(text, &ServiceEdit::Category(1, "two".into())).unwrap();
        let services = services_of(&edited);
        assert_eq!((services[0]["category"].as_str(), services[1]["category"].as_str()), (Some("one"), Some("two")));
        assert!(edited.starts_with("{\n  \"site\": \"x\""), "the rest keeps its place: {edited}");
    }

    #[test]
    fn text_fields_are_written_and_an_emptied_policy_link_left_out() {
        let mut text = r#"{"services": [{"id": "a", "privacy_policy_url": "https://a.example/p"}]}"#.to_owned();
        for (field, value) in [
            (ServiceField::Id, "chat"),
            (ServiceField::Name, "Chat"),
            (ServiceField::Provider, "Chat Ltd"),
            (ServiceField::Description, "Answers questions"),
            (ServiceField::PrivacyPolicyUrl, ""),
        ] {
            text = apply(&text, &ServiceEdit::Text(0, field, value.into())).unwrap();
        }
        assert_eq!(
            services_of(&text),
            [json!({"id": "chat", "name": "Chat", "provider": "Chat Ltd", "description": "Answers questions"})]
        );
    }

    #[test]
    fn an_edited_catalog_field_overrides_the_entry() {
        let text = r#"{"services": [{"catalog": "hotjar", "category": "analytics"}]}"#;
        let named = apply(text, &ServiceEdit::Text(0, ServiceField::Name, "Heatmaps".into())).unwrap();
        assert_eq!(services_of(&named)[0]["name"], "Heatmaps");
        assert_eq!(read(&named).unwrap()[0].name, "Heatmaps");
    }

    #[test]
    fn a_host_edit_of_a_catalog_service_writes_the_entrys_hosts_with_the_change() {
        let text = r#"{"services": [{"catalog": "hotjar", "category": "analytics"}]}"#;
        let entry_hosts = catalog::entry("hotjar").unwrap().hosts.clone().unwrap();
        let added = apply(text, &ServiceEdit::AddHost(0)).unwrap();
        let edited = apply(&added, &ServiceEdit::Host(0, entry_hosts.len(), "cdn.heat.example".into())).unwrap();
        let mut expected = entry_hosts.clone();
        expected.push("cdn.heat.example".into());
        assert_eq!(read(&edited).unwrap()[0].hosts, expected);
        let removed = apply(&edited, &ServiceEdit::RemoveHost(0, 0)).unwrap();
        assert_eq!(read(&removed).unwrap()[0].hosts, expected[1..]);
        assert_eq!(apply(&removed, &ServiceEdit::RemoveHost(0, 99)), None);
    }

    #[test]
    fn a_cookie_edit_goes_into_the_services_cookies() {
        let text = r#"{"services": [{"id": "a", "category": "c", "name": "A", "hosts": []}]}"#;
        let added = apply(text, &ServiceEdit::Cookie(0, CookieEdit::Add)).unwrap();
        let set = apply(
            &added,
            &ServiceEdit::Cookie(0, CookieEdit::Set(0, service_cookies_edit::CookieField::Duration, "90d".into())),
        )
        .unwrap();
        assert_eq!(read(&set).unwrap()[0].cookies[0].duration, "90d");
    }

    #[test]
    fn a_removal_takes_the_service_out() {
        let text = r#"{"services": [{"id": "a"}, {"id": "b"}]}"#;
        let edited = apply(text, &ServiceEdit::Remove(0)).unwrap();
        assert_eq!(services_of(&edited), vec![json!({"id": "b"})]);
    }

    #[test]
    fn a_kind_edit_writes_the_config_value_and_the_check_accepts_it() {
        let at = services_of(DEMO).len() - 1;
        for kind in SERVICE_KINDS {
            let edited = apply(DEMO, &ServiceEdit::Kind(at, service_kind_value(kind))).unwrap();
            assert_eq!(read(&edited).unwrap()[at].kind, service_kind_value(kind));
            let problems = check(&edited, "demo-shop");
            assert!(problems.is_empty(), "{kind:?}: {problems:?}");
        }
        assert_eq!(service_kind_value(ServiceKind::LocalStorage), "local_storage");
    }

    #[test]
    fn a_kind_the_service_leaves_out_reads_as_the_entrys_else_cookie() {
        let rows = read(r#"{"services": [{"id": "a"}, {"catalog": "youtube", "category": "c"}]}"#).unwrap();
        let entry = serde_json::to_value(catalog::entry("youtube").unwrap()).unwrap();
        assert_eq!(rows[0].kind, "cookie");
        assert_eq!(Some(rows[1].kind.as_str()), entry["kind"].as_str().or(Some("cookie")));
    }

    #[test]
    fn an_unknown_kind_is_named_at_its_path_by_the_check() {
        let edited = apply(DEMO, &ServiceEdit::Kind(0, "hologram".into())).unwrap();
        let problems = check(&edited, "demo-shop");
        assert_eq!(problems.first().map(|p| p.path.as_str()), Some("services[0].kind"), "{problems:?}");
        assert_eq!(read(&edited).unwrap()[0].kind, "hologram", "the form shows what the JSON says");
    }

    #[test]
    fn reload_on_withdraw_is_written_when_set_and_left_out_when_cleared() {
        let text = r#"{"services": [{"id": "a"}]}"#;
        let set = apply(text, &ServiceEdit::ReloadOnWithdraw(0, true)).unwrap();
        assert_eq!(services_of(&set), [json!({"id": "a", "reload_on_withdraw": true})]);
        assert!(read(&set).unwrap()[0].reload_on_withdraw);
        let cleared = apply(&set, &ServiceEdit::ReloadOnWithdraw(0, false)).unwrap();
        assert_eq!(services_of(&cleared), [json!({"id": "a"})]);
        assert!(!read(&cleared).unwrap()[0].reload_on_withdraw);
    }

    #[test]
    fn moves_swap_neighbours_and_refuse_the_ends() {
        let text = r#"{"site": "x", "services": [{"id": "a"}, {"id": "b"}, {"id": "c"}]}"#;
        let ids = |text: &str| read(text).unwrap().into_iter().map(|s| s.id).collect::<Vec<_>>();
        let up = apply(text, &ServiceEdit::MoveUp(2)).unwrap();
        assert_eq!(ids(&up), ["a", "c", "b"]);
        let down = apply(&up, &ServiceEdit::MoveDown(0)).unwrap();
        assert_eq!(ids(&down), ["c", "a", "b"]);
        assert!(down.starts_with("{\n  \"site\": \"x\""), "the rest keeps its place: {down}");
        assert_eq!(apply(text, &ServiceEdit::MoveUp(0)), None);
        assert_eq!(apply(text, &ServiceEdit::MoveDown(2)), None);
        assert_eq!(apply(text, &ServiceEdit::MoveUp(3)), None);
    }

    #[test]
    fn an_edit_past_the_end_is_refused() {
        assert_eq!(apply(r#"{"services": []}"#, &ServiceEdit::Remove(0)), None);
        assert_eq!(apply(r#"{"services": []}"#, &ServiceEdit::AddHost(0)), None);
    }

    #[test]
    fn an_own_service_is_blank_in_its_category_and_the_check_asks_for_its_id_and_name() {
        let edited = with_own_service(DEMO, "marketing").unwrap();
        let at = services_of(DEMO).len();
        assert_eq!(services_of(&edited)[at], json!({"id": "", "name": "", "category": "marketing", "hosts": []}));
        let paths: Vec<String> = check(&edited, "demo-shop").into_iter().map(|p| p.path).collect();
        assert_eq!(paths, [format!("services[{at}].id"), format!("services[{at}].name")]);
    }

    #[test]
    fn categories_are_offered_by_title_and_id() {
        let text = r#"{"categories": [{"id": "analytics", "title": "Statistics"}, {"id": "x", "title": " "}, {"title": "no id"}]}"#;
        assert_eq!(
            category_choices(text),
            [("analytics".to_owned(), "Statistics (analytics)".to_owned()), ("x".to_owned(), "x".to_owned())]
        );
        assert_eq!(category_choices("not json"), []);
    }

    #[test]
    fn a_new_service_is_offered_the_first_optional_category() {
        assert_eq!(first_optional_category(DEMO).as_deref(), Some("analytics"));
        let only_required = r#"{"categories": [{"id": "necessary", "required": true}]}"#;
        assert_eq!(first_optional_category(only_required).as_deref(), Some("necessary"));
        assert_eq!(first_optional_category("{}"), None);
    }

    #[test]
    fn problems_with_a_field_of_their_own_are_told_from_the_rest() {
        for path in [
            "name",
            "id",
            "kind",
            "reload_on_withdraw",
            "hosts[3]",
            "cookies[0].duration",
            "cookies[12].kind",
            "privacy_policy_url",
        ] {
            assert!(has_own_field(path), "{path}");
        }
        for path in ["catalog", "hosts", "cookies[0]", "cookies[x].name", "hosts[1].x", "cookies[0].other"] {
            assert!(!has_own_field(path), "{path}");
        }
    }
}
