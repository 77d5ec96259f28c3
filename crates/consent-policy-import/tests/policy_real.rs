//! The three real policies in `tests/fixtures/` (absoloop, frs-cloud, zosi: published privacy policies, copied as
//! plain text) come out with the structure a reader sees in them.

use consent_core::policy::{Block, Policy, Section};
use consent_policy_import::{import_text, PolicyReport, SuggestedCategory, TrackingMention, TrackingTechnology};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

fn report(name: &str) -> PolicyReport {
    PolicyReport::new(import_text(&fixture(name)).unwrap())
}

fn headings(sections: &[Section]) -> Vec<&str> {
    sections.iter().map(Section::heading).collect()
}

fn numbers(sections: &[Section]) -> Vec<&str> {
    sections.iter().map(|s| s.number().unwrap_or("")).collect()
}

fn mention(report: &PolicyReport, technology: TrackingTechnology) -> Option<&TrackingMention> {
    report.tracking.iter().find(|m| m.technology == technology)
}

fn technologies(report: &PolicyReport) -> Vec<TrackingTechnology> {
    report.tracking.iter().map(|m| m.technology).collect()
}

fn ordered_labels(block: &Block) -> Vec<&str> {
    match block {
        Block::OrderedList { items } => items.iter().map(|i| i.label.as_str()).collect(),
        _ => Vec::new(),
    }
}

fn date(policy: &Policy) -> Option<(&str, Option<String>)> {
    policy.effective_date().map(|d| (d.text.as_str(), d.iso.map(|iso| iso.to_string())))
}

mod zosi {
    use super::*;

    const TOP: [&str; 8] = [
        "How the company collects and uses your personal information",
        "How Do We Use Cookies and Similar Technologies",
        "How Do We Protect Your Personal Data",
        "How Do We Share, Transfer, and Publicly Disclose Your Personal Data?",
        "Your Rights",
        "How Do We Deal with Underage Personal Data?",
        "Revision and Update of the Policy",
        "How to Contact Us",
    ];

    #[test]
    fn the_roman_numbered_sections_are_the_top_level_in_order() {
        let policy = report("zosi.txt").policy;
        assert_eq!(policy.title(), Some("Privacy Policy"));
        assert_eq!(headings(policy.sections()), TOP);
        assert_eq!(numbers(policy.sections()), ["I 、", "Ⅱ 、", "Ⅲ、", "Ⅳ、", "Ⅴ、", "Ⅵ、", "Ⅶ、", "Ⅷ、"]);
    }

    #[test]
    fn the_revised_date_is_the_effective_date() {
        assert_eq!(date(&report("zosi.txt").policy), Some(("June 1, 2019", Some("2019-06-01".into()))));
    }

    #[test]
    fn the_opening_list_is_a_table_of_contents_linked_to_the_sections_not_sections_of_its_own() {
        let policy = report("zosi.txt").policy;
        let contents = policy.contents().expect("a table of contents");
        assert_eq!(contents.intro.as_deref(), Some("The Policy will help you understand the following content:"));
        assert_eq!(contents.entries.len(), 8);
        assert_eq!(contents.entries[1].text, "How do we use cookies and similar technologies");
        let targets: Vec<_> = contents.entries.iter().map(|e| e.section_id.clone()).collect();
        let ids: Vec<_> = policy.sections().iter().map(|s| Some(s.id().clone())).collect();
        assert_eq!(targets, ids);
        let all = policy.all_sections();
        assert!(!all.iter().any(|s| s.heading() == "How do we collect and use your personal data"), "no duplicate");
    }

    #[test]
    fn decimal_and_ideographic_numbers_nest_under_the_roman_ones() {
        let policy = report("zosi.txt").policy;
        let first = &policy.sections()[0];
        assert_eq!(first.sections().len(), 10);
        assert_eq!(numbers(first.sections())[9], "1.10");
        assert_eq!(headings(first.sections())[..2], ["Login and registration function", "Live playback function"]);
        assert_eq!(headings(policy.sections()[1].sections()), ["Cookie", "Similar Technology as Cookies"]);
        assert_eq!(headings(policy.sections()[3].sections()), ["Sharing", "Transfer", "Public Disclosure"]);
        assert_eq!(policy.sections()[4].sections().len(), 5);
    }

    #[test]
    fn numbered_sentences_are_list_items_and_nest_by_scheme() {
        let policy = report("zosi.txt").policy;
        let login = &policy.sections()[0].sections()[0];
        assert_eq!(ordered_labels(&login.blocks()[0]), ["1.1.1", "1.1.2", "1.1.3", "1.1.4"]);
        let protect = &policy.sections()[2];
        assert!(protect.sections().is_empty());
        assert_eq!(ordered_labels(&protect.blocks()[0]), ["1、", "2、", "3、", "4、", "5、", "6、", "7、"]);
        let Block::OrderedList { items } = &policy.sections()[6].blocks()[0] else { panic!("no list in Ⅶ") };
        assert_eq!(ordered_labels(&items[1].blocks[0]), ["(1)", "(2)", "(3)", "(4)", "(5)"]);
    }

    #[test]
    fn cookies_and_similar_technologies_are_found_in_their_section() {
        let report = report("zosi.txt");
        use TrackingTechnology::*;
        assert_eq!(technologies(&report), [Cookies, WebBeacons, DeviceIdentifiers]);
        let cookies = mention(&report, Cookies).unwrap();
        assert_eq!(cookies.section_headings, [TOP[1], "Cookie", "Similar Technology as Cookies"]);
        assert_eq!(mention(&report, WebBeacons).unwrap().section_headings, ["Similar Technology as Cookies"]);
        let identifiers = &mention(&report, DeviceIdentifiers).unwrap().section_headings;
        assert!(identifiers.contains(&TOP[0].to_owned()) && identifiers.contains(&"Push function".to_owned()));
        assert_eq!(report.cookie_section_id.as_ref(), Some(report.policy.sections()[1].id()));
    }

    #[test]
    fn preferences_stored_in_cookies_suggest_personalisation_and_nothing_suggests_advertising() {
        let categories = report("zosi.txt").suggested_categories;
        assert!(categories.contains(&SuggestedCategory::Personalisation), "{categories:?}");
        assert!(!categories.contains(&SuggestedCategory::Advertising), "{categories:?}");
    }
}

mod frs_cloud {
    use super::*;

    #[test]
    fn the_unnumbered_statement_and_the_eleven_numbered_sections_are_the_top_level() {
        let policy = report("frs-cloud.txt").policy;
        assert_eq!(policy.title(), Some("FRS Privacy Policy"));
        let expected = [
            "The statement",
            "Information that we might collect",
            "How do we use your information",
            "How can we share your information",
            "We store your data",
            "Third party websites and applications",
            "Data security",
            "Your choice and power",
            "Processing of personal information of minor users",
            "Keep your information",
            "Revision and update of privacy policy",
            "other",
        ];
        assert_eq!(headings(policy.sections()), expected);
        assert_eq!(numbers(policy.sections())[1..4], ["1.", "2.", "3."]);
    }

    #[test]
    fn the_effective_from_line_is_the_effective_date() {
        assert_eq!(date(&report("frs-cloud.txt").policy), Some(("July 15, 2022", Some("2022-07-15".into()))));
    }

    #[test]
    fn the_numbered_definitions_are_a_list_not_sections() {
        let policy = report("frs-cloud.txt").policy;
        let statement = &policy.sections()[0];
        assert!(statement.sections().is_empty());
        assert_eq!(ordered_labels(&statement.blocks()[0]), ["1.", "2.", "3.", "4.", "5.", "6."]);
    }

    #[test]
    fn parenthesised_numbers_head_subsections_and_bullets_are_lists() {
        let policy = report("frs-cloud.txt").policy;
        let collect = &policy.sections()[1];
        assert_eq!(
            headings(collect.sections()),
            ["Information provided by users", "Information collected for lawful reasons"]
        );
        assert_eq!(numbers(collect.sections()), ["(1)", "(2)"]);
        let Some(Block::UnorderedList { items }) = collect.sections()[1].blocks().first() else { panic!("no bullets") };
        assert_eq!(items.len(), 9);
    }

    #[test]
    fn the_page_footer_stays_text_in_the_last_section() {
        let policy = report("frs-cloud.txt").policy;
        let last = policy.sections().last().unwrap();
        assert!(last.sections().is_empty());
        assert!(last.blocks().contains(&Block::paragraph("Register now")));
    }

    #[test]
    fn cookies_web_beacons_flash_cookies_and_sdks_are_found_where_they_are_named() {
        let report = report("frs-cloud.txt");
        use TrackingTechnology::*;
        assert_eq!(technologies(&report), [Cookies, WebBeacons, FlashCookies, Sdk]);
        let cookies = &mention(&report, Cookies).unwrap().section_headings;
        assert_eq!(
            cookies,
            &["Information collected for lawful reasons", "How do we use your information", "Your choice and power"]
        );
        assert_eq!(mention(&report, FlashCookies).unwrap().section_headings, ["How do we use your information"]);
        assert_eq!(mention(&report, Sdk).unwrap().section_headings, ["Information collected for lawful reasons"]);
    }

    #[test]
    fn measuring_with_cookies_suggests_analytics_but_marketing_emails_do_not_suggest_advertising() {
        let categories = report("frs-cloud.txt").suggested_categories;
        assert!(categories.contains(&SuggestedCategory::Analytics), "{categories:?}");
        assert!(categories.contains(&SuggestedCategory::Functional), "{categories:?}");
        assert!(!categories.contains(&SuggestedCategory::Advertising), "{categories:?}");
    }
}

mod absoloop {
    use super::*;

    #[test]
    fn the_eight_numbered_sections_are_the_top_level() {
        let policy = report("absoloop.txt").policy;
        assert_eq!(policy.title(), Some("User privacy agreement"));
        let expected = [
            "What personal information do we collect about you",
            "How do we store this information",
            "How do we protect this information",
            "How do we use this information",
            "Information sharing and external provision",
            "How do you access and manage personal information",
            "Changes to this Privacy Guidelines",
            "Contact us",
        ];
        assert_eq!(headings(policy.sections()), expected);
        assert_eq!(policy.effective_date(), None);
        assert!(policy.contents().is_none());
    }

    #[test]
    fn short_decimal_titles_are_subsections_and_numbered_sentences_are_items() {
        let policy = report("absoloop.txt").policy;
        let collect = &policy.sections()[0];
        let subsections = [
            "When you register an account",
            "When you use our products",
            "When you make a service inquiry",
            "When you apply for offline delivery",
        ];
        assert_eq!(headings(collect.sections()), subsections);
        assert_eq!(
            headings(policy.sections()[1].sections()),
            ["Where to store information", "Duration of information storage"]
        );
        let protect = &policy.sections()[2];
        assert!(protect.sections().is_empty());
        assert_eq!(ordered_labels(&protect.blocks()[0]), ["3.1", "3.2", "3.3", "3.4", "3.5"]);
        assert_eq!(ordered_labels(&collect.sections()[1].blocks()[1]), ["a.", "b.", "c.", "d.", "e."]);
    }

    #[test]
    fn the_web_page_leftovers_are_text_not_a_heading() {
        let policy = report("absoloop.txt").policy;
        let contact = policy.sections().last().unwrap();
        assert!(contact.sections().is_empty());
        assert!(contact.blocks().contains(&Block::paragraph("Apply for trial")));
    }

    #[test]
    fn a_policy_without_tracking_technologies_reports_none() {
        let report = report("absoloop.txt");
        assert!(report.tracking.is_empty(), "{:?}", report.tracking);
        assert!(report.suggested_categories.is_empty());
        assert_eq!(report.cookie_section_id, None);
    }
}

#[test]
fn the_report_serialises_in_the_cli_shape() {
    let value = serde_json::to_value(report("zosi.txt")).unwrap();
    assert_eq!(value["title"], "Privacy Policy");
    assert_eq!(value["effective_date"], "June 1, 2019");
    assert_eq!(value["effective_date_iso"], "2019-06-01");
    assert_eq!(value["sections"][1]["heading"], "How Do We Use Cookies and Similar Technologies");
    assert_eq!(value["sections"][1]["level"], 1);
    assert_eq!(value["sections"][1]["sections"][0]["level"], 2);
    assert_eq!(value["tracking"][0]["technology"], "cookies");
    assert_eq!(value["tracking"][0]["section_headings"][1], "Cookie");
    assert!(value["suggested_categories"].as_array().unwrap().contains(&"personalisation".into()));
    let policy: Policy = serde_json::from_value(value).unwrap();
    assert_eq!(policy, report("zosi.txt").policy, "the policy part reads back as the same policy");
}
