//! Section ids: short, readable slugs made from a heading, usable as an HTML `id`, a URL fragment and a CSS selector
//! without escaping, and unique within one policy.

use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Serialize};

/// The longest slug made from a heading, before a `-2`, `-3` … suffix is added to keep it unique.
const MAX_SLUG_LEN: usize = 60;

/// What a section id falls back to when its heading has no Latin letters or digits to make a slug from.
const FALLBACK: &str = "section";

/// The id of a section: lowercase ASCII letters, digits and single hyphens, starting with a letter.
///
/// It is made from the heading text only, so importing the same policy again gives the same ids and a link to
/// `#how-we-use-cookies` keeps working as long as that heading does not change.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SectionId(String);

/// Why a string is not a section id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SectionIdError {
    /// The id is an empty string.
    #[error("a section id must not be empty")]
    Empty,
    /// The id starts with something other than a lowercase letter.
    #[error("section id '{0}' must start with a lowercase letter a-z")]
    BadStart(String),
    /// The id holds a character other than a-z, 0-9 and `-`.
    #[error("section id '{0}' may only contain lowercase letters a-z, digits and '-'")]
    BadCharacter(String),
}

impl SectionId {
    /// The id as it appears in HTML.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for SectionId {
    type Error = SectionIdError;

    fn try_from(value: String) -> Result<Self, SectionIdError> {
        let first = value.chars().next().ok_or(SectionIdError::Empty)?;
        if !first.is_ascii_lowercase() {
            return Err(SectionIdError::BadStart(value));
        }
        if !value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
            return Err(SectionIdError::BadCharacter(value));
        }
        Ok(SectionId(value))
    }
}

impl From<SectionId> for String {
    fn from(id: SectionId) -> Self {
        id.0
    }
}

impl fmt::Display for SectionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Hands out section ids in document order, adding `-2`, `-3` … when two headings would get the same slug.
#[derive(Debug, Default)]
pub struct SlugRegistry {
    taken: HashSet<String>,
}

impl SlugRegistry {
    /// A fresh, unique id for a section headed `heading`.
    pub fn id_for(&mut self, heading: &str) -> SectionId {
        let base = slugify(heading);
        let mut candidate = base.clone();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        self.taken.insert(candidate.clone());
        SectionId(candidate)
    }
}

/// The slug of a heading: words lowercased, accents dropped, joined by hyphens, at most [`MAX_SLUG_LEN`] characters
/// cut at a word boundary, starting with a letter.
pub fn slugify(heading: &str) -> String {
    let mut slug = String::new();
    let mut pending_hyphen = false;
    for c in heading.chars().flat_map(fold_to_ascii) {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c.to_ascii_lowercase());
        } else if c != '\'' && c != '’' {
            // An apostrophe joins ("don't" → "dont") rather than splitting, as readers would type it.
            pending_hyphen = true;
        }
    }
    if slug.len() > MAX_SLUG_LEN {
        let cut = slug[..=MAX_SLUG_LEN].rfind('-').unwrap_or(MAX_SLUG_LEN);
        slug.truncate(cut);
    }
    match slug.chars().next() {
        None => FALLBACK.to_owned(),
        // CSS selectors cannot start with a digit, and numbered headings often would.
        Some(c) if !c.is_ascii_lowercase() => format!("{FALLBACK}-{slug}"),
        Some(_) => slug,
    }
}

/// Latin letters with diacritics as their plain ASCII letters, so "Données" becomes "donnees", not "donn-es".
fn fold_to_ascii(c: char) -> impl Iterator<Item = char> {
    let folded: &str = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => "c",
        'ď' | 'đ' | 'Ď' | 'Đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ě' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ł' | 'Ł' => "l",
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'ř' | 'Ř' => "r",
        'ś' | 'š' | 'ş' | 'Ś' | 'Š' => "s",
        'ť' | 'Ť' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        'ß' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        _ => "",
    };
    let keep = folded.is_empty().then_some(c);
    keep.into_iter().chain(folded.chars())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_words_joined_by_hyphens() {
        assert_eq!(
            slugify("How Do We Use Cookies and Similar Technologies?"),
            "how-do-we-use-cookies-and-similar-technologies"
        );
        assert_eq!(slugify("Données personnelles"), "donnees-personnelles");
        assert_eq!(slugify("Don't sell my data"), "dont-sell-my-data");
    }

    #[test]
    fn slugs_start_with_a_letter_even_without_latin_text() {
        assert_eq!(slugify("个人信息"), "section");
        assert_eq!(slugify("2019 changes"), "section-2019-changes");
    }

    #[test]
    fn long_headings_are_cut_at_a_word_boundary() {
        let slug = slugify(&"privacy ".repeat(20));
        assert!(slug.len() <= MAX_SLUG_LEN && slug.ends_with("privacy"), "{slug}");
    }

    #[test]
    fn repeated_headings_get_distinct_ids() {
        let mut registry = SlugRegistry::default();
        let ids: Vec<_> = ["Cookies", "cookies", "Cookies!"].map(|h| registry.id_for(h).to_string()).into();
        assert_eq!(ids, ["cookies", "cookies-2", "cookies-3"]);
    }

    #[test]
    fn ids_that_would_need_escaping_are_rejected() {
        assert!(SectionId::try_from("Cookies".to_owned()).is_err());
        assert!(SectionId::try_from("1-intro".to_owned()).is_err());
        assert!(SectionId::try_from("a b".to_owned()).is_err());
        assert!(SectionId::try_from("how-we-use-cookies".to_owned()).is_ok());
    }
}
