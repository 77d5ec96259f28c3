//! JSON as the product team reads it in the editor: indented, with the keys in the order they were written (a
//! `serde_json::Value` would sort them), and the one edit publishing makes, the revision, done on the text.

use serde::de::IgnoredAny;

/// `text` indented by two spaces a level, keys in their order; `None` if it is not JSON.
pub fn pretty(text: &str) -> Option<String> {
    serde_json::from_str::<IgnoredAny>(text).ok()?;
    let mut out = String::with_capacity(text.len() * 2);
    let mut depth = 0usize;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                out.push('"');
                copy_string_rest(&mut chars, &mut out);
            }
            '{' | '[' => {
                while chars.next_if(|next| next.is_whitespace()).is_some() {}
                out.push(c);
                if let Some(close) = chars.next_if(|next| matches!(next, '}' | ']')) {
                    out.push(close);
                } else {
                    depth += 1;
                    new_line(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                new_line(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(',');
                new_line(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    Some(out)
}

/// `text` (a JSON object) with its top-level `revision` set to `revision` (added first if it has none), indented as
/// [`pretty`] does; `None` if it is not a JSON object.
pub fn with_revision(text: &str, revision: i64) -> Option<String> {
    let text = pretty(text)?;
    if !text.starts_with('{') {
        return None;
    }
    let mut depth = 0usize;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => depth = depth.saturating_sub(1),
            '"' => {
                let mut key = String::new();
                let mut rest = chars.by_ref().map(|(_, c)| c).peekable();
                copy_string_rest(&mut rest, &mut key);
                if depth == 1 && key == "revision\"" {
                    // The key is followed by `: ` and the value, a number up to the next `,` or new line.
                    let value_start = at + "\"revision\": ".len();
                    let value_end = text[value_start..].find([',', '\n']).map_or(text.len(), |end| value_start + end);
                    return Some(format!("{}{revision}{}", &text[..value_start], &text[value_end..]));
                }
            }
            _ => {}
        }
    }
    let inserted = if text == "{}" {
        format!("{{\"revision\": {revision}}}")
    } else {
        format!("{{\"revision\": {revision}, {}", &text[1..])
    };
    pretty(&inserted)
}

/// `text` (a JSON object) with `element` (JSON) appended to its top-level array `key` (made if it is missing or
/// `null`), indented as [`pretty`] does; `None` if `text` is not a JSON object or `key` holds something else.
pub fn with_appended(text: &str, key: &str, element: &str) -> Option<String> {
    let text = pretty(text)?;
    if !text.starts_with('{') {
        return None;
    }
    let edited = match top_level_value(&text, key) {
        Some((start, end)) => match &text[start..end] {
            "null" | "[]" => format!("{}[{element}]{}", &text[..start], &text[end..]),
            array if array.starts_with('[') => format!("{}, {element}]{}", &text[..end - 1], &text[end..]),
            _ => return None,
        },
        None if text == "{}" => format!("{{\"{key}\": [{element}]}}"),
        None => format!("{}, \"{key}\": [{element}]}}", text[..text.len() - 1].trim_end()),
    };
    pretty(&edited)
}

/// `text` (a JSON object) with the value of its top-level `key` replaced by `value` (JSON), or `key` added last if it
/// is missing; the other keys keep their order and their text. Indented as [`pretty`] does; `None` if `text` is not a
/// JSON object. Form editors use it, so that an edit of one section leaves the rest of the config as it was written.
pub fn with_replaced(text: &str, key: &str, value: &str) -> Option<String> {
    let text = pretty(text)?;
    if !text.starts_with('{') {
        return None;
    }
    let edited = match top_level_value(&text, key) {
        Some((start, end)) => format!("{}{value}{}", &text[..start], &text[end..]),
        None if text == "{}" => format!("{{{}: {value}}}", serde_json::to_string(key).ok()?),
        None => format!("{}, {}: {value}}}", text[..text.len() - 1].trim_end(), serde_json::to_string(key).ok()?),
    };
    pretty(&edited)
}

/// `text` (a JSON object) without its top-level `key` (as it was if it has none), the other keys keeping their order
/// and their text; indented as [`pretty`] does, `None` if `text` is not a JSON object. A form that turns a whole
/// section off (the IAB TCF section, the regional rules) uses it, so the config reads as if it never had the section.
pub fn without(text: &str, key: &str) -> Option<String> {
    let text = pretty(text)?;
    if !text.starts_with('{') {
        return None;
    }
    let Some((key_start, _, value_end)) = top_level_entry(&text, key) else { return Some(text) };
    let (before, after) = (text[..key_start].trim_end(), text[value_end..].trim_start());
    // The comma that separated the entry from its neighbour goes with it: the one before, else the one after.
    let edited = match before.strip_suffix(',') {
        Some(before) => format!("{before}{after}"),
        None => format!("{before}{}", after.strip_prefix(',').unwrap_or(after)),
    };
    pretty(&edited)
}

/// Where the value of the top-level `key` of the JSON object `text` (as [`pretty`] writes it) is: its first byte and
/// the byte after it.
fn top_level_value(text: &str, key: &str) -> Option<(usize, usize)> {
    top_level_entry(text, key).map(|(_, start, end)| (start, end))
}

/// Where the top-level `key` of the JSON object `text` (as [`pretty`] writes it) is: the first byte of the key, and
/// the first byte of its value and the byte after it.
fn top_level_entry(text: &str, key: &str) -> Option<(usize, usize, usize)> {
    let wanted = format!("\"{key}\"");
    let mut depth = 0usize;
    let mut key_start = 0usize;
    let mut value_start = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                if let Some(start) = value_start.filter(|_| depth == 1) {
                    return Some((key_start, start, at + 1));
                }
            }
            ',' if depth == 1 => {
                if let Some(start) = value_start {
                    return Some((key_start, start, at));
                }
            }
            '"' => {
                let mut string = String::from('"');
                let mut rest = chars.by_ref().map(|(_, c)| c);
                copy_string_rest(&mut rest, &mut string);
                let after = at + string.len();
                if depth == 1 && value_start.is_none() && string == wanted && text[after..].starts_with(':') {
                    let start = after + 1 + text[after + 1..].len() - text[after + 1..].trim_start().len();
                    if text[start..].starts_with("null") {
                        return Some((at, start, start + 4));
                    }
                    if !text[start..].starts_with(['{', '[']) {
                        return Some((at, start, start + scalar_len(&text[start..])));
                    }
                    key_start = at;
                    value_start = Some(start);
                    // Skip to the value's opening bracket, which the loop counts.
                    while chars.next_if(|(i, _)| *i < start).is_some() {}
                }
            }
            _ => {}
        }
    }
    None
}

/// The length in bytes of the string, number, `true`, `false` or `null` that `text` starts with.
fn scalar_len(text: &str) -> usize {
    if let Some(rest) = text.strip_prefix('"') {
        let mut string = String::new();
        copy_string_rest(&mut rest.chars(), &mut string);
        return 1 + string.len();
    }
    text.find([',', '}', ']']).map_or(text.len(), |end| text[..end].trim_end().len())
}

/// Copies the rest of a JSON string (after its opening quote) up to and including its closing quote.
fn copy_string_rest(chars: &mut impl Iterator<Item = char>, out: &mut String) {
    let mut escaped = false;
    for c in chars {
        out.push(c);
        match (escaped, c) {
            (true, _) => escaped = false,
            (false, '\\') => escaped = true,
            (false, '"') => return,
            _ => {}
        }
    }
}

fn new_line(out: &mut String, depth: usize) {
    out.push('\n');
    out.extend(std::iter::repeat_n("  ", depth));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pretty_keeps_the_keys_in_order_and_the_strings_as_they_are() {
        let text = r#"{"site":"s","revision":3,"a":{"x":[1,2],"e":[],"o":{}},"t":"a, {b}: \"c\""}"#;
        let shown = pretty(text).unwrap();
        assert_eq!(
            shown,
            "{\n  \"site\": \"s\",\n  \"revision\": 3,\n  \"a\": {\n    \"x\": [\n      1,\n      2\n    ],\n    \
             \"e\": [],\n    \"o\": {}\n  },\n  \"t\": \"a, {b}: \\\"c\\\"\"\n}"
        );
        let again: serde_json::Value = serde_json::from_str(&shown).unwrap();
        assert_eq!(again, serde_json::from_str::<serde_json::Value>(text).unwrap());
        assert_eq!(pretty("{\"a\": "), None);
    }

    #[test]
    fn the_revision_is_set_at_the_top_level_only() {
        let text = r#"{"site":"s","nested":{"revision":1},"revision":41,"z":true}"#;
        let set = with_revision(text, 42).unwrap();
        let value: serde_json::Value = serde_json::from_str(&set).unwrap();
        assert_eq!(value["revision"], 42);
        assert_eq!(value["nested"]["revision"], 1);
        assert!(set.find("\"site\"") < set.find("\"revision\": 42"), "order kept: {set}");
        let last = with_revision(r#"{"site":"s","revision":7}"#, 8).unwrap();
        assert_eq!(serde_json::from_str::<serde_json::Value>(&last).unwrap()["revision"], 8);
    }

    #[test]
    fn a_config_without_a_revision_gets_one_and_other_json_none() {
        let set = with_revision(r#"{"site":"s"}"#, 1).unwrap();
        assert_eq!(serde_json::from_str::<serde_json::Value>(&set).unwrap()["revision"], 1);
        assert_eq!(serde_json::from_str::<serde_json::Value>(&with_revision("{}", 2).unwrap()).unwrap()["revision"], 2);
        assert_eq!(with_revision("[1]", 2), None);
        assert_eq!(with_revision("nope", 2), None);
    }

    #[test]
    fn an_element_is_appended_to_the_top_level_array_only_keeping_the_order() {
        let text = r#"{"site":"s","nested":{"services":[1]},"services":[{"id":"a"}],"z":"]"}"#;
        let added = with_appended(text, "services", r#"{"id":"b"}"#).unwrap();
        let value: serde_json::Value = serde_json::from_str(&added).unwrap();
        assert_eq!(value["services"], serde_json::json!([{"id": "a"}, {"id": "b"}]));
        assert_eq!(value["nested"]["services"], serde_json::json!([1]));
        assert!(
            added.find("\"site\"") < added.find("\"nested\"") && added.find("\"services\": [") < added.find("\"z\"")
        );
        for (text, expected) in [
            (r#"{"services":[],"z":1}"#, serde_json::json!({"services": [{"id": "b"}], "z": 1})),
            (r#"{"services":null}"#, serde_json::json!({"services": [{"id": "b"}]})),
            (r#"{"site":"s"}"#, serde_json::json!({"site": "s", "services": [{"id": "b"}]})),
            ("{}", serde_json::json!({"services": [{"id": "b"}]})),
        ] {
            let added = with_appended(text, "services", r#"{"id":"b"}"#).unwrap();
            assert_eq!(serde_json::from_str::<serde_json::Value>(&added).unwrap(), expected, "{text}");
        }
        assert_eq!(with_appended(r#"{"services":"x"}"#, "services", "1"), None);
        assert_eq!(with_appended("[1]", "services", "1"), None);
    }

    #[test]
    fn a_top_level_value_is_replaced_and_every_other_key_keeps_its_place_and_text() {
        let text = r#"{"site":"s","nested":{"categories":[1]},"categories":[{"id":"a","title":"A, [b]"}],"z":"]"}"#;
        let replaced = with_replaced(text, "categories", r#"[{"id":"b"}]"#).unwrap();
        let value: serde_json::Value = serde_json::from_str(&replaced).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"site": "s", "nested": {"categories": [1]}, "categories": [{"id": "b"}], "z": "]"})
        );
        let order: Vec<_> = ["\"site\"", "\"nested\"", "\"categories\": [", "\"z\""]
            .iter()
            .map(|key| replaced.find(key).unwrap())
            .collect();
        assert!(order.windows(2).all(|pair| pair[0] < pair[1]), "order kept: {replaced}");
        let untouched = pretty(text).unwrap();
        assert!(replaced.starts_with(&untouched[..untouched.find("\"categories\": [").unwrap()]));
    }

    #[test]
    fn a_scalar_null_or_missing_value_is_replaced_or_added_last() {
        for (text, expected) in [
            (r#"{"categories":null,"z":1}"#, serde_json::json!({"categories": [], "z": 1})),
            (r#"{"categories":"a, \"b\"","z":1}"#, serde_json::json!({"categories": [], "z": 1})),
            (r#"{"categories": 12 ,"z":1}"#, serde_json::json!({"categories": [], "z": 1})),
            (r#"{"z":1,"categories":true}"#, serde_json::json!({"z": 1, "categories": []})),
            (r#"{"site":"s"}"#, serde_json::json!({"site": "s", "categories": []})),
            ("{}", serde_json::json!({"categories": []})),
        ] {
            let replaced = with_replaced(text, "categories", "[]").unwrap();
            assert_eq!(serde_json::from_str::<serde_json::Value>(&replaced).unwrap(), expected, "{text}");
        }
        assert_eq!(with_replaced("[1]", "categories", "[]"), None);
        assert_eq!(with_replaced("{\"a\": ", "categories", "[]"), None);
    }

    #[test]
    fn a_top_level_key_is_taken_out_wherever_it_is_and_the_rest_kept() {
        for (text, expected) in [
            (r#"{"tcf":{"vendors":[1,2]},"site":"s"}"#, serde_json::json!({"site": "s"})),
            (r#"{"site":"s","tcf":{"a":"}, \"tcf\": ["},"z":1}"#, serde_json::json!({"site": "s", "z": 1})),
            (r#"{"site":"s","nested":{"tcf":1},"tcf":null}"#, serde_json::json!({"site": "s", "nested": {"tcf": 1}})),
            (r#"{"tcf":3}"#, serde_json::json!({})),
            (r#"{"site":"s"}"#, serde_json::json!({"site": "s"})),
        ] {
            let taken = without(text, "tcf").unwrap();
            assert_eq!(serde_json::from_str::<serde_json::Value>(&taken).unwrap(), expected, "{text}: {taken}");
        }
        let text = r#"{"b":1,"tcf":{},"a":2}"#;
        assert!(without(text, "tcf").unwrap().find("\"b\"") < without(text, "tcf").unwrap().find("\"a\""));
        assert_eq!(without("[1]", "tcf"), None);
    }
}
