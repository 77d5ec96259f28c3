//! Plural forms, for numbers the banner writes out ("1 day", "2 days"; Polish "2 lata", "5 lat").
//!
//! A text with a number lists its forms separated by `|`, in the order of the language's plural categories (CLDR,
//! cardinal, integers only): `one|other` for most European languages, `one|few|many` for Polish, a single form for
//! Chinese and Japanese. `{n}` stands for the number.

/// How many forms a text with a number has in `language`.
pub fn form_count(language: &str) -> usize {
    match primary(language) {
        "ja" | "zh" | "ko" | "vi" | "th" | "id" => 1,
        "pl" | "ru" | "uk" | "cs" | "sk" => 3,
        _ => 2,
    }
}

/// Which of the forms `n` takes in `language` (0-based).
pub fn form_index(language: &str, n: u32) -> usize {
    match primary(language) {
        "ja" | "zh" | "ko" | "vi" | "th" | "id" => 0,
        // French and Portuguese count zero as singular ("0 jour", "0 dia").
        "fr" | "pt" => usize::from(n > 1),
        "pl" => {
            let (ones, tens) = (n % 10, n % 100);
            if n == 1 {
                0
            } else if (2..=4).contains(&ones) && !(12..=14).contains(&tens) {
                1
            } else {
                2
            }
        }
        _ => usize::from(n != 1),
    }
}

/// `forms` (as `one|other`) written out for `n` in `language`. A text with fewer forms than the language has uses its
/// last one, so that a partial translation still reads.
pub fn format_count(forms: &str, language: &str, n: u32) -> String {
    let list: Vec<&str> = forms.split('|').collect();
    let form = list.get(form_index(language, n)).or(list.last()).copied().unwrap_or_default();
    form.replace("{n}", &n.to_string())
}

fn primary(language: &str) -> &str {
    language.split('-').next().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_german_and_friends_have_one_and_other() {
        assert_eq!(format_count("{n} year|{n} years", "en", 1), "1 year");
        assert_eq!(format_count("{n} year|{n} years", "en", 0), "0 years");
        assert_eq!(format_count("{n} Jahr|{n} Jahre", "de-AT", 2), "2 Jahre");
    }

    #[test]
    fn french_and_portuguese_count_zero_as_one() {
        assert_eq!(format_count("{n} jour|{n} jours", "fr", 0), "0 jour");
        assert_eq!(format_count("{n} jour|{n} jours", "fr", 2), "2 jours");
        assert_eq!(format_count("{n} dia|{n} dias", "pt", 1), "1 dia");
    }

    #[test]
    fn polish_has_one_few_and_many() {
        let years = "{n} rok|{n} lata|{n} lat";
        let written: Vec<String> = [1, 2, 4, 5, 12, 14, 22, 25, 112, 122].map(|n| format_count(years, "pl", n)).into();
        assert_eq!(
            written,
            ["1 rok", "2 lata", "4 lata", "5 lat", "12 lat", "14 lat", "22 lata", "25 lat", "112 lat", "122 lata"]
        );
    }

    #[test]
    fn chinese_and_japanese_have_one_form() {
        assert_eq!(format_count("{n} 年", "zh-CN", 2), "2 年");
        assert_eq!(format_count("{n}年", "ja", 1), "1年");
        assert_eq!(form_count("zh-CN"), 1);
    }

    #[test]
    fn a_text_with_too_few_forms_uses_its_last() {
        assert_eq!(format_count("{n} lat", "pl", 2), "2 lat");
        assert_eq!(format_count("{n} years", "en", 1), "1 years");
    }
}
