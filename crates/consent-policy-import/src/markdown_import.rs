//! Imports a policy written in Markdown, read as CommonMark by `pulldown-cmark` (see [`crate::markdown_blocks`]):
//! ATX and setext headings, lists nested to any depth, paragraphs, block quotes, code and tables (kept as text), with
//! inline markup reduced to its text and HTML removed.
//!
//! A lone `#` heading at the top is the policy's title, and the remaining headings are nested by their relative
//! levels, so a policy whose sections are `##` still has top-level sections. A list made only of links to anchors in
//! the document is its table of contents.

use consent_core::policy::{Block, ListItem, Policy, TableOfContents};

use crate::contents;
use crate::effective_date;
use crate::import::{check_input, ImportError};
use crate::markdown_blocks::{parts, Part};
use crate::marker;
use crate::tree::TreeBuilder;

/// Imports a Markdown policy. Fails only on input that is not text at all (empty, or binary).
pub fn import_markdown(input: &str) -> Result<Policy, ImportError> {
    check_input(input)?;
    Ok(policy_from(parts(input.strip_prefix('\u{feff}').unwrap_or(input))))
}

/// The policy's outline from its parts: the title, the sections nested by heading level, the table of contents.
fn policy_from(parts: Vec<Part>) -> Policy {
    let first_h1 = matches!(parts.first(), Some(Part::Heading { level: 1, .. }));
    let h1_count = parts.iter().filter(|e| matches!(e, Part::Heading { level: 1, .. })).count();
    let mut parts = parts.into_iter().peekable();
    let title = match parts.peek() {
        Some(Part::Heading { text, .. }) if first_h1 && h1_count == 1 => Some(text.clone()),
        _ => None,
    };
    if title.is_some() {
        parts.next();
    }
    let mut texts: Vec<String> = Vec::new();
    let mut tree = TreeBuilder::default();
    let mut open_levels: Vec<usize> = Vec::new();
    let mut contents: Option<TableOfContents> = None;
    for part in parts {
        match part {
            Part::Heading { level, text } => {
                while open_levels.last().is_some_and(|&open| open >= level) {
                    open_levels.pop();
                }
                open_levels.push(level);
                let (number, heading) = split_number(&text);
                let depth = tree.open_section(open_levels.len(), heading, number);
                open_levels.truncate(depth);
                if let Some(last) = open_levels.last_mut() {
                    *last = level;
                }
                texts.push(text);
            }
            Part::Contents(entries) if contents.is_none() => {
                let intro = tree.discard_empty_section();
                if intro.is_some() {
                    open_levels.pop();
                }
                contents = Some(TableOfContents { intro, entries });
            }
            Part::Contents(entries) => {
                // A second list of links is text like any other list.
                let items = entries.into_iter().map(|e| ListItem { text: e.text, blocks: Vec::new() }).collect();
                tree.push_block(Block::UnorderedList { items });
            }
            Part::Block(block) => {
                texts.extend(block.texts().into_iter().map(str::to_owned));
                tree.push_block(block);
            }
        }
    }
    let effective_date = effective_date::find_effective_date(texts.iter().map(String::as_str));
    let (preamble, sections) = tree.finish();
    if let Some(contents) = &mut contents {
        contents::link(contents, &sections);
    }
    Policy::from_parts(title, effective_date, preamble, contents, sections)
}

/// "1. Introduction" → (Some("1."), "Introduction"); headings without a number are returned whole.
fn split_number(heading: &str) -> (Option<String>, String) {
    match marker::parse(heading) {
        Some((m, rest)) if !m.scheme.is_bullet() && !rest.is_empty() => (Some(m.label), rest.to_owned()),
        _ => (None, heading.to_owned()),
    }
}

#[cfg(test)]
#[path = "markdown_import_tests.rs"]
mod tests;
