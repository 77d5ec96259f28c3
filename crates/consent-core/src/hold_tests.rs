use super::*;
use crate::config::tests::DEMO;
use crate::config::ConfigError;
use crate::tracker_db::TrackerCategory;

const PAGE: &str = "shop.example";

fn config_with(extra: &str) -> SiteConfig {
    SiteConfig::from_json(&DEMO.replace("\"revision\": 1,", &format!("\"revision\": 1, {extra}"))).unwrap()
}

fn problems(extra: &str) -> Vec<String> {
    match SiteConfig::from_json(&DEMO.replace("\"revision\": 1,", &format!("\"revision\": 1, {extra}"))) {
        Err(ConfigError::Invalid(list)) => list.iter().map(ToString::to_string).collect(),
        other => panic!("expected field problems, got {other:?}"),
    }
}

/// The site category a URL is held under: `Some(Some(id))`, `Some(None)` for "every category", `None` if it goes.
fn held_under(config: &SiteConfig, url: &str) -> Option<Option<String>> {
    match config.hold_for_url(TrackerDb::builtin(), url, PAGE)? {
        Hold::Service(service) => Some(Some(service.category.to_string())),
        Hold::Tracker(held) => Some(held.category.map(ToString::to_string)),
    }
}

fn ids<T: for<'a> TryFrom<&'a str> + Ord>(list: &[&str]) -> BTreeSet<T> {
    list.iter().filter_map(|id| T::try_from(id).ok()).collect()
}

#[test]
fn an_unlisted_catalog_tracker_is_held_under_its_category() {
    let config = config_with("");
    assert_eq!(held_under(&config, "https://www.clarity.ms/tag/abc"), Some(Some("analytics".into())));
    assert_eq!(held_under(&config, "https://connect.facebook.net/en_US/fbevents.js"), Some(Some("marketing".into())));
}

#[test]
fn a_tracker_known_only_from_the_open_data_set_is_held_too() {
    assert_eq!(
        held_under(&config_with(""), "https://cdn.taboola.com/libtrc/loader.js"),
        Some(Some("marketing".into()))
    );
}

#[test]
fn a_database_category_the_site_lacks_waits_for_every_category() {
    let config = config_with("");
    let held = config.hold_for_url(TrackerDb::builtin(), "https://widget.intercom.io/widget/x", PAGE).unwrap();
    assert_eq!(held_under(&config, "https://widget.intercom.io/widget/x"), Some(None));
    let all: BTreeSet<CategoryId> = ids(&["necessary", "analytics", "marketing"]);
    let some: BTreeSet<CategoryId> = ids(&["necessary", "analytics"]);
    assert!(held.released_by(&config, &all, &BTreeSet::new()));
    assert!(!held.released_by(&config, &some, &BTreeSet::new()));
}

#[test]
fn the_sites_own_host_cdns_and_unknown_hosts_are_never_held() {
    let config = config_with("");
    for url in [
        "https://shop.example/analytics.js",
        "https://fonts.googleapis.com/css2?family=Inter",
        "https://cdn.jsdelivr.net/npm/x@1/x.js",
        "https://api.unknown-widget.example/v1",
        "/relative.js",
        "data:text/plain,x",
    ] {
        assert_eq!(held_under(&config, url), None, "{url}");
    }
}

#[test]
fn a_configured_service_comes_before_the_database() {
    let config = config_with(
        r#""services": [{"id": "stats", "category": "marketing", "name": "Stats", "hosts": ["clarity.ms"]}],"#,
    );
    let held = config.hold_for_url(TrackerDb::builtin(), "https://www.clarity.ms/tag/abc", PAGE).unwrap();
    assert!(matches!(held, Hold::Service(service) if service.id.as_str() == "stats"));
    let marketing: BTreeSet<CategoryId> = ids(&["marketing"]);
    assert!(!held.released_by(&config, &marketing, &BTreeSet::new()), "the service must be granted too");
    assert!(held.released_by(&config, &marketing, &ids(&["stats"])));
}

#[test]
fn overrides_allow_a_host_move_a_host_and_map_a_category() {
    let config = config_with(
        r#""auto_blocking": {"allow": ["cdn.taboola.com"], "hosts": {"clarity.ms": "marketing",
            "stats.partner.example": "analytics"}, "categories": {"functional": "analytics"}},"#,
    );
    assert_eq!(held_under(&config, "https://cdn.taboola.com/libtrc/loader.js"), None, "allowed");
    assert_eq!(held_under(&config, "https://trc.taboola.com/x"), Some(Some("marketing".into())), "only that host");
    assert_eq!(held_under(&config, "https://www.clarity.ms/tag/abc"), Some(Some("marketing".into())), "moved");
    assert_eq!(held_under(&config, "https://stats.partner.example/hit"), Some(Some("analytics".into())), "added");
    assert_eq!(held_under(&config, "https://widget.intercom.io/widget/x"), Some(Some("analytics".into())), "mapped");
}

#[test]
fn a_tracker_moved_to_a_required_category_goes_at_once() {
    let config = config_with(r#""auto_blocking": {"hosts": {"clarity.ms": "necessary"}},"#);
    assert_eq!(held_under(&config, "https://www.clarity.ms/tag/abc"), None);
}

#[test]
fn auto_blocking_can_be_turned_off() {
    for off in [r#""auto_blocking": false,"#, r#""auto_blocking": {"enabled": false},"#] {
        let config = config_with(off);
        assert_eq!(held_under(&config, "https://www.clarity.ms/tag/abc"), None, "{off}");
    }
}

#[test]
fn defaults_send_each_database_category_to_the_sites_category_of_that_id() {
    let config = config_with("");
    let marketing = CategoryId::try_from("marketing").unwrap();
    assert!(config.auto_blocking.enabled);
    assert_eq!(config.auto_blocking.categories[&TrackerCategory::Marketing], Some(marketing));
    assert_eq!(config.auto_blocking.categories[&TrackerCategory::Functional], None);
}

#[test]
fn bad_overrides_are_named_by_their_path() {
    let found = problems(
        r#""auto_blocking": {"allow": ["https://x"], "hosts": {"a.example": "ads"}, "categories": {"ads": "marketing"}},"#,
    );
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].starts_with("auto_blocking.allow[0]: "), "{found:?}");
    assert_eq!(
        found[1],
        "auto_blocking.hosts.a.example: 'ads' is not a category of this config (necessary, analytics, marketing)"
    );
    assert_eq!(
        found[2],
        "auto_blocking.categories.ads: is not a tracker category (use analytics, marketing, functional)"
    );
    assert_eq!(
        problems(r#""auto_blocking": "off","#),
        ["auto_blocking: must be false (off), true or an object with allow, hosts and categories"]
    );
    assert!(problems(r#""auto_blocking": {"allowed": []},"#)[0].starts_with("auto_blocking: unknown field `allowed`"));
}

#[test]
fn the_served_config_reads_back_as_the_same_config() {
    let config =
        config_with(r#""auto_blocking": {"allow": ["cdn.taboola.com"], "hosts": {"clarity.ms": "marketing"}},"#);
    let served = serde_json::to_string(&config).unwrap();
    assert_eq!(SiteConfig::from_json(&served).unwrap(), config);
}
