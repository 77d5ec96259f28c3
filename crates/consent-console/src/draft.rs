//! A config as the console edits it: a starter for a new site, the check the product team sees as they type (the
//! same consent-core check, and the same words, as `consent config check`), and what publishing would change.
//! Pure, so it is tested natively.

use consent_core::{ConfigError, SiteConfig};
use serde_json::Value;

use crate::cookie_problems::cookie_problems;

/// A config a new site starts from: the one category every site has, and a policy link to fill in. It passes the
/// check, so a site can be created at once and completed in the editor.
pub fn starter_config(site: &str) -> String {
    let config = serde_json::json!({
        "site": site,
        "revision": 1,
        "policy_url": "/privacy",
        "categories": [{
            "id": "necessary",
            "title": "Strictly necessary",
            "description": "Keep the site working, and remember this choice. They cannot be switched off.",
            "required": true
        }],
        "services": []
    });
    serde_json::to_string_pretty(&config).unwrap_or_default()
}

/// One problem of a draft, where the editor shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The field's path (`categories[1].title`), or empty for the config as a whole.
    pub path: String,
    /// Why, in `consent config check`'s words.
    pub reason: String,
}

/// Every problem of `text` as a config of `site` (empty when it can be published); a bad cookie duration or kind also
/// at its own path.
pub fn check(text: &str, site: &str) -> Vec<Problem> {
    match SiteConfig::from_json(text) {
        Ok(config) if config.site != site => vec![Problem {
            path: "site".into(),
            reason: format!("this is the config of site '{site}': \"site\" must say so (it says '{}')", config.site),
        }],
        Ok(_) => Vec::new(),
        // The parse stops at the first malformed value; a cookie row's is also named at its field, for the form.
        Err(ConfigError::Malformed(reason)) => {
            let mut problems = cookie_problems(text);
            problems.push(Problem { path: String::new(), reason });
            problems
        }
        Err(ConfigError::Invalid(fields)) => {
            fields.into_iter().map(|field| Problem { path: field.path, reason: field.reason }).collect()
        }
    }
}

/// What changed between two configs, as field paths with the old and the new value (compact JSON), objects' keys in
/// alphabetical order; `revision` is left out (every publish changes it). Both must be JSON; otherwise the whole is one change.
pub fn changes(old: &str, new: &str) -> Vec<Change> {
    let (Ok(old), Ok(new)) = (serde_json::from_str::<Value>(old), serde_json::from_str::<Value>(new)) else {
        return vec![Change { path: String::new(), before: Some(old.into()), after: Some(new.into()) }];
    };
    let mut found = Vec::new();
    compare(String::new(), Some(&old), Some(&new), &mut found);
    found.retain(|change| change.path != "revision");
    found
}

/// One changed field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Its path (`categories[2].title`).
    pub path: String,
    /// Its value before (compact JSON), or `None` where it was added.
    pub before: Option<String>,
    /// Its value after, or `None` where it was removed.
    pub after: Option<String>,
}

fn compare(path: String, old: Option<&Value>, new: Option<&Value>, found: &mut Vec<Change>) {
    match (old, new) {
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            for (key, value) in a {
                compare(join(&path, key), Some(value), b.get(key), found);
            }
            for (key, value) in b.iter().filter(|(key, _)| !a.contains_key(*key)) {
                compare(join(&path, key), None, Some(value), found);
            }
        }
        (Some(Value::Array(a)), Some(Value::Array(b))) => {
            for index in 0..a.len().max(b.len()) {
                compare(format!("{path}[{index}]"), a.get(index), b.get(index), found);
            }
        }
        (a, b) if a == b => {}
        (a, b) => found.push(Change { path, before: a.map(Value::to_string), after: b.map(Value::to_string) }),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_site_starts_from_a_config_that_passes_the_check() {
        let starter = starter_config("new-shop");
        assert_eq!(check(&starter, "new-shop"), []);
        assert_eq!(SiteConfig::from_json(&starter).unwrap().site, "new-shop");
    }

    #[test]
    fn the_check_names_each_field_in_the_words_of_config_check() {
        let broken = starter_config("shop").replace("\"Strictly necessary\"", "\"\"");
        let problems = check(&broken, "shop");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, "categories[0].title");
        let ConfigError::Invalid(fields) = SiteConfig::from_json(&broken).unwrap_err() else { panic!() };
        assert_eq!(problems[0].reason, fields[0].reason);
    }

    #[test]
    fn a_draft_that_is_not_json_is_one_problem_of_the_whole() {
        let problems = check("{\"site\": ", "shop");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, "");
        assert!(!problems[0].reason.is_empty());
    }

    #[test]
    fn a_draft_of_another_site_cannot_be_published_here() {
        let problems = check(&starter_config("other"), "shop");
        assert_eq!(problems[0].path, "site");
        assert!(problems[0].reason.contains("'shop'"), "{}", problems[0].reason);
    }

    #[test]
    fn publishing_sets_the_revision_and_changes_nothing_else() {
        let draft = starter_config("shop");
        let published = crate::json_text::with_revision(&draft, 7).unwrap();
        assert_eq!(SiteConfig::from_json(&published).unwrap().revision, 7);
        assert_eq!(changes(&draft, &published), []);
    }

    #[test]
    fn changes_name_every_edited_added_and_removed_field_but_the_revision() {
        let old = r#"{"revision": 1, "site": "shop", "categories": [{"id": "a", "title": "A"}], "gone": true}"#;
        let new = r#"{"revision": 2, "site": "shop", "categories": [{"id": "a", "title": "B"}, {"id": "c"}],
                      "consent_days": 30}"#;
        let found = changes(old, new);
        let paths: Vec<&str> = found.iter().map(|change| change.path.as_str()).collect();
        assert_eq!(paths, ["categories[0].title", "categories[1]", "gone", "consent_days"]);
        assert_eq!(found[0].before.as_deref(), Some("\"A\""));
        assert_eq!(found[0].after.as_deref(), Some("\"B\""));
        assert_eq!(found[1].before, None);
        assert_eq!(found[2].after, None);
    }
}
