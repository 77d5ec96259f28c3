use super::*;
use crate::outline_summary::outline;
use consent_core::policy::NumberedItem;

fn import(text: &str) -> Policy {
    import_markdown(text).unwrap()
}

fn item(text: &str) -> ListItem {
    ListItem { text: text.into(), blocks: vec![] }
}

#[test]
fn a_lone_h1_is_the_title_and_the_other_headings_move_up_a_level() {
    let policy = import(
        "# Privacy Policy\n\n_Last updated: March 3, 2024_\n\n## 1. Who we are\n\nA shop.\n\n## 2. Cookies ##\n\n\
         #### Analytics cookies\n\nWe count visits.\n\n### Advertising cookies\n\nNone.\n",
    );
    assert_eq!(policy.title(), Some("Privacy Policy"));
    let expected = vec![
        (1, Some("1.".to_owned()), "Who we are".to_owned()),
        (1, Some("2.".to_owned()), "Cookies".to_owned()),
        (2, None, "Analytics cookies".to_owned()),
        (2, None, "Advertising cookies".to_owned()),
    ];
    assert_eq!(outline(&policy), expected);
    let date = policy.effective_date().unwrap();
    assert_eq!((date.text.as_str(), date.iso.map(|d| d.to_string())), ("March 3, 2024", Some("2024-03-03".into())));
}

#[test]
fn several_h1_are_sections_and_setext_underlines_make_headings() {
    let policy = import(
        "Data we collect\n===============\n\nYour name.\n\nRetention\n---------\n\nA year.\n\n# Contact\n\nMail us.",
    );
    assert_eq!(policy.title(), None);
    let headings: Vec<_> = outline(&policy).into_iter().map(|(level, _, heading)| (level, heading)).collect();
    assert_eq!(headings, [(1, "Data we collect".into()), (2, "Retention".into()), (1, "Contact".into())]);
}

#[test]
fn lists_nest_by_indentation_and_keep_continuation_lines() {
    let policy = import(
        "Intro:\n\n- Cookies we set:\n  - session cookies\n  - preference cookies\n- Pixels in\n  our newsletters\n\n\
         1. First\n2) Second\n\n   more about the second\n\nAfter.\n",
    );
    let nested = Block::UnorderedList { items: vec![item("session cookies"), item("preference cookies")] };
    let bullets = Block::UnorderedList {
        items: vec![
            ListItem { text: "Cookies we set:".into(), blocks: vec![nested] },
            item("Pixels in our newsletters"),
        ],
    };
    let numbered = Block::OrderedList {
        items: vec![
            NumberedItem { label: "1.".into(), text: "First".into(), blocks: vec![] },
            NumberedItem {
                label: "2)".into(),
                text: "Second".into(),
                blocks: vec![Block::paragraph("more about the second")],
            },
        ],
    };
    assert_eq!(policy.preamble(), [Block::paragraph("Intro:"), bullets, numbered, Block::paragraph("After.")]);
}

#[test]
fn inline_markup_and_html_are_reduced_to_text() {
    let policy = import(
        "## <span id=\"c\">Cookies</span>\n\nWe use **essential** cookies &amp; [pixels](https://x.example/p).\n\
         <script>track()</script>\n",
    );
    assert_eq!(policy.sections()[0].heading(), "Cookies");
    assert_eq!(policy.sections()[0].blocks(), [Block::paragraph("We use essential cookies & pixels. track()")]);
}

#[test]
fn code_and_tables_are_kept_as_text() {
    let policy = import("| Cookie | Purpose |\n|---|---|\n| _ga | Analytics |\n\n```\nlocalStorage.consent\n```\n");
    let expected = [
        Block::paragraph("Cookie | Purpose"),
        Block::paragraph("_ga | Analytics"),
        Block::paragraph("localStorage.consent"),
    ];
    assert_eq!(policy.preamble(), expected);
}

#[test]
fn a_list_of_anchor_links_is_the_table_of_contents() {
    let policy = import(
        "# Privacy Policy\n\n## Contents\n\n- [Who we are](#who-we-are)\n- [Cookies](#cookies)\n\n\
         ## Who we are\n\nA shop.\n\n## Cookies\n\nWe set some.\n",
    );
    let contents = policy.contents().unwrap();
    assert_eq!(contents.intro.as_deref(), Some("Contents"));
    let entries: Vec<_> =
        contents.entries.iter().map(|e| (e.text.as_str(), e.section_id.as_ref().map(|id| id.as_str()))).collect();
    assert_eq!(entries, [("Who we are", Some("who-we-are")), ("Cookies", Some("cookies"))]);
    let headings: Vec<_> = policy.sections().iter().map(|s| s.heading()).collect();
    assert_eq!(headings, ["Who we are", "Cookies"]);
}

#[test]
fn a_thematic_break_is_not_a_heading_underline() {
    let policy = import("Intro.\n\n---\n\n* * *\n\nMore.\n");
    assert_eq!(policy.preamble(), [Block::paragraph("Intro."), Block::paragraph("More.")]);
    assert!(policy.sections().is_empty());
}

// Regression: `# Caf&eacute;` imported as "Caf&eacute;": French and German policies showed raw entities.
#[test]
fn named_entities_of_any_language_are_decoded() {
    let policy = import(
        "# Politique de confidentialit&eacute;\n\n## Caf&eacute; &amp; Cookies\n\nF&uuml;r Ihre Daten&hellip;\n",
    );
    assert_eq!(policy.title(), Some("Politique de confidentialité"));
    assert_eq!(policy.sections()[0].heading(), "Café & Cookies");
    assert_eq!(policy.sections()[0].blocks(), [Block::paragraph("Für Ihre Daten…")]);
}

// Block-level cases CommonMark (pulldown-cmark) reads as a reader would.

#[test]
fn lists_nest_three_deep_and_come_back_out() {
    let policy = import("- Data\n  - Contact\n    - e-mail\n    - phone\n  - Usage\n- Cookies\n");
    let deepest = Block::UnorderedList { items: vec![item("e-mail"), item("phone")] };
    let middle =
        Block::UnorderedList { items: vec![ListItem { text: "Contact".into(), blocks: vec![deepest] }, item("Usage")] };
    let top =
        Block::UnorderedList { items: vec![ListItem { text: "Data".into(), blocks: vec![middle] }, item("Cookies")] };
    assert_eq!(policy.preamble(), [top]);
}

#[test]
fn star_and_plus_bullets_are_lists_like_dashes() {
    let policy = import("* session cookies\n* preference cookies\n\nThen:\n\n+ pixels\n+ beacons\n");
    assert_eq!(
        policy.preamble(),
        [
            Block::UnorderedList { items: vec![item("session cookies"), item("preference cookies")] },
            Block::paragraph("Then:"),
            Block::UnorderedList { items: vec![item("pixels"), item("beacons")] },
        ]
    );
}

#[test]
fn an_ordered_list_starting_at_n_keeps_its_numbers_as_written() {
    let policy = import("7. Retention\n8. Your rights\n10) Contact\n");
    let labels: Vec<_> = match &policy.preamble()[0] {
        Block::OrderedList { items } => items.iter().map(|i| (i.label.as_str(), i.text.as_str())).collect(),
        other => panic!("a numbered list, not {other:?}"),
    };
    assert_eq!(labels, [("7.", "Retention"), ("8.", "Your rights"), ("10)", "Contact")]);
}

#[test]
fn closing_hashes_of_a_heading_are_dropped_but_hashes_in_its_text_kept() {
    let policy = import("## Cookies ###\n\nSome.\n\n## Section #5 ##\n\nMore.\n\n## C# and F#\n\nCode.\n");
    let headings: Vec<_> = policy.sections().iter().map(|s| s.heading()).collect();
    assert_eq!(headings, ["Cookies", "Section #5", "C# and F#"]);
}

#[test]
fn code_spans_keep_their_text_and_what_looks_like_markup_in_them() {
    let policy = import("## The `_ga` cookie\n\nWe set `consent=**granted**` and `<b>` nothing else.\n");
    assert_eq!(policy.sections()[0].heading(), "The _ga cookie");
    assert_eq!(policy.sections()[0].blocks(), [Block::paragraph("We set consent=**granted** and <b> nothing else.")]);
}

#[test]
fn entities_in_headings_are_decoded_numeric_ones_too() {
    let policy = import("## Donn&eacute;es &#38; cookies &#x2014; &quot;vous&quot;\n\nTexte.\n\n## Ma&szlig;nahmen\n");
    let headings: Vec<_> = policy.sections().iter().map(|s| s.heading()).collect();
    assert_eq!(headings, ["Données & cookies — \"vous\"", "Maßnahmen"]);
}

#[test]
fn a_quoted_paragraph_and_an_indented_line_are_text() {
    let policy = import("> We never sell\n> your data.\n\nIntro.\n\n    indented text\n");
    assert_eq!(
        policy.preamble(),
        [Block::paragraph("We never sell your data."), Block::paragraph("Intro."), Block::paragraph("indented text")]
    );
}
