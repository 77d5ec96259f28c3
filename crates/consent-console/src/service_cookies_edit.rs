//! The cookies table of one service as the Services form edits it: each row's name, kind (where it lives, one of
//! consent-core's [`StorageKind`]s), purpose, duration (a consent-core [`consent_core::lifetime::Lifetime`], written as
//! configs write it: `session`, `30min`, `24h`, `90d`, `13mo`, `2y`) and domain; rows added and removed. Rows are read
//! leniently (a wrong value shows as written, and the check names it at its field) and written as consent-core's
//! [`consent_core::TrackerItem`] reads them. Pure, so it is tested natively; the table itself is `service_cookies.rs`.

use consent_core::StorageKind;
use serde_json::{json, Value};

/// Every kind of storage a row can name, in the order the kind select offers them.
pub const STORAGE_KINDS: [StorageKind; 4] =
    [StorageKind::Cookie, StorageKind::LocalStorage, StorageKind::SessionStorage, StorageKind::Pixel];

/// How a config writes `kind` (`local_storage`).
pub fn kind_value(kind: StorageKind) -> String {
    serde_json::to_value(kind).ok().and_then(|value| value.as_str().map(str::to_owned)).unwrap_or_default()
}

/// What the kind select shows for `kind`: the browser's own name for it, which product teams know.
pub fn kind_label(kind: StorageKind) -> &'static str {
    match kind {
        StorageKind::Cookie => "Cookie",
        StorageKind::LocalStorage => "localStorage",
        StorageKind::SessionStorage => "sessionStorage",
        StorageKind::Pixel => "Pixel (nothing stored)",
    }
}

/// One row of the table as the form shows it; a field that is missing or not text shows empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CookieRow {
    /// The cookie's or key's name, or a pattern with `*` (`_ga_*`).
    pub name: String,
    /// Where it lives, as a config writes it (`cookie` when left out).
    pub kind: String,
    /// What it is for, as visitors read it.
    pub purpose: String,
    /// How long it is kept, as written (`13mo`).
    pub duration: String,
    /// The domain a cookie is set on, when not the page's own host.
    pub domain: String,
}

/// The rows of a service's `cookies` value (none when it is missing or not a list).
pub fn rows(cookies: Option<&Value>) -> Vec<CookieRow> {
    let list = cookies.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    list.iter()
        .map(|item| {
            let text = |key: &str| item.get(key).and_then(Value::as_str).unwrap_or_default().to_owned();
            let kind = item.get("kind").and_then(Value::as_str).unwrap_or("cookie").to_owned();
            CookieRow {
                name: text("name"),
                kind,
                purpose: text("purpose"),
                duration: text("duration"),
                domain: text("domain"),
            }
        })
        .collect()
}

/// A field of a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CookieField {
    /// `name`.
    Name,
    /// `kind`.
    Kind,
    /// `purpose`.
    Purpose,
    /// `duration`.
    Duration,
    /// `domain`: left out when empty (the page's own host).
    Domain,
}

impl CookieField {
    /// The field's key in the config, and in a problem's path.
    pub fn key(self) -> &'static str {
        match self {
            CookieField::Name => "name",
            CookieField::Kind => "kind",
            CookieField::Purpose => "purpose",
            CookieField::Duration => "duration",
            CookieField::Domain => "domain",
        }
    }
}

/// One change to a service's cookies table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CookieEdit {
    /// The row at this place gets this value in this field.
    Set(usize, CookieField, String),
    /// A row added at the end: a cookie kept for the session, to be named (the check asks for its name).
    Add,
    /// The row at this place taken out.
    Remove(usize),
}

/// `list` (a service's `cookies`) with `edit` made; `None` when there is no row at that place.
pub fn apply(list: &mut Vec<Value>, edit: &CookieEdit) -> Option<()> {
    match edit {
        CookieEdit::Set(at, field, value) => {
            let item = list.get_mut(*at)?.as_object_mut()?;
            if *field == CookieField::Domain && value.trim().is_empty() {
                item.remove(field.key());
            } else {
                item.insert(field.key().to_owned(), Value::String(value.clone()));
            }
        }
        CookieEdit::Add => list.push(json!({"name": "", "kind": "cookie", "purpose": "", "duration": "session"})),
        CookieEdit::Remove(at) => {
            if *at >= list.len() {
                return None;
            }
            list.remove(*at);
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use consent_core::TrackerItem;

    #[test]
    fn rows_read_every_field_and_default_the_kind_to_cookie() {
        let cookies = json!([{"name": "_ga", "purpose": "Distinguishes users", "duration": "2y", "domain": ".x.com"},
                             {"name": "k", "kind": "local_storage", "duration": 12}]);
        let read = rows(Some(&cookies));
        assert_eq!(
            read[0],
            CookieRow {
                name: "_ga".into(),
                kind: "cookie".into(),
                purpose: "Distinguishes users".into(),
                duration: "2y".into(),
                domain: ".x.com".into(),
            }
        );
        assert_eq!((read[1].kind.as_str(), read[1].duration.as_str()), ("local_storage", ""));
        assert_eq!(rows(None), []);
    }

    #[test]
    fn an_added_row_is_a_tracker_item_once_named() {
        let mut list = Vec::new();
        apply(&mut list, &CookieEdit::Add).unwrap();
        apply(&mut list, &CookieEdit::Set(0, CookieField::Name, "sid".into())).unwrap();
        let item: TrackerItem = serde_json::from_value(list[0].clone()).unwrap();
        assert_eq!(
            (item.name.as_str(), item.kind, item.duration.to_string()),
            ("sid", StorageKind::Cookie, "session".into())
        );
    }

    #[test]
    fn each_field_is_written_and_an_empty_domain_left_out() {
        let mut list = vec![json!({"name": "a", "duration": "1d", "domain": ".x.com"})];
        for (field, value) in [
            (CookieField::Kind, "session_storage"),
            (CookieField::Purpose, "Keeps the cart"),
            (CookieField::Duration, "13mo"),
            (CookieField::Domain, " "),
        ] {
            apply(&mut list, &CookieEdit::Set(0, field, value.into())).unwrap();
        }
        assert_eq!(
            list[0],
            json!({"name": "a", "kind": "session_storage", "purpose": "Keeps the cart", "duration": "13mo"})
        );
    }

    #[test]
    fn a_row_is_removed_and_one_past_the_end_refused() {
        let mut list = vec![json!({"name": "a"}), json!({"name": "b"})];
        apply(&mut list, &CookieEdit::Remove(0)).unwrap();
        assert_eq!(list, vec![json!({"name": "b"})]);
        assert_eq!(apply(&mut list, &CookieEdit::Remove(1)), None);
        assert_eq!(apply(&mut list, &CookieEdit::Set(3, CookieField::Name, "x".into())), None);
    }

    #[test]
    fn every_kind_is_written_as_the_config_reads_it() {
        for kind in STORAGE_KINDS {
            let written = kind_value(kind);
            assert_eq!(serde_json::from_value::<StorageKind>(json!(written)).unwrap(), kind);
            assert!(!kind_label(kind).is_empty());
        }
    }
}
