//! The problems of the draft's cookie rows that consent-core's parse reports only as the config's first malformed
//! value, with a line and a column: a duration that is not a lifetime (`2 years`), a kind that is not a storage kind.
//! The Services form shows each at its field, in consent-core's own words (the parse's message without its place).
//! Pure, so it is tested natively.

use consent_core::lifetime::Lifetime;
use consent_core::StorageKind;
use serde_json::Value;

use crate::draft::Problem;

/// Every cookie row of `text`'s services whose `duration` or `kind` consent-core would not read, at its path
/// (`services[2].cookies[0].duration`). None when `text` is not JSON: the parse's own message says why.
pub fn cookie_problems(text: &str) -> Vec<Problem> {
    let Ok(config) = serde_json::from_str::<Value>(text) else { return Vec::new() };
    let services = config.get("services").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    let mut problems = Vec::new();
    for (at, service) in services.iter().enumerate() {
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
    fn good_rows_and_other_json_have_none() {
        assert_eq!(cookie_problems(DEMO), []);
        assert_eq!(cookie_problems("{\"services\": "), []);
        assert_eq!(cookie_problems("[1]"), []);
    }
}
