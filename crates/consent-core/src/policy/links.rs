//! What the banner links to in the policy it shows: the section about cookies, the section describing each category,
//! and the text the visitor could read, hashed into the record (`policy_sha256`).
//!
//! These run in the banner, so they are plain word matching on headings, light enough for the WebAssembly (ASCII case
//! folding only: Unicode's tables would cost it 10 KB, and the words matched are English); the policy module's own
//! analysis (`policy::cookie_section`) runs where the policy is imported and is preferred when its answer is known.

use crate::config::Category;
use crate::policy::{Block, Policy, Section, SectionId};
use crate::sha256;

/// Words that name a common category in a heading, by category id; matched as lowercase word starts, so that
/// "Analytics" and "statistical" match, in headings such as "Analytics cookies" or "3. Advertising and marketing".
const CATEGORY_WORDS: [(&[&str], &[&str]); 5] = [
    (
        &["necessary", "essential", "strictly_necessary", "required"],
        &["necessary", "essential", "strictly", "required"],
    ),
    (&["analytics", "statistics", "performance", "measurement"], &["analytic", "statistic", "performance", "measur"]),
    (&["marketing", "advertising", "ads", "targeting"], &["marketing", "advertis", "targeting", "ads "]),
    (
        &["preferences", "functional", "functionality", "personalisation", "personalization"],
        &["preference", "functional", "personali"],
    ),
    (&["social", "social_media"], &["social"]),
];

/// The section about cookies and similar technologies: `named` (the config's, or the importer's finding) when the
/// policy has it, else the shallowest section whose heading mentions cookies or tracking technologies.
pub fn cookie_section<'a>(policy: &'a Policy, named: Option<&SectionId>) -> Option<&'a Section> {
    if let Some(section) = named.and_then(|id| policy.section(id)) {
        return Some(section);
    }
    let words = ["cookie", "tracking", "web beacon", "pixel", "similar technolog"];
    policy
        .all_sections()
        .into_iter()
        .filter(|s| {
            let heading = s.heading().to_ascii_lowercase();
            words.iter().any(|w| heading.contains(w))
        })
        .min_by_key(|s| s.level())
}

/// The section a category's policy link opens: the category's `policy_section` when the policy has it, else the first
/// section (in reading order) whose heading names the category — its title, or a common word for its id — else the
/// cookie section, which describes every category of cookies in most policies.
pub fn category_section<'a>(
    policy: &'a Policy,
    category: &Category,
    cookie: Option<&'a Section>,
) -> Option<&'a Section> {
    if let Some(section) = category.policy_section.as_ref().and_then(|id| policy.section(id)) {
        return Some(section);
    }
    let title = category.title.to_ascii_lowercase();
    let known: &[&str] =
        CATEGORY_WORDS.iter().find(|(ids, _)| ids.contains(&category.id.as_str())).map_or(&[], |(_, words)| words);
    let names = |heading: &str| {
        let heading = format!("{} ", heading.to_ascii_lowercase());
        (!title.is_empty() && heading.contains(&title)) || known.iter().any(|word| starts_a_word(&heading, word))
    };
    policy.all_sections().into_iter().find(|s| names(s.heading())).or(cookie)
}

fn starts_a_word(text: &str, word: &str) -> bool {
    text.match_indices(word)
        .any(|(at, _)| at == 0 || !text[..at].chars().next_back().is_some_and(char::is_alphanumeric))
}

/// The policy's text as the view shows it, one line per heading, paragraph and list item, in reading order.
pub fn shown_text(policy: &Policy) -> String {
    let mut lines: Vec<&str> = Vec::new();
    lines.extend(policy.title());
    lines.extend(policy.effective_date().map(|d| d.text.as_str()));
    blocks(policy.preamble(), &mut lines);
    for section in policy.all_sections() {
        lines.extend(section.number());
        lines.push(section.heading());
        blocks(section.blocks(), &mut lines);
    }
    lines.join("\n")
}

fn blocks<'a>(blocks: &'a [Block], lines: &mut Vec<&'a str>) {
    for block in blocks {
        lines.extend(block.texts());
    }
}

/// `policy_sha256` for a record: the SHA-256 of [`shown_text`].
pub fn digest(policy: &Policy) -> String {
    sha256::hex_digest(shown_text(policy).as_bytes())
}
