//! Imported policies through what consent-core does with the model: the JSON the banner reads, the layout of a
//! section's blocks, and the links from the banner into the policy.

use consent_core::policy::json::document_from_value;
use consent_core::policy::layout::{runs, Run};
use consent_core::policy::links::{category_section, cookie_section, digest, shown_text};
use consent_core::policy::{Block, Policy, PolicyDocument, Section, SectionId};
use consent_core::{sha256, SiteConfig};
use consent_policy_import::{import, PolicyFormat, PolicyReport};

const POLICIES: [&str; 3] =
    [include_str!("fixtures/absoloop.txt"), include_str!("fixtures/frs-cloud.txt"), include_str!("fixtures/zosi.txt")];

/// The demo shop's config: its categories are named as the sections of [`MARKDOWN`] are headed.
const CONFIG: &str = include_str!("../../../demo/consent.json");

const MARKDOWN: &str = "# Privacy policy\n\nEffective 1 March 2026\n\n## Who we are\n\nDemo Shop.\n\n\
                        ## Analytics\n\nWe count visits.\n\n## Cookies and similar technologies\n\n\
                        We use cookies and pixel tags.\n\n### Marketing cookies\n\nAds.\n";

fn policy() -> Policy {
    import(MARKDOWN, PolicyFormat::Markdown).unwrap()
}

fn ids(found: Option<&Section>) -> Option<&str> {
    found.map(|s| s.id().as_str())
}

#[test]
fn json_documents_read_like_serde() {
    for text in POLICIES {
        // What `consent policy import` writes: the document plus what was found in it.
        let report = serde_json::to_value(PolicyReport::new(import(text, PolicyFormat::Text).unwrap())).unwrap();
        let by_serde: PolicyDocument = serde_json::from_value(report.clone()).unwrap();
        assert_eq!(document_from_value(&report, "policy").unwrap(), by_serde);
    }
}

#[test]
fn a_markdown_policy_round_trips_through_json() {
    let policy =
        import("# Privacy\n\nIntro.\n\n## Cookies\n\n- one\n- two\n\n1. first\n2. second\n", PolicyFormat::Markdown)
            .unwrap();
    let json = serde_json::to_value(&policy).unwrap();
    let read = Policy::try_from(document_from_value(&json, "policy").unwrap()).unwrap();
    assert_eq!(read, policy);
}

#[test]
fn every_text_of_the_blocks_is_in_the_layout_runs_once() {
    let policy = import(POLICIES[2], PolicyFormat::Text).unwrap();
    for section in policy.all_sections() {
        let mut from_runs: Vec<&str> = Vec::new();
        for run in runs(section.blocks()) {
            match run {
                Run::Paragraph { text, .. } => from_runs.push(text),
                Run::Bullets { items, .. } => from_runs.extend(items),
                Run::Numbered { items, .. } => items.into_iter().for_each(|(l, t)| from_runs.extend([l, t])),
            }
        }
        let from_blocks: Vec<&str> = section.blocks().iter().flat_map(Block::texts).collect();
        let (mut a, mut b) = (from_runs.clone(), from_blocks.clone());
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b, "{}", section.heading());
    }
}

#[test]
fn the_cookie_section_is_named_or_found_by_its_heading() {
    let policy = policy();
    assert_eq!(ids(cookie_section(&policy, None)), Some("cookies-and-similar-technologies"));
    let named = SectionId::try_from("who-we-are".to_owned()).unwrap();
    assert_eq!(ids(cookie_section(&policy, Some(&named))), Some("who-we-are"));
    let missing = SectionId::try_from("nowhere".to_owned()).unwrap();
    assert_eq!(ids(cookie_section(&policy, Some(&missing))), Some("cookies-and-similar-technologies"));
}

#[test]
fn each_category_links_to_the_section_that_names_it_else_to_the_cookie_section() {
    let policy = policy();
    let config = SiteConfig::from_json(CONFIG).unwrap();
    let cookie = cookie_section(&policy, None);
    let linked: Vec<_> = config.categories.iter().map(|c| ids(category_section(&policy, c, cookie))).collect();
    assert_eq!(linked, [Some("cookies-and-similar-technologies"), Some("analytics"), Some("marketing-cookies")]);
}

#[test]
fn a_configured_section_wins() {
    let json = CONFIG.replace(r#""title": "Analytics","#, r#""title": "Analytics", "policy_section": "who-we-are","#);
    let config = SiteConfig::from_json(&json).unwrap();
    let policy = policy();
    assert_eq!(ids(category_section(&policy, &config.categories[1], None)), Some("who-we-are"));
}

#[test]
fn on_the_real_policies_the_importers_finding_is_used_and_headings_are_the_fallback() {
    let mut by_heading = Vec::new();
    for text in POLICIES {
        let policy = import(text, PolicyFormat::Text).unwrap();
        let analysed = consent_policy_import::cookie_section(&policy).map(|s| s.id().clone());
        assert_eq!(cookie_section(&policy, analysed.as_ref()).map(Section::id), analysed.as_ref());
        by_heading.push(ids(cookie_section(&policy, None)).map(str::to_owned));
    }
    // absoloop never mentions cookies; frs-cloud mentions them only in the text of a section on uses.
    assert_eq!(by_heading, [None, None, Some("how-do-we-use-cookies-and-similar-technologies".to_owned())]);
}

#[test]
fn the_digest_covers_every_word_shown_and_changes_with_it() {
    let policy = policy();
    let text = shown_text(&policy);
    assert!(text.starts_with("Privacy policy\n"), "{text}");
    assert!(text.contains("We use cookies and pixel tags.") && text.contains("Marketing cookies"));
    let changed = import(&MARKDOWN.replace("Ads.", "Adverts."), PolicyFormat::Markdown).unwrap();
    assert_ne!(digest(&policy), digest(&changed));
    assert_eq!(digest(&policy), sha256::hex_digest(text.as_bytes()));
}
