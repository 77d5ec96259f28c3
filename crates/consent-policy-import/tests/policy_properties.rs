//! Properties of both importers on arbitrary input: they never panic, lose nothing, invent nothing, and always
//! produce a well-formed outline.

use consent_core::policy::{Block, Policy, Section, MAX_LEVEL};
use consent_policy_import::{import_markdown, import_text, ImportError, PolicyReport};
use proptest::prelude::*;

fn block_texts(blocks: &[Block], out: &mut Vec<String>) {
    for block in blocks {
        match block {
            Block::Paragraph { text } => out.push(text.clone()),
            Block::UnorderedList { items } => items.iter().for_each(|i| {
                out.push(i.text.clone());
                block_texts(&i.blocks, out);
            }),
            Block::OrderedList { items } => items.iter().for_each(|i| {
                out.push(format!("{} {}", i.label, i.text));
                block_texts(&i.blocks, out);
            }),
        }
    }
}

fn section_texts(section: &Section, out: &mut Vec<String>) {
    out.push(format!("{} {}", section.number().unwrap_or(""), section.heading()));
    block_texts(section.blocks(), out);
    section.sections().iter().for_each(|s| section_texts(s, out));
}

/// Every piece of text the policy holds, in reading order, with numbers and labels next to what they number. The
/// effective date is left out: it repeats a line that is also kept as text.
fn texts(policy: &Policy) -> Vec<String> {
    let mut out: Vec<String> = policy.title().map(str::to_owned).into_iter().collect();
    block_texts(policy.preamble(), &mut out);
    if let Some(contents) = policy.contents() {
        out.extend(contents.intro.clone());
        for entry in &contents.entries {
            let parts = [entry.number.as_deref(), Some(entry.text.as_str()), entry.page.as_deref()];
            out.push(parts.into_iter().flatten().collect::<Vec<_>>().join(" "));
        }
    }
    policy.sections().iter().for_each(|s| section_texts(s, &mut out));
    out
}

fn alphanumeric(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Checks that every line's letters and digits appear, in order, in the model's text, and that the model holds no
/// letter or digit the input did not.
fn nothing_lost_or_invented(input: &str, policy: &Policy) -> Result<(), TestCaseError> {
    let model = texts(policy);
    let joined: String = model.iter().map(|t| alphanumeric(t)).collect();
    for line in input.lines() {
        let wanted = alphanumeric(line);
        prop_assert!(joined.contains(&wanted), "line {:?} is missing from {:?}", line, model);
    }
    prop_assert_eq!(joined.chars().count(), alphanumeric(input).chars().count(), "model: {:?}", model);
    Ok(())
}

/// Checks that levels equal depths (1..=6) and that the policy survives a round trip through its checked JSON form.
fn well_formed(policy: &Policy) -> Result<(), TestCaseError> {
    fn check(sections: &[Section], depth: u8) -> Result<(), TestCaseError> {
        for section in sections {
            prop_assert_eq!(section.level().get(), depth);
            prop_assert!((1..=MAX_LEVEL).contains(&depth));
            prop_assert!(!section.heading().trim().is_empty());
            check(section.sections(), depth + 1)?;
        }
        Ok(())
    }
    check(policy.sections(), 1)?;
    let json = serde_json::to_string(policy).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let back: Policy = serde_json::from_str(&json).map_err(|e| TestCaseError::fail(format!("{e}: {json}")))?;
    prop_assert_eq!(&back, policy);
    Ok(())
}

/// Lines the way policies write them: numbering of every scheme, bullets, headings, sentences, dates, rules.
fn policy_line() -> impl Strategy<Value = String> {
    let marker = prop::sample::select(vec![
        "",
        "",
        "",
        "1.",
        "2.",
        "1.1",
        "1.2.3",
        "10.",
        "(1)",
        "(2)",
        "a.",
        "b)",
        "I.",
        "IV.",
        "I 、",
        "Ⅱ 、",
        "Ⅲ、",
        "1、",
        "2、",
        "一、",
        "（二）",
        "①",
        "Article 2.",
        "Section 3",
        "§ 4",
        "●",
        "•",
        "-",
        "*",
        "i.",
        "(iv)",
    ]);
    let word = prop::sample::select(vec![
        "We",
        "use",
        "cookies",
        "Cookies",
        "data",
        "your",
        "How",
        "do",
        "we",
        "collect",
        "PRIVACY",
        "POLICY",
        "rights",
        "Effective",
        "June",
        "1,",
        "2019",
        "2023-04-01",
        "web",
        "beacons",
        "pixel",
        "tags",
        "IMEI",
        "SDK",
        "analytics",
        "advertising",
        "preferences",
        "social",
        "media",
        "个人信息",
        "Cookie",
        "e.g.",
        "Co.,",
        "Ltd.",
        "means",
        "\"We\"",
    ]);
    let end = prop::sample::select(vec!["", "", ".", ":", "?", ";", ","]);
    let indent = prop::sample::select(vec!["", "", "    ", "\t", "      "]);
    let text = (indent, marker, prop::collection::vec(word, 0..14), end)
        .prop_map(|(indent, marker, words, end)| format!("{indent}{marker} {}{end}", words.join(" ")));
    prop_oneof![8 => text, 2 => Just(String::new()), 1 => prop::sample::select(vec!["-----", "=====", "* * *"]).prop_map(str::to_owned)]
}

/// Markdown the way policies are written in it (no links or HTML, whose addresses and tags are not text).
fn markdown_line() -> impl Strategy<Value = String> {
    let prefix = prop::sample::select(vec![
        "", "", "", "# ", "## ", "### ", "#### ", "- ", "* ", "+ ", "1. ", "2) ", "  - ", "    - ", "   1. ", "> ",
        "| ", "===", "---",
    ]);
    let word = prop::sample::select(vec![
        "We",
        "use",
        "**cookies**",
        "*data*",
        "your",
        "How",
        "Cookie",
        "Policy",
        "Last",
        "updated:",
        "2023-04-01",
        "beacons",
        "1.",
        "Article",
        "Ⅱ",
        "个人信息",
        "|",
        "analytics",
        "#",
        "tags",
    ]);
    let text =
        (prefix, prop::collection::vec(word, 0..10)).prop_map(|(prefix, words)| format!("{prefix}{}", words.join(" ")));
    // A fence's info string ("```rust") is markup, so fences come bare.
    prop_oneof![12 => text, 1 => Just("```".to_owned())]
}

fn words(min: usize, max: usize) -> impl Strategy<Value = Vec<&'static str>> {
    let word = prop::sample::select(vec![
        "we",
        "collect",
        "keep",
        "your",
        "data",
        "cookies",
        "share",
        "it",
        "long",
        "rights",
        "the",
        "shop",
        "order",
        "address",
        "name",
        "partners",
        "analytics",
        "delete",
        "after",
        "months",
        "with",
        "consent",
        "for",
        "you",
    ]);
    prop::collection::vec(word, min..max)
}

fn capitalised(first: &str, rest: &[&str]) -> String {
    let mut chars = first.chars();
    let head: String = chars.next().map(|c| c.to_uppercase().collect::<String>()).unwrap_or_default();
    std::iter::once(format!("{head}{}", chars.as_str()))
        .chain(rest.iter().map(|w| (*w).to_owned()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A part of a policy written as questions and answers: the question, one to three sentences, maybe a list without
/// markers (an introducing line, items ending in ";", the last ending the sentence).
fn question_and_answer() -> impl Strategy<Value = (String, Vec<String>)> {
    let asks = prop::sample::select(vec!["what", "how", "why", "who", "when", "do", "can"]);
    let question = (asks, words(2, 12)).prop_map(|(first, rest)| format!("{}?", capitalised(first, &rest)));
    let sentence = words(4, 16).prop_map(|w| format!("{}.", capitalised(w[0], &w[1..])));
    let item = words(2, 8).prop_map(|w| w.join(" "));
    let list = prop::option::of(prop::collection::vec(item, 2..5).prop_map(|items| {
        let last = items.len() - 1;
        let mut lines = vec!["We keep the following:".to_owned()];
        lines.extend(items.iter().enumerate().map(|(i, t)| format!("{t}{}", if i == last { "." } else { ";" })));
        lines
    }));
    (question, prop::collection::vec(sentence, 1..4), list).prop_map(|(question, mut answer, list)| {
        answer.extend(list.into_iter().flatten());
        (question, answer)
    })
}

fn document(line: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    prop::collection::vec(line, 1..40).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_text_importer_never_panics_on_any_input(input in "(\\PC{0,40}\n?){0,30}") {
        if let Ok(policy) = import_text(&input) {
            well_formed(&policy)?;
            let _ = PolicyReport::new(policy);
        }
    }

    #[test]
    fn the_markdown_importer_never_panics_on_any_input(input in "([#>*_`\\[\\]()!<>|=~-]{0,4}\\PC{0,30}\n?){0,30}") {
        if let Ok(policy) = import_markdown(&input) {
            well_formed(&policy)?;
            let _ = PolicyReport::new(policy);
        }
    }

    #[test]
    fn the_text_importer_keeps_every_line_and_nests_properly(input in document(policy_line())) {
        match import_text(&input) {
            Ok(policy) => {
                nothing_lost_or_invented(&input, &policy)?;
                well_formed(&policy)?;
            }
            Err(error) => prop_assert_eq!(error, ImportError::Empty),
        }
    }

    #[test]
    fn questions_head_their_answers_even_without_blank_lines(
        parts in prop::collection::vec(question_and_answer(), 1..8),
        blank_lines in any::<bool>(),
    ) {
        let mut lines = vec!["PRIVACY NOTICE".to_owned()];
        for (question, answer) in &parts {
            lines.push(question.clone());
            lines.extend(answer.iter().cloned());
        }
        let input = lines.join(if blank_lines { "\n\n" } else { "\n" });
        let policy = import_text(&input).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let headings: Vec<&str> = policy.sections().iter().map(Section::heading).collect();
        let questions: Vec<&str> = parts.iter().map(|(q, _)| q.as_str()).collect();
        prop_assert_eq!(headings, questions);
        nothing_lost_or_invented(&input, &policy)?;
        well_formed(&policy)?;
    }

    #[test]
    fn the_markdown_importer_keeps_every_line_and_nests_properly(input in document(markdown_line())) {
        match import_markdown(&input) {
            Ok(policy) => {
                nothing_lost_or_invented(&input, &policy)?;
                well_formed(&policy)?;
            }
            Err(error) => prop_assert_eq!(error, ImportError::Empty),
        }
    }
}
