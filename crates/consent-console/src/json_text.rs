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
}
