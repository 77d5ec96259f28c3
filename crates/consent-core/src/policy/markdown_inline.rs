//! Markdown inline markup reduced to the text a reader sees: emphasis and code marks dropped, links and images
//! replaced by their text, HTML tags removed and entities decoded. Nothing of HTML passes through.

/// The visible text of a line of Markdown inline content.
pub(crate) fn plain(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let emphasis = underscore_emphasis(&chars);
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if chars.get(i + 1).is_some_and(|n| n.is_ascii_punctuation()) => {
                out.push(chars[i + 1]);
                i += 2;
            }
            '!' if chars.get(i + 1) == Some(&'[') => i += 1,
            '[' => match link(&chars, i) {
                Some((label, _, end)) => {
                    out.push_str(&plain(&label));
                    i = end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '<' => match tag_end(&chars, i) {
                Some((end, autolink)) => {
                    out.push_str(&autolink);
                    i = end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '&' => match entity(&chars, i) {
                Some((decoded, end)) => {
                    out.push(decoded);
                    i = end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '*' | '`' | '~' => i += 1,
            '_' if emphasis.contains(&i) => i += 1,
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text and target of a line that is nothing but a link to a place in the same document (`[Cookies](#cookies)`),
/// as the entries of a Markdown table of contents are.
pub(crate) fn anchor_link(text: &str) -> Option<(String, String)> {
    let chars: Vec<char> = text.trim().chars().collect();
    let (label, target, end) = link(&chars, 0)?;
    (end == chars.len() && target.starts_with('#')).then(|| (plain(&label), target))
}

/// The underscores that open or close emphasis (`_word_`, `__word__`): a run of them opens when it starts a word,
/// closes when it ends one, and only counts when matched by a run of the same length. Others are text, as in
/// `snake_case` or a cookie named `_ga`.
fn underscore_emphasis(chars: &[char]) -> Vec<usize> {
    let word = |j: Option<usize>| j.and_then(|j| chars.get(j)).is_some_and(|c| c.is_alphanumeric());
    let space = |j: Option<usize>| j.and_then(|j| chars.get(j)).is_none_or(|c| c.is_whitespace());
    let mut marks = Vec::new();
    let mut openers: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '_' {
            i += 1;
            continue;
        }
        let length = chars[i..].iter().take_while(|&&c| c == '_').count();
        let (before, after) = (i.checked_sub(1), Some(i + length));
        let closes = !space(before) && !word(after);
        match openers.iter().rposition(|&(_, l)| l == length).filter(|_| closes) {
            Some(position) => {
                let (start, _) = openers[position];
                marks.extend((start..start + length).chain(i..i + length));
                openers.truncate(position);
            }
            None if !word(before) && !space(after) => openers.push((i, length)),
            None => {}
        }
        i += length;
    }
    marks
}

/// A link `[label](target)` or `[label][ref]` starting at `start`: its label, target and the index after it.
fn link(chars: &[char], start: usize) -> Option<(String, String, usize)> {
    let mut depth = 0;
    let mut close = None;
    for (j, &c) in chars.iter().enumerate().skip(start) {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    close = Some(j);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    let label: String = chars[start + 1..close].iter().collect();
    let (opener, closer) = match chars.get(close + 1) {
        Some('(') => ('(', ')'),
        Some('[') => ('[', ']'),
        _ => return None,
    };
    let end = chars[close + 2..].iter().position(|&c| c == closer)? + close + 2;
    let target: String = chars[close + 2..end].iter().collect();
    let target = if opener == '(' { target.split_whitespace().next().unwrap_or("").to_owned() } else { target };
    Some((label, target, end + 1))
}

/// An HTML tag, comment or autolink starting at `start`: the index after it, and the text it shows (an autolink's
/// address; nothing for a tag).
fn tag_end(chars: &[char], start: usize) -> Option<(usize, String)> {
    let next = *chars.get(start + 1)?;
    if !(next.is_ascii_alphabetic() || next == '/' || next == '!' || next == '?') {
        return None;
    }
    let end = chars[start..].iter().position(|&c| c == '>')? + start;
    let inner: String = chars[start + 1..end].iter().collect();
    let autolink = inner.contains("://") || (inner.contains('@') && !inner.contains(' '));
    Some((end + 1, if autolink { inner } else { String::new() }))
}

/// An HTML entity (`&amp;`, `&#39;`, `&#x2019;`) starting at `start`: the character and the index after it.
fn entity(chars: &[char], start: usize) -> Option<(char, usize)> {
    let end = chars[start..].iter().take(12).position(|&c| c == ';')? + start;
    let name: String = chars[start + 1..end].iter().collect();
    let decoded = match name.as_str() {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "copy" => '©',
        "rsquo" => '’',
        "lsquo" => '‘',
        "ldquo" => '“',
        "rdquo" => '”',
        "mdash" => '—',
        "ndash" => '–',
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code).filter(|c| !c.is_control())?
        }
    };
    Some((decoded, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emphasis_and_code_marks_are_dropped() {
        assert_eq!(
            plain("We **never** sell _your_ data; see `consent.json`."),
            "We never sell your data; see consent.json."
        );
        assert_eq!(plain("the ad_storage flag"), "the ad_storage flag");
        assert_eq!(
            plain("the _ga and _gid cookies, __strongly__ advised"),
            "the _ga and _gid cookies, strongly advised"
        );
        assert_eq!(plain(r"costs \*nothing\*"), "costs *nothing*");
    }

    #[test]
    fn links_and_images_become_their_text() {
        assert_eq!(plain("read the [cookie policy](https://example.com/cookies \"title\")"), "read the cookie policy");
        assert_eq!(plain("![our logo](logo.png) Example Ltd"), "our logo Example Ltd");
        assert_eq!(plain("see [section 2][s2]"), "see section 2");
        assert_eq!(plain("an [unclosed bracket"), "an [unclosed bracket");
    }

    #[test]
    fn html_is_removed_and_entities_decoded() {
        assert_eq!(plain("<b>Cookies</b> &amp; <script>alert(1)</script>beacons"), "Cookies & alert(1)beacons");
        assert_eq!(plain("mail <privacy@example.com> or 1 < 2"), "mail privacy@example.com or 1 < 2");
        assert_eq!(plain("don&#39;t &#x2019; &bogus;"), "don't ’ &bogus;");
    }

    #[test]
    fn a_link_to_an_anchor_is_a_contents_entry() {
        assert_eq!(
            anchor_link("[How we use *cookies*](#cookies)"),
            Some(("How we use cookies".into(), "#cookies".into()))
        );
        assert_eq!(anchor_link("[Cookies](https://example.com)"), None);
        assert_eq!(anchor_link("[Cookies](#cookies) and more"), None);
    }
}
