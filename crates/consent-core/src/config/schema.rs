//! The config's JSON Schema (draft 2020-12), derived from the types a config is read into, so that it cannot drift
//! from what the reader accepts: editors complete and check hand-written configs with it, and the console builds its
//! forms from it. The parts the reader takes as free JSON (words, translations, the policy, auto-blocking) are
//! described here, from the same lists the reader checks against. What a schema cannot say (contrast, references
//! between categories and services, Markdown that imports) stays with `consent config check`.
//!
//! Only with the `schema` feature: the banner never carries it.

use schemars::{json_schema, Schema, SchemaGenerator};
use serde_json::{Map, Value};

use super::appearance::{ColourMode, Layout};
use super::read::SiteConfigWire;
use crate::texts::{Texts, TextsPatch};

/// Where the endpoint serves the schema (`consent serve`).
pub const PATH: &str = "/v1/schema/config.json";

/// The schema of a site config, as served at [`PATH`].
pub fn config_schema() -> Value {
    let mut schema = schemars::schema_for!(SiteConfigWire);
    schema.insert("title".into(), "consent-banner site config".into());
    schema.to_value()
}

/// The banner's words, each optional; described by its English default.
pub(crate) fn texts(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": "object", "properties": text_properties(), "additionalProperties": false })
}

fn text_properties() -> Map<String, Value> {
    let english = Texts::default();
    TextsPatch::FIELDS
        .iter()
        .map(|name| {
            let default = english.get(name).unwrap_or_default();
            (name.to_string(), serde_json::json!({ "type": "string", "description": format!("English: {default}") }))
        })
        .collect()
}

/// `{"fr": {"title": "…", "categories": {"analytics": {"title": "…", "description": "…"}}}}`.
pub(crate) fn translations(_: &mut SchemaGenerator) -> Schema {
    let mut words = text_properties();
    words.insert(
        "categories".into(),
        serde_json::json!({
            "type": "object",
            "description": "Category titles and descriptions in this language, by category id.",
            "additionalProperties": {
                "type": "object",
                "properties": { "title": { "type": "string" }, "description": { "type": "string" } },
                "additionalProperties": false
            }
        }),
    );
    json_schema!({
        "type": "object",
        "description": "By BCP 47 language tag (`fr`, `pt-BR`).",
        "additionalProperties": { "type": "object", "properties": words, "additionalProperties": false }
    })
}

pub(crate) fn layout(_: &mut SchemaGenerator) -> Schema {
    let names: Vec<&str> = Layout::ALL.iter().map(|layout| layout.as_str()).collect();
    json_schema!({ "enum": names, "default": Layout::ALL[0].as_str() })
}

pub(crate) fn colour_mode(_: &mut SchemaGenerator) -> Schema {
    let names: Vec<&str> = ColourMode::ALL.iter().map(|mode| mode.as_str()).collect();
    json_schema!({ "enum": names, "default": ColourMode::ALL[0].as_str() })
}

/// A cookie's lifetime as the reader parses it (`crate::lifetime`).
pub(crate) fn lifetime(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "string",
        "description": "`session`, or a number and a unit: `30 minutes`, `24 hours`, `7 days`, `13 months`, `2 years`.",
        "examples": ["session", "1 day", "2 years"]
    })
}

/// Exactly one source: `markdown`, `text`, `url` (with `format`) or `document`; `cookie_section` names the section
/// about cookies.
pub(crate) fn policy(_: &mut SchemaGenerator) -> Schema {
    let cookie_section = serde_json::json!({ "type": "string", "description": "The id of the section about cookies." });
    let source = |name: &str, schema: Value, description: &str| {
        serde_json::json!({
            "type": "object",
            "description": description,
            "required": [name],
            "properties": { name: schema, "cookie_section": cookie_section },
            "additionalProperties": false
        })
    };
    let url = serde_json::json!({
        "type": "object",
        "description": "A policy file by URL, read by the banner (JSON) or linked (Markdown, text).",
        "required": ["url"],
        "properties": {
            "url": { "type": "string" },
            "format": { "enum": ["json", "markdown", "text"] },
            "cookie_section": cookie_section
        },
        "additionalProperties": false
    });
    json_schema!({
        "oneOf": [
            source("markdown", serde_json::json!({ "type": "string" }), "The policy in Markdown, imported by the endpoint."),
            source("text", serde_json::json!({ "type": "string" }), "The policy as plain text; its outline is found on import."),
            url,
            source("document", serde_json::json!({ "type": "object" }), "The JSON `consent policy import` writes.")
        ]
    })
}

/// `false`, `true`, or the settings object.
pub(crate) fn auto_blocking(generator: &mut SchemaGenerator) -> Schema {
    let settings = generator.subschema_for::<crate::auto_blocking::AutoBlockingSettings>();
    json_schema!({ "oneOf": [{ "type": "boolean" }, settings] })
}
