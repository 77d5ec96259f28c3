//! Policies written to other conventions than the three real ones (`tests/fixtures/`): the importer is driven by
//! numbering, nesting, line shape and consistency, so it reads them without knowing them.

use consent_core::policy::{Block, Policy, Section};
use consent_policy_import::{import, PolicyFormat, PolicyReport, SuggestedCategory, TrackingTechnology};

fn report(name: &str) -> PolicyReport {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    PolicyReport::new(import(&text, PolicyFormat::from_path(path.as_ref())).unwrap())
}

fn headings(sections: &[Section]) -> Vec<&str> {
    sections.iter().map(Section::heading).collect()
}

fn iso(policy: &Policy) -> Option<String> {
    policy.effective_date().and_then(|d| d.iso).map(|d| d.to_string())
}

fn technologies(report: &PolicyReport) -> Vec<TrackingTechnology> {
    report.tracking.iter().map(|m| m.technology).collect()
}

fn categories(report: &PolicyReport) -> Vec<&'static str> {
    report.suggested_categories.iter().map(|c| c.as_str()).collect()
}

#[test]
fn articles_with_decimal_subsections_lettered_and_roman_lists_in_wrapped_text() {
    let report = report("article-style.txt");
    let policy = &report.policy;
    assert_eq!(policy.title(), Some("NORDWIND OUTDOOR GMBH - PRIVACY NOTICE"));
    assert_eq!(iso(policy).as_deref(), Some("2026-11-01"));
    assert_eq!(
        headings(policy.sections()),
        ["Controller", "Data We Process", "Cookies, Local Storage and SDKs", "Your Rights", "Changes"]
    );
    assert_eq!(policy.sections()[0].number(), Some("Article 1."));
    assert_eq!(headings(policy.sections()[2].sections()), ["Strictly necessary cookies", "Analytics", "Marketing"]);
    // Wrapped lines are joined into one paragraph.
    let Block::Paragraph { text } = &policy.sections()[0].blocks()[0] else { panic!("not a paragraph") };
    assert!(text.starts_with("The controller is") && text.ends_with("dpo@nordwind.example."), "{text}");
    // (c) holds the nested (i), (ii) list.
    let Block::OrderedList { items } = &policy.sections()[1].blocks()[1] else { panic!("no list") };
    assert_eq!(items.iter().map(|i| i.label.as_str()).collect::<Vec<_>>(), ["(a)", "(b)", "(c)", "(d)"]);
    assert!(matches!(&items[2].blocks[..], [Block::OrderedList { items }] if items.len() == 2));

    use TrackingTechnology::*;
    assert_eq!(technologies(&report), [Cookies, WebBeacons, LocalStorage, Sdk, DeviceIdentifiers]);
    assert_eq!(categories(&report), ["analytics", "advertising", "functional"]);
    assert_eq!(report.cookie_section_id.as_ref(), Some(policy.sections()[2].id()));
}

#[test]
fn question_headings_with_a_printed_contents_and_dash_bullets() {
    let report = report("questions.txt");
    let policy = &report.policy;
    assert_eq!(iso(policy).as_deref(), Some("2023-04-01"));
    assert_eq!(
        headings(policy.sections()),
        ["What Are Cookies?", "How Do We Use Cookies?", "How Can You Control Cookies?"]
    );
    let contents = policy.contents().unwrap();
    assert_eq!(contents.intro.as_deref(), Some("Contents"));
    assert_eq!(
        contents.entries.iter().map(|e| e.page.as_deref()).collect::<Vec<_>>(),
        [Some("1"), Some("1"), Some("2")]
    );
    assert!(matches!(&policy.sections()[1].blocks()[1], Block::UnorderedList { items } if items.len() == 3));
    assert_eq!(categories(&report), ["analytics", "personalisation", "functional", "social_media"]);
}

#[test]
fn capitalised_roman_sections_with_letter_subsections_and_a_contents_that_repeats_them() {
    let report = report("roman-caps.txt");
    let policy = &report.policy;
    assert_eq!(
        headings(policy.sections()),
        ["INTRODUCTION", "INFORMATION WE COLLECT", "HOW WE USE YOUR INFORMATION", "CONTACT"]
    );
    assert_eq!(
        headings(policy.sections()[1].sections()),
        ["Information You Provide", "Information Collected Automatically"]
    );
    assert_eq!(policy.contents().map(|c| c.entries.len()), Some(4));
    assert_eq!(policy.all_sections().len(), 6, "the contents made no sections");
    assert_eq!(technologies(&report), [TrackingTechnology::Sdk, TrackingTechnology::DeviceIdentifiers]);
    // "personalised ads" and "measure the performance" tie the advertising identifier to those purposes.
    assert_eq!(categories(&report), ["analytics", "advertising", "personalisation"]);
}

#[test]
fn a_policy_that_names_no_tracking_technology_yields_none() {
    let report = report("no-tracking.txt");
    assert_eq!(report.policy.sections().len(), 5);
    assert!(report.tracking.is_empty(), "{:?}", report.tracking);
    assert!(report.suggested_categories.is_empty());
    assert_eq!(report.cookie_section_id, None);
}

#[test]
fn chinese_numbering_and_a_chinese_date() {
    let report = report("chinese.txt");
    let policy = &report.policy;
    assert_eq!(policy.title(), Some("隐私政策"));
    assert_eq!(iso(policy).as_deref(), Some("2021-03-01"));
    assert_eq!(
        headings(policy.sections()),
        ["我们如何收集您的个人信息", "我们如何使用Cookie和同类技术", "如何联系我们"]
    );
    assert_eq!(
        policy.sections()[0].sections().iter().map(|s| s.number()).collect::<Vec<_>>(),
        [Some("（一）"), Some("（二）")]
    );
    assert_eq!(technologies(&report), [TrackingTechnology::Cookies, TrackingTechnology::DeviceIdentifiers]);
    let ids: Vec<_> = policy.all_sections().iter().map(|s| s.id().to_string()).collect();
    assert!(ids.iter().all(|id| id.starts_with("section") || id == "cookie"), "{ids:?}");
}

#[test]
fn a_markdown_cookie_notice() {
    let report = report("cookie-notice.md");
    let policy = &report.policy;
    assert_eq!(policy.title(), Some("Cookie Notice"));
    assert_eq!(iso(policy).as_deref(), Some("2025-01-15"));
    assert_eq!(headings(policy.sections()), ["What we use", "Your choices"]);
    assert_eq!(headings(policy.sections()[0].sections()), ["Essential cookies", "Analytics", "Social media"]);
    let Block::UnorderedList { items } = &policy.sections()[0].sections()[1].blocks()[1] else { panic!("no list") };
    assert_eq!(items[0].text, "_pk_id — distinguishes visitors, kept for 13 months");
    assert_eq!(policy.contents().map(|c| c.entries.len()), Some(2));
    assert_eq!(technologies(&report), [TrackingTechnology::Cookies, TrackingTechnology::WebBeacons]);
    let expected = [SuggestedCategory::Analytics, SuggestedCategory::Functional, SuggestedCategory::SocialMedia];
    assert_eq!(report.suggested_categories, expected);
}

/// Each part headed by a question, its answer on the next line, no blank lines anywhere, and a list without markers:
/// one item a line, each ending in ";" but the last. Regression: this shape imported as a flat run of paragraphs.
#[test]
fn questions_and_answers_without_blank_lines_and_a_list_without_markers() {
    let report = report("questions-run-on.txt");
    let policy = &report.policy;
    assert_eq!(policy.title(), Some("PRIVACY AT THE HILLTOP BAKERY"));
    assert_eq!(
        headings(policy.sections()),
        [
            "Who decides what happens to your data?",
            "What do we keep when you order a cake online, and where does it come from?",
            "Do we use cookies?",
            "How long do we keep it?",
            "What can you ask of us?"
        ]
    );
    let Block::UnorderedList { items } = &policy.sections()[1].blocks()[1] else {
        panic!("no list in {:?}", policy.sections()[1].blocks())
    };
    assert_eq!(
        items.iter().map(|i| i.text.as_str()).collect::<Vec<_>>(),
        [
            "your name and the address we deliver to;",
            "the cakes you ordered and what you paid;",
            "your telephone number, in case the driver cannot find you."
        ]
    );
    assert_eq!(policy.sections()[1].blocks()[2], Block::paragraph("Everything else comes from you as you type it."));
    assert_eq!(technologies(&report), [TrackingTechnology::Cookies]);
}

/// "Section N -", "§ N", "PART N:" and headings underlined as Markdown's setext headings are: `=` for the top level,
/// `-` for the level below it.
#[test]
fn section_paragraph_and_part_keywords_with_underlined_headings() {
    let report = report("sections-and-underlines.txt");
    let policy = &report.policy;
    assert_eq!(policy.title(), Some("Privacy Statement"));
    let outline: Vec<(u8, Option<&str>, &str)> =
        policy.all_sections().into_iter().map(|s| (s.level().get(), s.number(), s.heading())).collect();
    assert_eq!(
        outline,
        [
            (1, Some("Section 1 -"), "Who We Are"),
            (1, Some("Section 2 -"), "What We Collect"),
            (1, Some("§ 3"), "Cookies and Similar Technologies"),
            (1, Some("PART 4:"), "YOUR RIGHTS"),
            (1, None, "Contact"),
            (2, None, "Changes"),
        ]
    );
    assert_eq!(iso(policy).as_deref(), Some("2026-02-01"));
    assert_eq!(technologies(&report), [TrackingTechnology::Cookies]);
}
