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
