//! What the console calls a language: the name a product team reads in the Texts form's columns, options and
//! messages, never an empty one.

/// What the form calls a language: its English name and its tag where the console knows a name for its language (a
/// regional tag, `pt-BR`, takes its language's name), else the tag itself with a label saying what it is, so that no
/// column, option or button is ever left without a name.
pub fn language_name(tag: &str) -> String {
    let language = tag.split(['-', '_']).next().unwrap_or_default();
    let name = match language {
        "en" => "English",
        "de" => "German",
        "fr" => "French",
        "es" => "Spanish",
        "it" => "Italian",
        "nl" => "Dutch",
        "pt" => "Portuguese",
        "pl" => "Polish",
        "zh" if tag == "zh-CN" => "Chinese (Simplified)",
        "zh" => "Chinese",
        "ja" => "Japanese",
        "ko" => "Korean",
        "sv" => "Swedish",
        "da" => "Danish",
        "fi" => "Finnish",
        "nb" | "no" => "Norwegian",
        "cs" => "Czech",
        "sk" => "Slovak",
        "sl" => "Slovenian",
        "hu" => "Hungarian",
        "ro" => "Romanian",
        "bg" => "Bulgarian",
        "el" => "Greek",
        "hr" => "Croatian",
        "et" => "Estonian",
        "lv" => "Latvian",
        "lt" => "Lithuanian",
        "ga" => "Irish",
        "mt" => "Maltese",
        "ru" => "Russian",
        "uk" => "Ukrainian",
        "tr" => "Turkish",
        "ar" => "Arabic",
        "he" => "Hebrew",
        "hi" => "Hindi",
        _ if tag.trim().is_empty() => return "A language with no tag".to_owned(),
        _ => return format!("Language tag {tag}"),
    };
    format!("{name} ({tag})")
}

#[cfg(test)]
mod tests {
    use super::language_name;

    #[test]
    fn every_language_has_a_name_and_shows_its_tag() {
        assert_eq!(language_name("de"), "German (de)");
        assert_eq!(language_name("pt-BR"), "Portuguese (pt-BR)");
        assert_eq!(language_name("zh-CN"), "Chinese (Simplified) (zh-CN)");
        assert_eq!(language_name("zh-TW"), "Chinese (zh-TW)");
        assert_eq!(language_name("sv"), "Swedish (sv)");
        assert_eq!(language_name("tlh"), "Language tag tlh");
        assert_eq!(language_name(""), "A language with no tag");
        assert_eq!(language_name("  "), "A language with no tag");
    }
}
