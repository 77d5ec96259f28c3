use proptest::prelude::*;

use super::*;

fn parsed(line: &str) -> Option<(Family, Delimiter, Vec<u32>, String, String)> {
    parse(line).map(|(m, rest)| (m.scheme.family, m.scheme.delimiter, m.path, m.label, rest.to_owned()))
}

fn family_path_rest(line: &str) -> Option<(Family, Vec<u32>, String)> {
    parsed(line).map(|(family, _, path, _, rest)| (family, path, rest))
}

#[test]
fn dotted_decimal_paths_of_any_depth() {
    assert_eq!(family_path_rest("1. What we collect"), Some((Family::Decimal, vec![1], "What we collect".into())));
    assert_eq!(
        family_path_rest("1.1 When you register:"),
        Some((Family::Decimal, vec![1, 1], "When you register:".into()))
    );
    assert_eq!(family_path_rest("1.10.1  We will"), Some((Family::Decimal, vec![1, 10, 1], "We will".into())));
    assert_eq!(family_path_rest("4.We store your data"), Some((Family::Decimal, vec![4], "We store your data".into())));
    assert_eq!(parse("1.2.3").map(|(m, _)| m.scheme.depth), Some(3));
}

#[test]
fn ideographic_commas_after_arabic_roman_and_chinese_numbers() {
    let (family, delimiter, path, label, rest) = parsed("Ⅱ 、How Do We Use Cookies").unwrap();
    assert_eq!(
        (family, delimiter, path, label.as_str(), rest.as_str()),
        (Family::Roman { upper: true }, Delimiter::Ideographic, vec![2], "Ⅱ 、", "How Do We Use Cookies")
    );
    assert_eq!(
        parsed("Ⅲ、How").map(|p| (p.0, p.1, p.2)),
        Some((Family::Roman { upper: true }, Delimiter::Ideographic, vec![3]))
    );
    assert_eq!(parsed("1、Cookie").map(|p| (p.0, p.1, p.2)), Some((Family::Decimal, Delimiter::Ideographic, vec![1])));
    assert_eq!(family_path_rest("1、1.We may modify"), Some((Family::Decimal, vec![1], "1.We may modify".into())));
    assert_eq!(family_path_rest("三、个人信息"), Some((Family::CjkNumeral, vec![3], "个人信息".into())));
}

#[test]
fn a_lone_ascii_i_is_a_letter_that_may_turn_out_roman() {
    let (marker, rest) = parse("I 、How the company collects").unwrap();
    assert_eq!(marker.scheme.family, Family::Letter { upper: true });
    assert_eq!(marker.scheme.delimiter, Delimiter::Ideographic);
    assert_eq!(rest, "How the company collects");
    let roman = marker.as_roman().unwrap();
    assert_eq!((roman.scheme.family, roman.path), (Family::Roman { upper: true }, vec![1]));
    assert_eq!(family_path_rest("IV. Cookies"), Some((Family::Roman { upper: true }, vec![4], "Cookies".into())));
}

#[test]
fn enclosed_numbers_and_letters() {
    assert_eq!(family_path_rest("(1)in the case of"), Some((Family::Decimal, vec![1], "in the case of".into())));
    assert_eq!(family_path_rest("(1)) related to"), Some((Family::Decimal, vec![1], "related to".into())));
    assert_eq!(family_path_rest("（2）第二"), Some((Family::Decimal, vec![2], "第二".into())));
    assert_eq!(
        family_path_rest("(c) Your rights"),
        Some((Family::Letter { upper: false }, vec![3], "Your rights".into()))
    );
    assert_eq!(family_path_rest("(iv) Transfers"), Some((Family::Roman { upper: false }, vec![4], "Transfers".into())));
    assert_eq!(parsed("(1)").map(|p| p.1), Some(Delimiter::Enclosed));
}

#[test]
fn keywords_number_headings() {
    assert_eq!(
        family_path_rest("Article 3. Cookies"),
        Some((Family::Keyword(Keyword::Article), vec![3], "Cookies".into()))
    );
    assert_eq!(
        family_path_rest("ARTICLE IV – Rights"),
        Some((Family::Keyword(Keyword::Article), vec![4], "Rights".into()))
    );
    assert_eq!(
        family_path_rest("Section 2.1 Scope"),
        Some((Family::Keyword(Keyword::Section), vec![2, 1], "Scope".into()))
    );
    assert_eq!(
        family_path_rest("§ 5 Speicherdauer"),
        Some((Family::Keyword(Keyword::Section), vec![5], "Speicherdauer".into()))
    );
    assert_eq!(family_path_rest("Part B"), Some((Family::Keyword(Keyword::Part), vec![2], "".into())));
    assert_eq!(
        family_path_rest("第三条 信息的使用"),
        Some((Family::Keyword(Keyword::Article), vec![3], "信息的使用".into()))
    );
}

#[test]
fn bullets_and_circled_numbers() {
    assert_eq!(
        parsed("● Location: we collect").map(|p| (p.0, p.4)),
        Some((Family::Bullet('●'), "Location: we collect".into()))
    );
    assert_eq!(parsed("- item").map(|p| p.0), Some(Family::Bullet('-')));
    assert_eq!(parsed("①同意").map(|p| (p.0, p.2)), Some((Family::Circled, vec![1])));
}

#[test]
fn words_numbers_and_dates_in_sentences_are_not_markers() {
    for line in [
        "I hope you will read it carefully.",
        "e.g. your name",
        "Note: this applies",
        "Section 2 of this policy explains how",
        "Part of the data",
        "(0574) 5522 5205",
        "18074219625",
        "2023-04-01 is the date",
        "-5 degrees",
        "*important* text",
        "(Android ID, BSSID, Mac Address) Android ID",
        "15 cookies are set",
        "●",
        "IIII. not a numeral",
    ] {
        assert_eq!(parsed(line), None, "{line}");
    }
}

#[test]
fn full_width_digits_read_like_ascii() {
    assert_eq!(family_path_rest("１．概述"), Some((Family::Decimal, vec![1], "概述".into())));
}

#[test]
fn siblings_follow_each_other_within_one_parent() {
    let m = |line: &str| parse(line).unwrap().0;
    assert!(m("1.1 A").is_followed_by(&m("1.2 B")));
    assert!(m("1.1 A").is_followed_by(&m("1.4 B")), "a skipped number is still a sibling");
    assert!(!m("1.2 A").is_followed_by(&m("2.1 B")), "different parent");
    assert!(!m("3. A").is_followed_by(&m("1. B")), "numbering restarted");
    assert!(!m("1. A").is_followed_by(&m("2) B")), "different punctuation");
}

#[test]
fn schemes_rank_as_policies_nest_them() {
    let s = |line: &str| parse(line).unwrap().0.scheme;
    assert!(s("Article 1. A").outranks(s("1. A")));
    assert!(s("IV. A").outranks(s("1. A")));
    assert!(s("1. A").outranks(s("1.1 A")));
    assert!(s("1.1 A").outranks(s("1.1.1 A")));
    assert!(s("1. A").outranks(s("(1) A")));
    assert!(s("(1) A").outranks(s("a. A")));
    assert!(s("a. A").outranks(s("● A")));
    assert!(!s("1.1 A").outranks(s("1. A")));
}

proptest! {
    #[test]
    fn parsing_never_panics_and_the_label_and_rest_come_from_the_line(line in "\\PC{0,24}") {
        if let Some((marker, rest)) = parse(line.trim()) {
            prop_assert!(line.contains(&marker.label));
            prop_assert!(line.contains(rest));
        }
    }

    #[test]
    fn every_decimal_path_is_recognised(path in proptest::collection::vec(1u32..200, 1..5), title in "[A-Z][a-z]{1,8}") {
        let number = path.iter().map(u32::to_string).collect::<Vec<_>>().join(".");
        let line = format!("{number}. {title}");
        let (marker, rest) = parse(&line).unwrap();
        prop_assert_eq!(marker.path, path);
        prop_assert_eq!(rest, title.as_str());
    }
}
