use proptest::prelude::*;

use super::*;
use crate::choice::{action_with_services, Action, Choice};
use crate::record::{ConsentRecord, ConsentSubmission};

/// The shipped demo config: analytics (demo-analytics), marketing (demo-ads, demo-video), plus a strictly necessary
/// service added here.
fn config() -> SiteConfig {
    let demo = include_str!("../../../demo/consent.json");
    let necessary = r#""services": [
        {"id": "shop-session", "category": "necessary", "name": "Shop session", "hosts": []},"#;
    SiteConfig::from_json(&demo.replacen(r#""services": ["#, necessary, 1)).unwrap()
}

fn category(id: &str) -> CategoryId {
    CategoryId::try_from(id).unwrap()
}

fn service(id: &str) -> ServiceId {
    ServiceId::try_from(id).unwrap()
}

/// What the choice decides, as the banner records it: (category, decision) and (service, decision) pairs.
fn decided(config: &SiteConfig, custom: &CustomChoice) -> (Decisions, ServiceDecisions) {
    let choice = Choice::Custom(custom.clone());
    let decisions = choice.decide(config);
    let services = choice.decide_services(config, &decisions);
    (decisions, services)
}

fn granted_services(services: &ServiceDecisions) -> Vec<&str> {
    services.iter().filter(|(_, d)| **d == Decision::Granted).map(|(id, _)| id.as_str()).collect()
}

#[test]
fn nothing_is_switched_on_until_the_visitor_does_it() {
    let config = config();
    let (decisions, services) = decided(&config, &CustomChoice::none());
    assert_eq!(crate::choice::granted(&decisions).map(CategoryId::as_str).collect::<Vec<_>>(), ["necessary"]);
    assert_eq!(granted_services(&services), ["shop-session"], "only the strictly necessary service");
}

#[test]
fn switching_a_category_switches_every_one_of_its_services() {
    let config = config();
    let mut custom = CustomChoice::none();
    custom.set_category(&config, &category("marketing"), true);
    assert!(custom.has_service(&config, &service("demo-ads")) && custom.has_service(&config, &service("demo-video")));
    assert_eq!(granted_services(&decided(&config, &custom).1), ["demo-ads", "demo-video", "shop-session"]);

    custom.set_service(&config, &service("demo-ads"), false);
    custom.set_category(&config, &category("marketing"), false);
    custom.set_category(&config, &category("marketing"), true);
    assert!(custom.has_service(&config, &service("demo-ads")), "switching the category on again switches all on");
}

#[test]
fn switching_a_service_on_switches_its_category_on_and_leaves_the_others_off() {
    let config = config();
    let mut custom = CustomChoice::none();
    custom.set_service(&config, &service("demo-video"), true);
    assert!(custom.has_category(&category("marketing")));
    assert!(!custom.has_service(&config, &service("demo-ads")), "the visitor chose the video only");
    let (decisions, services) = decided(&config, &custom);
    assert_eq!(decisions[&category("marketing")], Decision::Granted);
    assert_eq!(granted_services(&services), ["demo-video", "shop-session"]);
}

#[test]
fn switching_every_service_of_a_category_off_leaves_the_category_on() {
    let config = config();
    let mut custom = CustomChoice::none();
    custom.set_category(&config, &category("marketing"), true);
    custom.set_service(&config, &service("demo-ads"), false);
    custom.set_service(&config, &service("demo-video"), false);
    assert!(custom.has_category(&category("marketing")), "the category covers tags marked by category alone");
    let (decisions, services) = decided(&config, &custom);
    assert_eq!(decisions[&category("marketing")], Decision::Granted);
    assert_eq!(services[&service("demo-ads")], Decision::Denied);
    assert_eq!(services[&service("demo-video")], Decision::Denied);
}

#[test]
fn the_services_of_a_strictly_necessary_category_cannot_be_switched_off() {
    let config = config();
    let mut custom = CustomChoice::none();
    custom.set_service(&config, &service("shop-session"), false);
    custom.set_category(&config, &category("necessary"), false);
    assert!(custom.has_service(&config, &service("shop-session")));
    assert_eq!(decided(&config, &custom).1[&service("shop-session")], Decision::Granted);
}

#[test]
fn a_stored_choice_reopens_exactly_as_it_was_made() {
    let config = config();
    let mut custom = CustomChoice::none();
    custom.set_service(&config, &service("demo-ads"), true);
    custom.set_category(&config, &category("analytics"), true);
    let (decisions, services) = decided(&config, &custom);
    let reopened = CustomChoice::from_decisions(&decisions, &services);
    assert_eq!(decided(&config, &reopened), (decisions, services));
    assert!(!reopened.has_service(&config, &service("demo-video")));
}

#[test]
fn unknown_services_are_ignored_rather_than_trusted() {
    let config = config();
    let mut custom = CustomChoice::none();
    custom.set_service(&config, &service("made-up"), true);
    assert_eq!(decided(&config, &custom), decided(&config, &CustomChoice::none()));
    assert!(!custom.has_service(&config, &service("made-up")));
}

#[test]
fn taking_back_one_service_is_a_withdrawal() {
    let config = config();
    let accepted = (
        Choice::AcceptAll.decide(&config),
        Choice::AcceptAll.decide_services(&config, &Choice::AcceptAll.decide(&config)),
    );
    let mut custom = CustomChoice::from_decisions(&accepted.0, &accepted.1);
    custom.set_service(&config, &service("demo-video"), false);
    let choice = Choice::Custom(custom.clone());
    let (decisions, services) = decided(&config, &custom);
    let action = action_with_services(&choice, Some((&accepted.0, &accepted.1)), (&decisions, &services), &config);
    assert_eq!(action, Action::Withdraw);
    let first = action_with_services(&choice, None, (&decisions, &services), &config);
    assert_eq!(first, Action::Custom);
}

/// A toggle a visitor can press: a category or a service (by index into the config), on or off.
#[derive(Debug, Clone)]
enum Toggle {
    Category(usize, bool),
    Service(usize, bool),
}

fn toggles() -> impl Strategy<Value = Vec<Toggle>> {
    let one = prop_oneof![
        (0usize..3, any::<bool>()).prop_map(|(i, on)| Toggle::Category(i, on)),
        (0usize..4, any::<bool>()).prop_map(|(i, on)| Toggle::Service(i, on)),
    ];
    proptest::collection::vec(one, 0..12)
}

fn submission(config: &SiteConfig, decisions: &Decisions, services: &ServiceDecisions) -> ConsentSubmission {
    ConsentSubmission {
        consent_id: "0f8fad5b-d9cb-469f-a165-70867728950e".into(),
        previous_id: None,
        site: config.site.clone(),
        action: Action::Custom,
        decisions: decisions.iter().map(|(id, d)| (id.to_string(), *d)).collect(),
        services: services.iter().map(|(id, d)| (id.to_string(), *d)).collect(),
        config_revision: config.revision,
        config_sha256: "0".repeat(64),
        policy_sha256: None,
        locale: "en".into(),
        ui_layer: crate::UiLayer::Preferences,
        region: "default".into(),
        page_url: "https://shop.example/".into(),
        gpc: false,
        consent_mode: Default::default(),
        decided_at_ms: 1,
        expires_at_ms: 2,
        banner_version: "0.1.0".into(),
        found_trackers: Vec::new(),
        tc_string: None,
        ac_string: None,
    }
}

proptest! {
    /// Whatever the visitor presses, the toggles show what is recorded, and the endpoint accepts the record.
    #[test]
    fn every_sequence_of_toggles_makes_a_record_the_endpoint_accepts(presses in toggles()) {
        let config = config();
        let mut custom = CustomChoice::none();
        for press in presses {
            match press {
                Toggle::Category(i, on) => custom.set_category(&config, &config.categories[i].id.clone(), on),
                Toggle::Service(i, on) => custom.set_service(&config, &config.services[i].id.clone(), on),
            }
        }
        let (decisions, services) = decided(&config, &custom);
        for s in &config.services {
            prop_assert_eq!(custom.has_service(&config, &s.id), services[&s.id] == Decision::Granted, "{}", s.id);
        }
        for c in config.categories.iter().filter(|c| !c.required) {
            prop_assert_eq!(custom.has_category(&c.id), decisions[&c.id] == Decision::Granted, "{}", c.id);
        }
        let record = ConsentRecord::try_from(submission(&config, &decisions, &services)).unwrap();
        prop_assert_eq!(record.check_against(&config), Ok(()));
    }
}
