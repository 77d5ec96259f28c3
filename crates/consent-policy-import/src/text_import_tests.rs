use super::*;
use crate::outline_summary::outline;
use consent_core::policy::{ListItem, NumberedItem};

fn import(text: &str) -> Policy {
    import_text(text).unwrap()
}

fn headings(policy: &Policy) -> Vec<String> {
    policy.all_sections().into_iter().map(|s| s.heading().to_owned()).collect()
}

fn paragraph(text: &str) -> Block {
    Block::paragraph(text)
}

#[test]
fn numbered_headings_nest_by_their_numbers_and_numbered_sentences_are_items() {
    let policy = import(
        "Privacy Policy\n\n1. Data we collect\n\n1.1 Account data\n\nYour name.\n\n1.2 Usage data\n\nPages you visit.\n\n\
         2. Security\n\n2.1 We encrypt all data that we hold about you at rest and in transit.\n\
         2.2 We limit access to your data to the staff who need it for their work.\n",
    );
    let expected = vec![
        (1, Some("1.".into()), "Data we collect".into()),
        (2, Some("1.1".into()), "Account data".into()),
        (2, Some("1.2".into()), "Usage data".into()),
        (1, Some("2.".into()), "Security".into()),
    ];
    assert_eq!(outline(&policy), expected);
    let Some(Block::OrderedList { items }) = policy.sections()[1].blocks().first() else { panic!("no list") };
    assert_eq!(items.iter().map(|i| i.label.as_str()).collect::<Vec<_>>(), ["2.1", "2.2"]);
}

#[test]
fn article_keywords_head_sections_with_lettered_and_roman_lists_inside() {
    let policy = import(
        "TERMS OF PRIVACY\n\nArticle 1. Scope\n\nThis notice applies to our shop.\n\nArticle 2 - Data\n\n\
         We process:\n(a) contact data;\n(b) order data, namely:\n(i) items;\n(ii) prices;\n(c) payment data.\n\n\
         Article 3.\nCookies\n\nWe set cookies.\n",
    );
    assert_eq!(headings(&policy), ["Scope", "Data", "Cookies"]);
    assert_eq!(policy.sections()[2].number(), Some("Article 3."));
    let periods = import("Policy\n\n1. Introduction.\nText here.\n2. Definitions.\nMore text.\n");
    assert_eq!(headings(&periods), ["Introduction", "Definitions"]);
    let Some(Block::OrderedList { items }) = policy.sections()[1].blocks().get(1) else { panic!("no list") };
    assert_eq!(items.len(), 3);
    let Some(Block::OrderedList { items: nested }) = items[1].blocks.first() else { panic!("no nested list") };
    assert_eq!(nested.iter().map(|i| i.label.as_str()).collect::<Vec<_>>(), ["(i)", "(ii)"]);
}

#[test]
fn an_article_followed_by_a_sentence_heads_the_sentence() {
    let policy = import("Article 1. The Company shall process personal data lawfully and only for stated purposes.\n");
    assert_eq!(outline(&policy), [(1, None, "Article 1.".to_owned())]);
    assert_eq!(policy.sections()[0].blocks().len(), 1);
}

#[test]
fn unnumbered_questions_and_capitals_are_headings() {
    let policy = import(
        "Cookie Policy\n\nWHAT ARE COOKIES\n\nCookies are small files.\n\nHow do we use cookies?\n\nTo remember you.\n\n\
         Which cookies do we set?\n\nOnly our own.\n\nYOUR CHOICES\n\nYou can block them.\n",
    );
    let expected = vec![
        (1, None, "WHAT ARE COOKIES".to_owned()),
        (2, None, "How do we use cookies?".to_owned()),
        (2, None, "Which cookies do we set?".to_owned()),
        (1, None, "YOUR CHOICES".to_owned()),
    ];
    assert_eq!(outline(&policy), expected);
}

#[test]
fn a_sentence_case_line_inside_numbered_sections_is_text() {
    let policy = import("Policy\n\n1. Contact us\n\nWrite to us.\n\nApply for trial\n\nWe will call you back soon.\n");
    assert_eq!(headings(&policy), ["Contact us"]);
    assert_eq!(policy.sections()[0].blocks().len(), 3);
}

#[test]
fn an_unnumbered_heading_before_the_numbered_ones_is_their_sibling() {
    let policy = import(
        "Policy\n\nThe statement\n\n1. \"We\" means the company and its affiliates.\n\n1.What we collect\n\nData.\n",
    );
    assert_eq!(outline(&policy), [(1, None, "The statement".into()), (1, Some("1.".into()), "What we collect".into())]);
}

#[test]
fn underlined_headings_are_headings() {
    let policy = import("Privacy\n=======\n\nIntro text here.\n\nYour rights\n-----------\nYou may object.\n");
    assert_eq!(policy.title(), Some("Privacy"));
    assert_eq!(headings(&policy), ["Your rights"]);
    assert_eq!(policy.sections()[0].blocks(), [paragraph("You may object.")]);
}

#[test]
fn hard_wrapped_paragraphs_are_joined_and_web_text_is_not() {
    let wrapped = import(
        "Privacy Policy\n\nWe use cookies to remember your preferences and to measure how our\n\
         website is used. We also use pixel tags in our newsletters, which tell\n\
         us whether you opened them, and you can turn all of this off at any\n\
         time in the settings of your account.\n",
    );
    assert_eq!(wrapped.preamble().len(), 1);
    let web = import("Privacy Policy\n\nFirst sentence on its own line.\nSecond sentence on its own line.\n");
    assert_eq!(
        web.preamble(),
        [paragraph("First sentence on its own line."), paragraph("Second sentence on its own line.")]
    );
}

#[test]
fn indented_and_sandwiched_lines_continue_the_item() {
    let policy = import(
        "Policy\n\nThe statement\n    ● Location: we collect it.\n      Supplement: and more.\n    ● Phone: we read it.\n\
         1. \"User\" means the person visiting our site.\nThe user is a person.\n2. \"We\" means the company.\nAfter the list.\n",
    );
    let blocks = policy.sections()[0].blocks();
    let supplement = vec![paragraph("Supplement: and more.")];
    let bullets = vec![
        ListItem { text: "Location: we collect it.".into(), blocks: supplement },
        ListItem { text: "Phone: we read it.".into(), blocks: vec![] },
    ];
    let numbered = vec![
        NumberedItem {
            label: "1.".into(),
            text: "\"User\" means the person visiting our site.".into(),
            blocks: vec![paragraph("The user is a person.")],
        },
        NumberedItem { label: "2.".into(), text: "\"We\" means the company.".into(), blocks: vec![] },
    ];
    assert_eq!(
        blocks,
        [Block::UnorderedList { items: bullets }, Block::OrderedList { items: numbered }, paragraph("After the list.")]
    );
}

#[test]
fn a_table_of_contents_is_kept_apart_and_linked_to_its_sections() {
    let policy = import(
        "Privacy Policy\n\nContents:\n1. Who we are\n2. What we collect\n3. Your rights\n\n\
         1. Who we are\nA shop.\n2. What we collect\nYour name.\n3. Your rights\nTo object.\n",
    );
    assert_eq!(headings(&policy), ["Who we are", "What we collect", "Your rights"]);
    let contents = policy.contents().unwrap();
    assert_eq!(contents.intro.as_deref(), Some("Contents:"));
    let targets: Vec<_> = contents.entries.iter().map(|e| e.section_id.as_ref().map(|id| id.to_string())).collect();
    assert_eq!(targets, [Some("who-we-are".into()), Some("what-we-collect".into()), Some("your-rights".into())]);
}

#[test]
fn the_title_repeated_below_it_is_not_a_heading() {
    let policy = import("ACME Privacy Policy\nOur promise to you\n\nACME privacy policy\n\nWe care.\n");
    assert_eq!(policy.title(), Some("ACME Privacy Policy"));
    assert!(policy.sections().is_empty());
}

#[test]
fn a_first_line_that_is_numbered_or_a_date_is_not_the_title() {
    assert_eq!(import("1. Introduction\n\nText.\n").title(), None);
    assert_eq!(import("Last updated: 2023-04-01\n\nText.\n").title(), None);
}
