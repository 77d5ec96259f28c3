//! Finding phrases in policy text the way a reader would: regardless of case, hyphenation ("web-beacons"), plurals
//! ("pixel tags") and punctuation between the words ("IMEI/Android ID").

/// A phrase as a sequence of word patterns. A pattern matches a word exactly or with a plural "s"/"es"; a pattern
/// ending in `*` matches any word starting with what precedes it ("analy*" matches "analyse", "analytics").
pub(crate) type Phrase = &'static [&'static str];

/// The words of `text`, lowercased, split at anything that is not a letter or digit. Chinese and Japanese are written
/// without spaces, so each of their characters is a word of its own ("使用Cookie来" is "使", "用", "cookie", "来").
pub(crate) fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        let ideograph = matches!(c, '\u{3040}'..='\u{30ff}' | '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}');
        if !c.is_alphanumeric() || ideograph {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            if ideograph {
                out.push(c.to_string());
            }
        } else {
            word.extend(c.to_lowercase());
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

fn word_matches(word: &str, pattern: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => word.starts_with(prefix),
        None => word == pattern || word.strip_prefix(pattern).is_some_and(|plural| plural == "s" || plural == "es"),
    }
}

/// Where `phrase` starts in `words`, at every place it occurs.
pub(crate) fn positions(words: &[String], phrase: Phrase) -> Vec<usize> {
    if phrase.is_empty() || words.len() < phrase.len() {
        return Vec::new();
    }
    (0..=words.len() - phrase.len())
        .filter(|&start| phrase.iter().enumerate().all(|(i, pattern)| word_matches(&words[start + i], pattern)))
        .collect()
}

/// Whether any of `phrases` occurs in `words`.
pub(crate) fn contains_any(words: &[String], phrases: &[Phrase]) -> bool {
    phrases.iter().any(|phrase| !positions(words, phrase).is_empty())
}

/// The sentences of a text: split after ".", "!", "?", ";" or their full-width forms when a space or the end follows.
pub(crate) fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let ends = match c {
            '.' | '!' | '?' | ';' => chars.peek().is_none_or(|&(_, next)| next.is_whitespace()),
            '。' | '！' | '？' | '；' => true,
            _ => false,
        };
        if ends {
            let end = i + c.len_utf8();
            out.push(text[start..end].trim());
            start = end;
        }
    }
    out.push(text[start..].trim());
    out.retain(|s| !s.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_match_across_case_hyphens_plurals_and_slashes() {
        let w = words("We use Web-Beacons, pixel tags and IMEI/Android ID.");
        assert_eq!(positions(&w, &["web", "beacon"]), [2]);
        assert_eq!(positions(&w, &["pixel", "tag"]), [4]);
        assert_eq!(positions(&w, &["android", "id"]), [8]);
        assert!(contains_any(&w, &[&["imei"]]));
        assert_eq!(words("我们使用Cookie来记住"), ["我", "们", "使", "用", "cookie", "来", "记", "住"]);
    }

    #[test]
    fn a_pattern_is_a_whole_word_unless_it_is_a_prefix() {
        let w = words("Our cookiejar analyses statistics");
        assert!(positions(&w, &["cookie"]).is_empty());
        assert_eq!(positions(&w, &["analy*"]), [2]);
        assert!(positions(&w, &["statistic"]).len() == 1);
    }

    #[test]
    fn sentences_end_at_stops_followed_by_space() {
        assert_eq!(
            sentences("We use cookies, e.g.for login. We also use pixels; see 3.2 below! 是的。好"),
            ["We use cookies, e.g.for login.", "We also use pixels;", "see 3.2 below!", "是的。", "好"]
        );
    }
}
