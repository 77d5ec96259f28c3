//! Reading the numbers in markers: Arabic digits and dotted paths ("1.2.3"), Roman numerals ("XIV"), Chinese
//! numerals ("十二") and letters ("c" is 3). Positions are indices into a line's characters, as [`crate::marker`]
//! scans them.

/// The character at `i`, if the line is that long.
pub(super) fn at(chars: &[(usize, char)], i: usize) -> Option<char> {
    chars.get(i).map(|&(_, c)| c)
}

/// Digits at `i` (at most `max` of them): their value and where they end.
pub(super) fn digits(chars: &[(usize, char)], i: usize, max: usize) -> Option<(u32, usize)> {
    let mut end = i;
    let mut value: u32 = 0;
    while let Some(d) = at(chars, end).and_then(|c| c.to_digit(10)) {
        value = value * 10 + d;
        end += 1;
        if end - i > max {
            return None;
        }
    }
    (end > i).then_some((value, end))
}

/// A dotted decimal path at `i`: "1", "1.2", "1.2.3" (each part at most three digits), and where it ends.
pub(super) fn decimal_path(chars: &[(usize, char)], i: usize) -> Option<(Vec<u32>, usize)> {
    let (first, mut end) = digits(chars, i, 3)?;
    let mut path = vec![first];
    while at(chars, end) == Some('.') && path.len() < 6 {
        let Some((next, after)) = digits(chars, end + 1, 3) else { break };
        path.push(next);
        end = after;
    }
    Some((path, end))
}

pub(super) fn roman_value(numeral: &str) -> Option<u32> {
    let digit = |c: char| match c.to_ascii_uppercase() {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        _ => None,
    };
    let values: Vec<u32> = numeral.chars().map(digit).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, &v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|&next| next > v) {
            total -= v as i64;
        } else {
            total += v as i64;
        }
    }
    let value = u32::try_from(total).ok().filter(|v| (1..40).contains(v))?;
    // Only the canonical spelling counts, so "IIII" or "VX" stay words.
    (to_roman(value) == numeral.to_ascii_uppercase()).then_some(value)
}

fn to_roman(mut value: u32) -> String {
    let mut out = String::new();
    for (v, s) in [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")] {
        while value >= v {
            out.push_str(s);
            value -= v;
        }
    }
    out
}

pub(super) fn letter_value(letter: &str) -> u32 {
    letter.chars().next().map_or(0, |c| (c.to_ascii_lowercase() as u32).saturating_sub('a' as u32) + 1)
}

const CJK_DIGITS: &str = "一二三四五六七八九十";

pub(super) fn cjk_value(chars: &[(usize, char)], i: usize) -> Option<(u32, usize)> {
    let run = chars[i..].iter().take_while(|&&(_, c)| CJK_DIGITS.contains(c)).count();
    if run == 0 || run > 3 {
        return None;
    }
    let digit = |c: char| CJK_DIGITS.chars().position(|d| d == c).map_or(0, |p| p as u32 + 1);
    let numeral: Vec<u32> = chars[i..i + run].iter().map(|&(_, c)| digit(c)).collect();
    let value = match numeral.as_slice() {
        [d] => *d,
        [10, d] => 10 + d,
        [t, 10] => t * 10,
        [t, 10, d] => t * 10 + d,
        _ => return None,
    };
    Some((value, i + run))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> Vec<(usize, char)> {
        text.char_indices().collect()
    }

    #[test]
    fn roman_numerals_in_canonical_spelling_only() {
        assert_eq!(roman_value("XIV"), Some(14));
        assert_eq!(roman_value("iv"), Some(4));
        assert_eq!(roman_value("IIII"), None);
        assert_eq!(roman_value("VX"), None);
        assert_eq!(roman_value("XL"), None, "only I, V and X: 'CD' or 'MIX' are words");
    }

    #[test]
    fn chinese_numerals_up_to_ninety_nine() {
        assert_eq!(cjk_value(&chars("三、"), 0), Some((3, 1)));
        assert_eq!(cjk_value(&chars("十二"), 0), Some((12, 2)));
        assert_eq!(cjk_value(&chars("二十"), 0), Some((20, 2)));
        assert_eq!(cjk_value(&chars("九十九"), 0), Some((99, 3)));
    }

    #[test]
    fn dotted_paths_stop_at_anything_else() {
        assert_eq!(decimal_path(&chars("1.10.2 Title"), 0), Some((vec![1, 10, 2], 6)));
        assert_eq!(decimal_path(&chars("1.Information"), 0), Some((vec![1], 1)));
        assert_eq!(decimal_path(&chars("2023-04-01"), 0), None, "more than three digits");
    }
}
