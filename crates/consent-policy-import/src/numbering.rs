//! Which numbered lines of a plain-text policy are headings and which are items of a numbered list.
//!
//! The same numbering serves both in real policies: in one policy "3.1 We strive to protect…" is a numbered
//! paragraph while "2.1 Where to store information" is a heading, and "1、Sharing" heads a section while "1、We will
//! use all reasonable measures…" under the next heading is a list item. So the decision is made for a whole
//! **group** of siblings at once — the lines of one scheme that follow each other under one parent (1.1, 1.2, 1.3 …
//! until the numbering restarts or a line of a higher scheme intervenes) — by the shape of their text: if most read
//! like titles (short, one sentence, no closing period or semicolon), they are all headings, even the odd one out
//! ("11.other"); otherwise they are all list items.

use crate::heading;
use crate::line::Line;
use crate::marker::{self, Family, Marker};
use crate::outline::Outline;

/// A non-blank line with the numbering or bullet it starts with, if any.
#[derive(Debug, Clone)]
pub(crate) struct TextLine<'a> {
    pub indent: usize,
    /// The whole line, trimmed.
    pub text: &'a str,
    pub marker: Option<Marker>,
    /// The text after the marker (the whole text when there is none).
    pub rest: &'a str,
}

/// The lines with their markers recognised; a lone "I", "V" or "X" is read as a Roman numeral when its neighbours
/// are Roman numerals of the same punctuation ("I 、" before "Ⅱ 、"), and as a letter otherwise.
pub(crate) fn classify<'a>(lines: &[Option<Line<'a>>]) -> Vec<Option<TextLine<'a>>> {
    let mut out: Vec<Option<TextLine<'a>>> = lines
        .iter()
        .map(|line| {
            line.map(|Line { indent, text }| match marker::parse(text) {
                Some((marker, rest)) => TextLine { indent, text, marker: Some(marker), rest },
                None => TextLine { indent, text, marker: None, rest: text },
            })
        })
        .collect();
    let markers: Vec<Option<Marker>> = out.iter().map(|l| l.as_ref().and_then(|l| l.marker.clone())).collect();
    for (index, line) in out.iter_mut().enumerate() {
        let Some(line) = line else { continue };
        let Some(roman) = line.marker.as_ref().and_then(Marker::as_roman) else { continue };
        if reads_as_roman(&markers, index, &roman) {
            line.marker = Some(roman);
        }
    }
    out
}

/// Whether the nearest marker before or after `index` with the same punctuation and case continues `roman`.
fn reads_as_roman(markers: &[Option<Marker>], index: usize, roman: &Marker) -> bool {
    let upper = roman.scheme.family == Family::Roman { upper: true };
    let related = |m: &&Marker| {
        m.scheme.delimiter == roman.scheme.delimiter
            && (m.scheme.family == Family::Roman { upper } || m.scheme.family == Family::Letter { upper })
    };
    let before = markers[..index].iter().rev().flatten().find(related);
    let after = markers[index + 1..].iter().flatten().find(related);
    let value = roman.path.first().copied().unwrap_or(0);
    let is_roman = |m: &Marker, expected: u32| m.scheme.family == roman.scheme.family && m.path == [expected];
    before.is_some_and(|m| is_roman(m, value.saturating_sub(1))) || after.is_some_and(|m| is_roman(m, value + 1))
}

/// What a numbered line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Heading,
    Item,
}

/// The roles decided so far, one decision per sibling group.
#[derive(Debug)]
pub(crate) struct Roles {
    decided: Vec<Option<Role>>,
}

impl Roles {
    pub(crate) fn new(lines: usize) -> Self {
        Roles { decided: vec![None; lines] }
    }

    /// The role of the numbered line at `index`, deciding it (and its siblings') on first asking. `skipped` lines
    /// (a table of contents) are not part of any group; `outline` holds the headings open at `index`.
    pub(crate) fn role(
        &mut self,
        lines: &[Option<TextLine<'_>>],
        index: usize,
        skipped: &[bool],
        outline: &Outline,
    ) -> Role {
        if let Some(role) = self.decided.get(index).copied().flatten() {
            return role;
        }
        let Some(first) = lines.get(index).and_then(|l| l.as_ref()).and_then(|l| l.marker.as_ref()) else {
            return Role::Item;
        };
        if first.scheme.is_bullet() {
            return Role::Item;
        }
        if matches!(first.scheme.family, Family::Keyword(_)) {
            // "Article 5", "Section 2": these words name parts of a document, whatever follows them.
            return Role::Heading;
        }
        let members = siblings(lines, index, skipped, outline);
        let title_like = members.iter().filter(|&&i| lines[i].as_ref().is_some_and(|l| heading::is_title_like(l.rest)));
        let count = title_like.count();
        // A tie is not a majority: a numbered title among numbered sentences is more likely a short item.
        let role = if 2 * count > members.len() { Role::Heading } else { Role::Item };
        for &member in &members {
            self.decided[member] = Some(role);
        }
        role
    }
}

/// The line at `index` and its following siblings: same scheme, same parent numbers, rising numbers, until the
/// numbering restarts or a line numbered like an open heading, or in a scheme above this one, ends the group.
fn siblings(lines: &[Option<TextLine<'_>>], index: usize, skipped: &[bool], outline: &Outline) -> Vec<usize> {
    let mut members = vec![index];
    let Some(mut last) = lines[index].as_ref().and_then(|l| l.marker.as_ref()) else { return members };
    let scheme = last.scheme;
    for (i, line) in lines.iter().enumerate().skip(index + 1) {
        if skipped.get(i).copied().unwrap_or(false) {
            continue;
        }
        let Some(marker) = line.as_ref().and_then(|l| l.marker.as_ref()) else { continue };
        if marker.scheme == scheme {
            if !last.is_followed_by(marker) {
                break;
            }
            members.push(i);
            last = marker;
        } else if outline.has_scheme(marker.scheme) || marker.scheme.outranks(scheme) {
            break;
        }
    }
    members
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::line;

    fn roles(text: &str) -> Vec<(String, Role)> {
        let raw = line::split(text);
        let lines = classify(&raw);
        let mut roles = Roles::new(lines.len());
        let skipped = vec![false; lines.len()];
        let outline = Outline::default();
        (0..lines.len())
            .filter_map(|i| {
                let line = lines[i].as_ref()?;
                line.marker.as_ref()?;
                Some((line.text.to_owned(), roles.role(&lines, i, &skipped, &outline)))
            })
            .collect()
    }

    #[test]
    fn a_group_of_short_titles_are_headings_even_the_odd_one_out() {
        let text = "1.Information we collect\ntext.\n2.How we use it\ntext.\n3.other\ntext.";
        assert!(roles(text).iter().all(|(_, role)| *role == Role::Heading));
    }

    #[test]
    fn a_group_of_sentences_are_items_even_a_short_one() {
        let text = "1. \"FRS\" means Full Trust Co., LTD. and its affiliates.\n2. \"Website\" means example.com.\n\
                    3. \"Policy\" means the FRS Privacy Policy you are reading.\n";
        assert!(roles(text).iter().all(|(_, role)| *role == Role::Item));
    }

    #[test]
    fn groups_under_different_parents_are_decided_apart() {
        let text = "2.1 Where we store it\ntext.\n2.2 How long\ntext.\n\
                    3.1 We strive to protect your information from loss and misuse.\n\
                    3.2 We use encryption when we transmit your information to us.\n";
        let roles: Vec<Role> = roles(text).into_iter().map(|(_, role)| role).collect();
        assert_eq!(roles, [Role::Heading, Role::Heading, Role::Item, Role::Item]);
    }

    #[test]
    fn a_restart_of_the_numbering_starts_a_new_group() {
        let text = "1. \"We\" means the company and its affiliates.\n2. \"You\" means the user of the site.\n\
                    1.What we collect\ntext.\n2.How we use it\n";
        let roles: Vec<Role> = roles(text).into_iter().map(|(_, role)| role).collect();
        assert_eq!(roles, [Role::Item, Role::Item, Role::Heading, Role::Heading]);
    }

    #[test]
    fn a_lone_i_before_a_full_width_two_is_roman() {
        let lines = classify(&line::split("I 、First\ntext\nⅡ 、Second\na. item\ni. ninth letter"));
        let family = |i: usize| lines[i].as_ref().and_then(|l| l.marker.as_ref()).map(|m| m.scheme.family);
        assert_eq!(family(0), Some(Family::Roman { upper: true }));
        assert_eq!(family(4), Some(Family::Letter { upper: false }));
    }
}
