//! The problems of the draft's services that consent-core's parse reports only as the config's first malformed value,
//! with a line and a column: a service's kind that is not one of its kinds, a `reload_on_withdraw` that is not true or
//! false; a cookie row's duration that is not a lifetime (`2 years`), a kind that is not a storage kind.
//! The Services form shows each at its field, in consent-core's own words (the parse's message without its place).
//! Pure, so it is tested natively.

use consent_core::lifetime::Lifetime;
use consent_core::{ServiceKind, StorageKind};
use serde_json::Value;

use crate::draft::Problem;

/// Every service of `text` whose `kind` or `reload_on_withdraw` consent-core would not read, and every cookie row whose
/// `duration` or `kind` it would not, at its path (`services[1].kind`, `services[2].cookies[0].duration`). None when `text` is not JSON: the parse's own message says why.
pub fn cookie_problems(text: &str) -> Vec<Problem> {
    let Ok(config) = serde_json::from_str::<Value>(text) else { return Vec::new() };
    let services = config.get("services").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let mut problems = Vec::new();
    for (at, service) in services.iter().enumerate() {
        if let Some(kind) = service.get("kind") {
            if let Err(why) = serde_json::from_value::<ServiceKind>(kind.clone()) {
                problems.push(Problem { path: format!("services[{at}].kind"), reason: why.to_string() });
            }
        }
        if let Some(reload) = service.get("reload_on_withdraw") {
            if let Err(why) = serde_json::from_value::<bool>(reload.clone()) {
                problems.push(Problem { path: format!("services[{at}].reload_on_withdraw"), reason: why.to_string() });
            }
        }
        let cookies = service.get("cookies").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        for (row, item) in cookies.iter().enumerate() {
            let path = |field: &str| format!("services[{at}].cookies[{row}].{field}");
            if let Some(duration) = item.get("duration") {
                if let Err(why) = serde_json::from_value::<Lifetime>(duration.clone()) {
                    problems.push(Problem { path: path("duration"), reason: why.to_string() });
                }
            }
            if let Some(kind) = item.get("kind") {
                if let Err(why) = serde_json::from_value::<StorageKind>(kind.clone()) {
                    problems.push(Problem { path: path("kind"), reason: why.to_string() });
                }
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use consent_core::{ConfigError, SiteConfig};

    const DEMO: &str = include_str!("../../../demo/consent.json");

    #[test]
    fn a_bad_duration_is_named_at_its_field_in_the_words_of_the_parse() {
        let mut config: Value = serde_json::from_str(DEMO).unwrap();
        config["services"][1]["cookies"] =
            serde_json::json!([{"name": "a", "duration": "1d"}, {"name": "b", "duration": "2 years"}]);
        let text = config.to_string();
        let problems = cookie_problems(&text);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, "services[1].cookies[1].duration");
        let Err(ConfigError::Malformed(parse)) = SiteConfig::from_json(&text) else { panic!("the parse refuses it") };
        assert!(parse.starts_with(&problems[0].reason), "{parse} / {}", problems[0].reason);
    }

    #[test]
    fn a_bad_kind_and_a_duration_that_is_not_text_are_named() {
        let text = r#"{"services": [{"cookies": [{"name": "a", "kind": "jar", "duration": 12}]}]}"#;
        let paths: Vec<String> = cookie_problems(text).into_iter().map(|p| p.path).collect();
        assert_eq!(paths, ["services[0].cookies[0].duration", "services[0].cookies[0].kind"]);
    }

    #[test]
    fn a_services_bad_kind_and_reload_are_named_at_their_fields_in_the_words_of_the_parse() {
        let mut config: Value = serde_json::from_str(DEMO).unwrap();
        config["services"][0]["kind"] = serde_json::json!("hologram");
        config["services"][2]["reload_on_withdraw"] = serde_json::json!("yes");
        let text = config.to_string();
        let problems = cookie_problems(&text);
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["services[0].kind", "services[2].reload_on_withdraw"]);
        assert!(problems[0].reason.contains("hologram"), "{}", problems[0].reason);
        let Err(ConfigError::Malformed(parse)) = SiteConfig::from_json(&text) else { panic!("the parse refuses it") };
        assert!(parse.starts_with(&problems[0].reason), "{parse} / {}", problems[0].reason);
    }

    #[test]
    fn good_rows_and_other_json_have_none() {
        assert_eq!(cookie_problems(DEMO), []);
        assert_eq!(cookie_problems("{\"services\": "), []);
        assert_eq!(cookie_problems("[1]"), []);
    }
}
