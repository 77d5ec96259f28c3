//! Consent categories a policy's own words support, as a starting point for the site's config.
//!
//! # The rule
//! A category is suggested when at least one sentence **ties tracking to that purpose**: the sentence
//! 1. is about tracking — it names a tracking technology ([`crate::tracking`]), speaks of tracking in general
//!    ("track", "similar technologies"), or stands in a section whose heading (or an enclosing section's heading)
//!    does, or in a policy whose title does (a "Cookie Policy"); and
//! 2. names the purpose with one of the category's cues (below), outside the name of a technology (an "advertising
//!    ID" is a device identifier, not a purpose); and
//! 3. does not deny the use ("we do not use…", "never use…").
//!
//! A purpose word elsewhere ("we may send you marketing emails") does not count, nor does a tracking word with no
//! purpose ("cookies are small text files"). The cues are English.
//!
//! | category          | cues (any form: "analyse", "analytics" …)                                                   |
//! |-------------------|---------------------------------------------------------------------------------------------|
//! | `analytics`       | analyse/analytics, statistics, measure, audience, traffic, performance, "how you use", "understand how" |
//! | `advertising`     | advertising, ads, marketing, remarketing, retargeting, targeted, interest-based, promotional |
//! | `personalisation` | personalise, customise, preferences, tailor, language settings, "remember your choices"     |
//! | `functional`      | function(s/ality), features, "work properly", smoothly, log in/sign in, authentication, shopping cart |
//! | `social_media`    | social media/networks/plugins, share or like buttons, Facebook, Twitter, LinkedIn, Instagram … |

use serde::{Deserialize, Serialize};

use crate::phrase::{self, Phrase};
use crate::tracking::{is_about_tracking, mask_mentions, technologies_in};
use consent_core::policy::Block;
use consent_core::policy::Policy;
use consent_core::policy::Section;

/// A consent category a policy's text supports. Serialised as its lowercase id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SuggestedCategory {
    /// Measuring how the site is used.
    Analytics,
    /// Advertising and marketing.
    Advertising,
    /// Remembering the visitor's preferences and tailoring the site to them.
    Personalisation,
    /// Features the visitor asks for beyond the strictly necessary.
    Functional,
    /// Social media plugins, share buttons and embeds.
    SocialMedia,
}

impl SuggestedCategory {
    /// Every category, in the order suggestions are listed.
    pub const ALL: [SuggestedCategory; 5] = [
        SuggestedCategory::Analytics,
        SuggestedCategory::Advertising,
        SuggestedCategory::Personalisation,
        SuggestedCategory::Functional,
        SuggestedCategory::SocialMedia,
    ];

    /// The category's id ("social_media"), usable as a config category id.
    pub fn as_str(self) -> &'static str {
        match self {
            SuggestedCategory::Analytics => "analytics",
            SuggestedCategory::Advertising => "advertising",
            SuggestedCategory::Personalisation => "personalisation",
            SuggestedCategory::Functional => "functional",
            SuggestedCategory::SocialMedia => "social_media",
        }
    }

    fn cues(self) -> &'static [Phrase] {
        match self {
            SuggestedCategory::Analytics => &[
                &["analy*"],
                &["statistic*"],
                &["measur*"],
                &["audience"],
                &["traffic"],
                &["performance"],
                &["how", "you", "use"],
                &["how", "users"],
                &["how", "visitors"],
                &["understand", "how"],
            ],
            SuggestedCategory::Advertising => &[
                &["advertis*"],
                &["ad"],
                &["marketing"],
                &["remarketing"],
                &["retargeting"],
                &["targeted"],
                &["interest", "based"],
                &["promotional"],
            ],
            SuggestedCategory::Personalisation => &[
                &["personalis*"],
                &["personaliz*"],
                &["customis*"],
                &["customiz*"],
                &["preference*"],
                &["tailor*"],
                &["language", "setting*"],
                &["remember", "your", "choice*"],
                &["remember", "your", "setting*"],
            ],
            SuggestedCategory::Functional => &[
                &["function*"],
                &["feature*"],
                &["work*", "properly"],
                &["smoothly"],
                &["log", "in"],
                &["login"],
                &["sign*", "in"],
                &["authenticat*"],
                &["shopping", "cart"],
                &["shopping", "basket"],
            ],
            SuggestedCategory::SocialMedia => &[
                &["social", "media"],
                &["social", "network*"],
                &["social", "plug*"],
                &["share", "button*"],
                &["sharing", "button*"],
                &["like", "button*"],
                &["facebook"],
                &["twitter"],
                &["linkedin"],
                &["instagram"],
                &["pinterest"],
                &["tiktok"],
            ],
        }
    }
}

/// Phrases that deny a use, so the sentence says what is *not* done.
const DENIALS: &[Phrase] = &[&["not", "use*"], &["never", "use*"], &["don", "t", "use*"], &["no", "longer", "use*"]];

/// The categories `policy` supports by [the rule](self), in [`SuggestedCategory::ALL`] order.
pub fn suggest_categories(policy: &Policy) -> Vec<SuggestedCategory> {
    let mut found = Vec::new();
    // A "Cookie Policy" is about tracking from its first sentence to its last.
    let whole = policy.title().is_some_and(|title| !technologies_in(title).is_empty() || is_about_tracking(title));
    collect(policy.preamble(), whole, &mut found);
    for section in policy.sections() {
        visit(section, whole, &mut found);
    }
    SuggestedCategory::ALL.into_iter().filter(|c| found.contains(c)).collect()
}

fn visit(section: &Section, inherited: bool, found: &mut Vec<SuggestedCategory>) {
    let heading = section.heading();
    let about_tracking = inherited || !technologies_in(heading).is_empty() || is_about_tracking(heading);
    collect(section.blocks(), about_tracking, found);
    for child in section.sections() {
        visit(child, about_tracking, found);
    }
}

fn collect(blocks: &[Block], about_tracking: bool, found: &mut Vec<SuggestedCategory>) {
    for text in blocks.iter().flat_map(Block::texts) {
        for sentence in phrase::sentences(text) {
            let words = phrase::words(sentence);
            let (mentions, masked) = mask_mentions(&words);
            let tracking = about_tracking || mentions || is_about_tracking(sentence);
            if !tracking || phrase::contains_any(&words, DENIALS) {
                continue;
            }
            found.extend(SuggestedCategory::ALL.into_iter().filter(|c| phrase::contains_any(&masked, c.cues())));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{import, PolicyFormat};

    fn suggested(text: &str) -> Vec<&'static str> {
        let policy = import(text, PolicyFormat::Text).unwrap();
        suggest_categories(&policy).into_iter().map(SuggestedCategory::as_str).collect()
    }

    #[test]
    fn a_sentence_tying_cookies_to_a_purpose_suggests_it() {
        let text = "Privacy Policy\n\nWe use cookies to analyse traffic and to show you targeted advertising.";
        assert_eq!(suggested(text), ["analytics", "advertising"]);
    }

    #[test]
    fn a_purpose_word_without_tracking_suggests_nothing() {
        let text = "Privacy Policy\n\nWe may send you marketing emails.\n\nCookies are small text files.";
        assert_eq!(suggested(text), Vec::<&str>::new());
    }

    #[test]
    fn a_denied_use_suggests_nothing() {
        let text = "Privacy Policy\n\nWe do not use cookies for advertising.";
        assert_eq!(suggested(text), Vec::<&str>::new());
    }

    #[test]
    fn the_name_of_a_technology_is_not_a_purpose() {
        let text = "Privacy Policy\n\nOur app reads your advertising ID.";
        assert_eq!(suggested(text), Vec::<&str>::new());
    }

    #[test]
    fn in_a_cookie_policy_every_sentence_counts() {
        assert_eq!(suggested("Cookie Policy\n\nWe count visits to measure which pages are popular."), ["analytics"]);
        assert_eq!(
            suggested("Privacy Policy\n\nWe count visits to measure which pages are popular."),
            Vec::<&str>::new()
        );
    }

    #[test]
    fn every_sentence_of_a_cookie_section_counts() {
        let text = "Privacy Policy\n\n1. Data we collect\n\nWe keep your preferences.\n\n\
                    2. Cookies and similar technologies\n\nThey remember your preferences. They let you share pages \
                    on social media.\n\n3. Contact\n\nWrite to us.";
        assert_eq!(suggested(text), ["personalisation", "social_media"]);
    }
}
