//! Numbering and bullets at the start of a line: "1.", "1.1.1", "1、", "(1)", "a.", "Ⅱ 、", "I 、", "Article 3.",
//! "第二条", "①", "●" … recognised as a [`Marker`] with the [`Scheme`] it belongs to and its value, so that the
//! importer can tell which lines are siblings (same scheme, next value) and which scheme sits above which.

use crate::numeral::{at, cjk_value, decimal_path, digits, letter_value, roman_value};

/// A family of numbering, before its punctuation is considered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Family {
    /// "Article 3", "Section 2.1", "Chapter IV", "Part A", "§ 5", "第三条".
    Keyword(Keyword),
    /// Chinese numerals: "一、", "（二）".
    CjkNumeral,
    /// "I.", "Ⅱ 、", "iv)", "(iii)".
    Roman { upper: bool },
    /// "1.", "1.1", "1.1.1", "1)", "1、".
    Decimal,
    /// "①", "②".
    Circled,
    /// "a.", "B)", "(c)".
    Letter { upper: bool },
    /// "●", "•", "-", "*" … each glyph its own family, so "○" under "●" nests.
    Bullet(char),
}

/// The structural words that number a heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Keyword {
    Part,
    Chapter,
    Article,
    Section,
    Clause,
}

/// The punctuation around a number, which is part of a scheme: "1." and "1)" are different levels in most policies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Delimiter {
    Dot,
    Paren,
    Enclosed,
    Ideographic,
    Colon,
    None,
}

/// A numbering scheme: lines with equal schemes and consecutive values are siblings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Scheme {
    pub family: Family,
    pub delimiter: Delimiter,
    /// How many numbers a decimal path has ("1.2.3" has 3); 1 for everything else.
    pub depth: u8,
}

impl Scheme {
    /// How high a scheme usually sits in a document's outline when nothing else says: articles and parts above Roman
    /// numerals, above Arabic numbers, above "(1)", above letters, above bullets.
    fn rank(self) -> u8 {
        match self.family {
            Family::Keyword(Keyword::Part | Keyword::Chapter) => 8,
            Family::Keyword(_) => 7,
            Family::CjkNumeral | Family::Roman { upper: true } => 6,
            Family::Decimal if self.delimiter == Delimiter::Enclosed => 4,
            Family::Decimal => 5,
            Family::Circled => 4,
            Family::Letter { upper: true } => 3,
            Family::Letter { upper: false } => 2,
            Family::Roman { upper: false } => 1,
            Family::Bullet(_) => 0,
        }
    }

    /// Whether a line of this scheme necessarily sits above a line of `other`: "1." above "1.1", Roman above Arabic.
    pub(crate) fn outranks(self, other: Scheme) -> bool {
        if self.family == other.family && self.delimiter != Delimiter::Enclosed && self.depth != other.depth {
            return self.depth < other.depth;
        }
        self.rank() > other.rank()
    }

    /// Whether this is a bullet rather than a number.
    pub(crate) fn is_bullet(self) -> bool {
        matches!(self.family, Family::Bullet(_))
    }
}

/// A recognised marker at the start of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marker {
    pub scheme: Scheme,
    /// The numbers it stands for: "1.2.3" is `[1, 2, 3]`, "Ⅳ" is `[4]`, "c)" is `[3]`; empty for bullets.
    pub path: Vec<u32>,
    /// The marker as written, without surrounding space ("Ⅱ 、", "(1)", "Article 3.").
    pub label: String,
    /// For a lone "i", "v" or "x" read as a letter: its value as a Roman numeral, in case the lines around it show it
    /// belongs to a Roman list.
    pub roman_alternative: Option<u32>,
}

impl Marker {
    /// Whether `next` is the following sibling of `self`: same scheme, same parent numbers, a higher last number.
    pub(crate) fn is_followed_by(&self, next: &Marker) -> bool {
        let (Some((last, prefix)), Some((next_last, next_prefix))) = (self.path.split_last(), next.path.split_last())
        else {
            return self.scheme == next.scheme && self.scheme.is_bullet();
        };
        self.scheme == next.scheme && prefix == next_prefix && next_last > last
    }

    /// The same marker read as a Roman numeral.
    pub(crate) fn as_roman(&self) -> Option<Marker> {
        let value = self.roman_alternative?;
        let Family::Letter { upper } = self.scheme.family else { return None };
        let scheme = Scheme { family: Family::Roman { upper }, ..self.scheme };
        Some(Marker { scheme, path: vec![value], label: self.label.clone(), roman_alternative: None })
    }
}

/// Full-width ASCII forms ("１．", "（１）") read as their ASCII counterparts.
fn fold(c: char) -> char {
    match c {
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

const BULLETS_NEEDING_SPACE: &[char] = &['-', '*', '+', '–', '—', '·'];
// The last three are the private-use bullets Word documents carry into copied text (Symbol and Wingdings fonts).
const BULLETS: &[char] = &[
    '●', '•', '◦', '○', '■', '□', '▪', '▫', '◆', '◇', '►', '▶', '➢', '➤', '✓', '✔', '∙', '‣', '⁃', '→', '\u{f0b7}',
    '\u{f0a7}', '\u{f0d8}',
];

/// The marker at the start of `line` (already trimmed) and the text after it, if the line starts with one.
pub(crate) fn parse(line: &str) -> Option<(Marker, &str)> {
    let chars: Vec<(usize, char)> = line.char_indices().map(|(i, c)| (i, fold(c))).collect();
    let (scheme, path, end, roman_alternative) = bullet(&chars)
        .or_else(|| keyword(&chars))
        .or_else(|| enclosed(&chars))
        .or_else(|| cjk(&chars))
        .or_else(|| single_glyph(&chars))
        .or_else(|| latin(&chars))?;
    let end_byte = chars.get(end).map_or(line.len(), |&(i, _)| i);
    let label = line[..end_byte].trim_end().to_owned();
    // A doubled closing mark ("(1))", "1、、") is a typo, not text.
    let closing = at(&chars, end.checked_sub(1)?).filter(|c| matches!(c, ')' | '、'));
    let rest = line[end_byte..].trim_start().trim_start_matches(|c| Some(fold(c)) == closing).trim_start();
    if scheme.is_bullet() && rest.is_empty() {
        return None;
    }
    Some((Marker { scheme, path, label, roman_alternative }, rest))
}

type Parsed = (Scheme, Vec<u32>, usize, Option<u32>);

/// The scheme of a list whose items have no marker, only a line each ending in ";" (see `unmarked_list`).
pub(crate) const UNMARKED: Scheme = Scheme { family: Family::Bullet(';'), delimiter: Delimiter::None, depth: 1 };

fn scheme(family: Family, delimiter: Delimiter, depth: usize) -> Scheme {
    Scheme { family, delimiter, depth: depth.min(u8::MAX as usize) as u8 }
}

/// Whether position `i` ends a marker: end of line or whitespace, or (when `text_may_touch`) a letter or quote, as in
/// "1.Information".
fn boundary(chars: &[(usize, char)], i: usize, text_may_touch: bool) -> bool {
    match at(chars, i) {
        None => true,
        Some(c) if c.is_whitespace() => true,
        Some(c) => text_may_touch && !c.is_ascii_digit() && (c.is_alphabetic() || "\"'“‘[【「（(".contains(c)),
    }
}

fn bullet(chars: &[(usize, char)]) -> Option<Parsed> {
    let c = at(chars, 0)?;
    let needs_space = BULLETS_NEEDING_SPACE.contains(&c);
    if !(needs_space || BULLETS.contains(&c)) || (needs_space && !boundary(chars, 1, false)) {
        return None;
    }
    Some((scheme(Family::Bullet(c), Delimiter::None, 1), Vec::new(), 1, None))
}

fn keyword(chars: &[(usize, char)]) -> Option<Parsed> {
    if at(chars, 0) == Some('第') {
        return cjk_keyword(chars);
    }
    let word_end = chars.iter().position(|&(_, c)| !c.is_alphabetic() && c != '§').unwrap_or(chars.len());
    let word: String = chars[..word_end].iter().map(|&(_, c)| c.to_ascii_lowercase()).collect();
    let mut i = word_end;
    let kind = match word.as_str() {
        "part" => Keyword::Part,
        "chapter" => Keyword::Chapter,
        "article" | "art" => Keyword::Article,
        "section" | "sec" | "§" | "§§" => Keyword::Section,
        "clause" => Keyword::Clause,
        _ => return None,
    };
    if at(chars, i) == Some('.') {
        i += 1; // "Art. 5"
    }
    while at(chars, i).is_some_and(char::is_whitespace) {
        i += 1;
    }
    let start = i;
    let (path, mut end) = if let Some(found) = decimal_path(chars, start) {
        found
    } else {
        let run = chars[start..].iter().take_while(|&&(_, c)| c.is_ascii_alphabetic()).count();
        let numeral: String = chars[start..start + run].iter().map(|&(_, c)| c).collect();
        let value = roman_value(&numeral).or_else(|| {
            (run == 1 && numeral.chars().all(|c| c.is_ascii_uppercase())).then(|| letter_value(&numeral))
        })?;
        (vec![value], start + run)
    };
    // The delimiter is optional ("Article 1 Scope"), but without one the text must start like a title, so that
    // "Section 2 of this policy explains…" stays a sentence.
    let mut j = end;
    while at(chars, j).is_some_and(char::is_whitespace) {
        j += 1;
    }
    if at(chars, j).is_some_and(|c| matches!(c, '.' | ':' | ')' | '-' | '–' | '—')) {
        end = j + 1;
    } else if !(boundary(chars, end, false)
        && at(chars, j).is_none_or(|c| c.is_uppercase() || !c.is_lowercase() && c.is_alphabetic() || c == '"'))
    {
        return None;
    }
    let depth = path.len();
    Some((scheme(Family::Keyword(kind), Delimiter::None, depth), path, end, None))
}

/// "第三条" (article 3), "第二章" (chapter 2), "第1节" (section 1).
fn cjk_keyword(chars: &[(usize, char)]) -> Option<Parsed> {
    let (value, end) = cjk_value(chars, 1).or_else(|| digits(chars, 1, 3))?;
    let kind = match at(chars, end)? {
        '条' => Keyword::Article,
        '章' => Keyword::Chapter,
        '节' | '節' => Keyword::Section,
        '部' => Keyword::Part,
        _ => return None,
    };
    Some((scheme(Family::Keyword(kind), Delimiter::None, 1), vec![value], end + 1, None))
}

/// "(1)", "(a)", "(iv)", "（一）".
fn enclosed(chars: &[(usize, char)]) -> Option<Parsed> {
    if at(chars, 0) != Some('(') {
        return None;
    }
    let close = chars.iter().take(8).position(|&(_, c)| c == ')')?;
    let inner: String = chars[1..close].iter().map(|&(_, c)| c).collect();
    let delimiter = Delimiter::Enclosed;
    let (family, value, alternative) = if let Some((value, end)) = digits(chars, 1, 2) {
        if end != close || inner.starts_with('0') {
            return None; // "(0574) 5522 5205" is a telephone number
        }
        (Family::Decimal, value, None)
    } else if let Some((value, end)) = cjk_value(chars, 1) {
        (end == close).then_some(())?;
        (Family::CjkNumeral, value, None)
    } else if inner.len() == 1 && inner.chars().all(|c| c.is_ascii_alphabetic()) {
        let upper = inner.chars().all(|c| c.is_ascii_uppercase());
        (Family::Letter { upper }, letter_value(&inner), roman_value(&inner))
    } else {
        let value = roman_value(&inner)?;
        (Family::Roman { upper: inner.chars().all(|c| c.is_ascii_uppercase()) }, value, None)
    };
    Some((scheme(family, delimiter, 1), vec![value], close + 1, alternative))
}

/// "一、", "二."
fn cjk(chars: &[(usize, char)]) -> Option<Parsed> {
    let (value, end) = cjk_value(chars, 0)?;
    let delimiter = match at(chars, end)? {
        '、' => Delimiter::Ideographic,
        '.' => Delimiter::Dot,
        _ => return None,
    };
    Some((scheme(Family::CjkNumeral, delimiter, 1), vec![value], end + 1, None))
}

/// Characters that are a whole marker by themselves: "①", "⑴", "⒈", and full-width Roman numerals "Ⅱ", "ⅳ" (which
/// may be followed by their own punctuation, "Ⅱ 、").
fn single_glyph(chars: &[(usize, char)]) -> Option<Parsed> {
    let c = at(chars, 0)? as u32;
    let (family, delimiter, value) = match c {
        0x2460..=0x2473 => (Family::Circled, Delimiter::None, c - 0x2460 + 1),
        0x2474..=0x2487 => (Family::Decimal, Delimiter::Enclosed, c - 0x2474 + 1),
        0x2488..=0x249b => (Family::Decimal, Delimiter::Dot, c - 0x2488 + 1),
        0x2160..=0x216b => (Family::Roman { upper: true }, Delimiter::None, c - 0x2160 + 1),
        0x2170..=0x217b => (Family::Roman { upper: false }, Delimiter::None, c - 0x2170 + 1),
        _ => return None,
    };
    if delimiter != Delimiter::None || family == Family::Circled {
        return Some((scheme(family, delimiter, 1), vec![value], 1, None));
    }
    let (delimiter, end) = delimiter_after(chars, 1).unwrap_or((Delimiter::None, 1));
    boundary(chars, end, true).then(|| (scheme(family, delimiter, 1), vec![value], end, None))
}

/// The punctuation closing a number at `i` ("." ")" "、" ":"), allowing spaces before an ideographic comma.
fn delimiter_after(chars: &[(usize, char)], i: usize) -> Option<(Delimiter, usize)> {
    let spaces = chars[i.min(chars.len())..].iter().take_while(|&&(_, c)| c == ' ').count();
    match (at(chars, i)?, at(chars, i + spaces)?) {
        (_, '、') => Some((Delimiter::Ideographic, i + spaces + 1)),
        ('.', _) => Some((Delimiter::Dot, i + 1)),
        (')', _) => Some((Delimiter::Paren, i + 1)),
        (':', _) => Some((Delimiter::Colon, i + 1)),
        _ => None,
    }
}

/// Arabic numbers and dotted paths, ASCII Roman numerals and letters.
fn latin(chars: &[(usize, char)]) -> Option<Parsed> {
    if let Some((path, end)) = decimal_path(chars, 0) {
        let depth = path.len();
        return match delimiter_after(chars, end) {
            // "1、1.We may…": after an ideographic comma anything may follow.
            Some((Delimiter::Ideographic, after)) => {
                Some((scheme(Family::Decimal, Delimiter::Ideographic, depth), path, after, None))
            }
            Some((Delimiter::Colon, after)) if !boundary(chars, after, false) => None,
            Some((delimiter, after)) => {
                boundary(chars, after, true).then(|| (scheme(Family::Decimal, delimiter, depth), path, after, None))
            }
            // "1.1 Title" needs no closing dot; a bare "1 Title" is too often a number in a sentence.
            None => (depth > 1 && boundary(chars, end, false))
                .then(|| (scheme(Family::Decimal, Delimiter::Dot, depth), path, end, None)),
        };
    }
    let run = chars.iter().take_while(|&&(_, c)| c.is_ascii_alphabetic()).count();
    if run == 0 || run > 6 {
        return None;
    }
    let word: String = chars[..run].iter().map(|&(_, c)| c).collect();
    let upper = word.chars().all(|c| c.is_ascii_uppercase());
    let lower = word.chars().all(|c| c.is_ascii_lowercase());
    let (delimiter, end) = delimiter_after(chars, run)?;
    if delimiter == Delimiter::Colon || !boundary(chars, end, delimiter == Delimiter::Ideographic) {
        return None; // "e.g.", "i.e." and "Note:" are words, not markers
    }
    if run == 1 {
        let family = Family::Letter { upper };
        return Some((scheme(family, delimiter, 1), vec![letter_value(&word)], end, roman_value(&word)));
    }
    let value = roman_value(&word).filter(|_| upper || lower)?;
    Some((scheme(Family::Roman { upper }, delimiter, 1), vec![value], end, None))
}

#[cfg(test)]
#[path = "marker_tests.rs"]
mod tests;
