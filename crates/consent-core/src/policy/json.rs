//! Reads a policy document — the JSON `consent policy import` writes, or the `document` of a served config — from a
//! `serde_json::Value`, into the policy model's [`PolicyDocument`], naming the path of anything wrong.
//!
//! The model's own `Deserialize` does the same job; this reader exists for the banner, which parses configs as
//! `Value`s anyway: serde's derived deserialisers for the document, its sections and its internally tagged blocks
//! cost the WebAssembly about 15 KB compressed, this about 2 KB. `json_documents_read_like_serde` keeps the two in
//! step.

use serde_json::{Map, Value};

use crate::policy::{
    Block, ContentsEntry, IsoDate, ListItem, NumberedItem, PolicyDocument, SectionDocument, SectionId, TableOfContents,
};

/// A problem in the document, as `path: reason`.
pub type DocumentError = String;

/// Reads a policy document from `value`; `path` prefixes the problems (`policy.document`).
pub fn document_from_value(value: &Value, path: &str) -> Result<PolicyDocument, DocumentError> {
    let object = object(value, path)?;
    let sections = sections(object.get("sections"), &format!("{path}.sections"))?;
    let effective_date_iso = match optional_string(object, "effective_date_iso", path)? {
        None => None,
        Some(text) => Some(text.parse::<IsoDate>().map_err(|e| format!("{path}.effective_date_iso: {e}"))?),
    };
    let contents = match object.get("contents") {
        None | Some(Value::Null) => None,
        Some(value) => Some(table_of_contents(value, &format!("{path}.contents"))?),
    };
    Ok(PolicyDocument {
        title: optional_string(object, "title", path)?,
        effective_date: optional_string(object, "effective_date", path)?,
        effective_date_iso,
        preamble: blocks(object.get("preamble"), &format!("{path}.preamble"))?,
        contents,
        sections,
    })
}

fn section(value: &Value, path: &str) -> Result<SectionDocument, DocumentError> {
    let object = object(value, path)?;
    let level = object
        .get("level")
        .and_then(Value::as_u64)
        .and_then(|level| u8::try_from(level).ok())
        .ok_or_else(|| format!("{path}.level: must be a number from 1 to 6"))?;
    Ok(SectionDocument {
        heading: string(object, "heading", path)?,
        level,
        id: string(object, "id", path)?,
        number: optional_string(object, "number", path)?,
        blocks: blocks(object.get("blocks"), &format!("{path}.blocks"))?,
        sections: sections(object.get("sections"), &format!("{path}.sections"))?,
    })
}

// Loops rather than `collect::<Result<Vec<_>, _>>()`, whose adapter the banner would pay for once per element type.
fn sections(value: Option<&Value>, path: &str) -> Result<Vec<SectionDocument>, DocumentError> {
    let mut out = Vec::new();
    for (i, value) in array(value, path)?.iter().enumerate() {
        out.push(section(value, &format!("{path}[{i}]"))?);
    }
    Ok(out)
}

fn blocks(value: Option<&Value>, path: &str) -> Result<Vec<Block>, DocumentError> {
    let mut out = Vec::new();
    for (i, value) in array(value, path)?.iter().enumerate() {
        out.push(block(value, &format!("{path}[{i}]"))?);
    }
    Ok(out)
}

fn block(value: &Value, path: &str) -> Result<Block, DocumentError> {
    let object = object(value, path)?;
    let items = || array(object.get("items"), &format!("{path}.items"));
    match string(object, "type", path)?.as_str() {
        "paragraph" => Ok(Block::Paragraph { text: string(object, "text", path)? }),
        "unordered_list" => {
            let mut list = Vec::new();
            for (i, item) in items()?.iter().enumerate() {
                let at = format!("{path}.items[{i}]");
                let item = self::object(item, &at)?;
                let blocks = blocks(item.get("blocks"), &format!("{at}.blocks"))?;
                list.push(ListItem { text: string(item, "text", &at)?, blocks });
            }
            Ok(Block::UnorderedList { items: list })
        }
        "ordered_list" => {
            let mut list = Vec::new();
            for (i, item) in items()?.iter().enumerate() {
                let at = format!("{path}.items[{i}]");
                let item = self::object(item, &at)?;
                let blocks = blocks(item.get("blocks"), &format!("{at}.blocks"))?;
                list.push(NumberedItem {
                    label: string(item, "label", &at)?,
                    text: string(item, "text", &at)?,
                    blocks,
                });
            }
            Ok(Block::OrderedList { items: list })
        }
        other => Err(format!("{path}.type: '{other}' is not paragraph, unordered_list or ordered_list")),
    }
}

fn table_of_contents(value: &Value, path: &str) -> Result<TableOfContents, DocumentError> {
    let object = object(value, path)?;
    let mut entries = Vec::new();
    for (i, entry) in array(object.get("entries"), &format!("{path}.entries"))?.iter().enumerate() {
        let at = format!("{path}.entries[{i}]");
        let entry = self::object(entry, &at)?;
        let section_id = match optional_string(entry, "section_id", &at)? {
            None => None,
            Some(id) => Some(SectionId::try_from(id).map_err(|e| format!("{at}.section_id: {e}"))?),
        };
        entries.push(ContentsEntry {
            number: optional_string(entry, "number", &at)?,
            text: string(entry, "text", &at)?,
            page: optional_string(entry, "page", &at)?,
            section_id,
        });
    }
    Ok(TableOfContents { intro: optional_string(object, "intro", path)?, entries })
}

fn object<'a>(value: &'a Value, path: &str) -> Result<&'a Map<String, Value>, DocumentError> {
    value.as_object().ok_or_else(|| format!("{path}: must be an object"))
}

fn array<'a>(value: Option<&'a Value>, path: &str) -> Result<&'a [Value], DocumentError> {
    match value {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(list)) => Ok(list),
        Some(_) => Err(format!("{path}: must be a list")),
    }
}

fn string(object: &Map<String, Value>, key: &str, path: &str) -> Result<String, DocumentError> {
    optional_string(object, key, path)?.ok_or_else(|| format!("{path}.{key}: is required"))
}

fn optional_string(object: &Map<String, Value>, key: &str, path: &str) -> Result<Option<String>, DocumentError> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(format!("{path}.{key}: must be a string")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_name_their_path() {
        let bad = serde_json::json!({"sections": [{"heading": "A", "level": 1, "id": "a",
            "blocks": [{"type": "table", "rows": []}]}]});
        assert_eq!(
            document_from_value(&bad, "policy.document").unwrap_err(),
            "policy.document.sections[0].blocks[0].type: 'table' is not paragraph, unordered_list or ordered_list"
        );
        let no_heading = serde_json::json!({"sections": [{"level": 1, "id": "a"}]});
        assert_eq!(document_from_value(&no_heading, "p").unwrap_err(), "p.sections[0].heading: is required");
        assert_eq!(document_from_value(&serde_json::json!([]), "p").unwrap_err(), "p: must be an object");
    }
}
