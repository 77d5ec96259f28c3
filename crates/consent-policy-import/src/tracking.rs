//! Which tracking technologies a policy mentions, and where: cookies, web beacons (pixel tags, transparent or clear
//! GIFs, web bugs, web siphons), Flash cookies (local shared objects), local storage, SDKs and device identifiers.
//!
//! A technology is reported when its name occurs in the policy's text (headings included, the table of contents
//! excluded), matched regardless of case, hyphens and plurals; with it come the headings and ids of the sections
//! whose own text mentions it, in reading order. A policy that names none of them yields none.

use serde::{Deserialize, Serialize};

use crate::phrase::{self, Phrase};
use consent_core::policy::Block;
use consent_core::policy::Policy;
use consent_core::policy::Section;
use consent_core::policy::SectionId;

/// A kind of technology that stores or reads information on a visitor's device, or identifies the device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrackingTechnology {
    /// HTTP cookies.
    Cookies,
    /// Web beacons: pixel tags, transparent or clear GIFs, web bugs, web siphons.
    WebBeacons,
    /// Flash cookies (local shared objects).
    FlashCookies,
    /// Local storage, session storage, HTML5 (web) storage, IndexedDB.
    LocalStorage,
    /// Software development kits embedded in an app.
    Sdk,
    /// Identifiers of the device: IMEI, IDFA, Android ID, advertising ID, MAC address, serial number …
    DeviceIdentifiers,
}

impl TrackingTechnology {
    /// Every technology, in the order reports list them.
    pub const ALL: [TrackingTechnology; 6] = [
        TrackingTechnology::Cookies,
        TrackingTechnology::WebBeacons,
        TrackingTechnology::FlashCookies,
        TrackingTechnology::LocalStorage,
        TrackingTechnology::Sdk,
        TrackingTechnology::DeviceIdentifiers,
    ];

    /// The technology's id, as serialised ("web_beacons").
    pub fn as_str(self) -> &'static str {
        match self {
            TrackingTechnology::Cookies => "cookies",
            TrackingTechnology::WebBeacons => "web_beacons",
            TrackingTechnology::FlashCookies => "flash_cookies",
            TrackingTechnology::LocalStorage => "local_storage",
            TrackingTechnology::Sdk => "sdk",
            TrackingTechnology::DeviceIdentifiers => "device_identifiers",
        }
    }

    fn phrases(self) -> &'static [Phrase] {
        match self {
            // Plain "cookie" is handled apart, so that "Flash cookies" does not also count as cookies.
            TrackingTechnology::Cookies => &[&["cookie"]],
            TrackingTechnology::WebBeacons => &[
                &["beacon"],
                &["webbeacon"],
                // "Pixel tags", "tracking pixels", "the Meta Pixel": in a privacy policy, pixels are tracking pixels.
                &["pixel"],
                &["transparent", "gif"],
                &["clear", "gif"],
                &["transparent", "image"],
                &["spacer", "gif"],
                &["web", "bug"],
                &["web", "siphon"],
            ],
            TrackingTechnology::FlashCookies => &[&["flash", "cookie"], &["local", "shared", "object"], &["lso"]],
            TrackingTechnology::LocalStorage => &[
                &["local", "storage"],
                &["localstorage"],
                &["session", "storage"],
                &["sessionstorage"],
                &["html5", "storage"],
                &["html", "5", "storage"],
                &["web", "storage"],
                &["indexeddb"],
            ],
            TrackingTechnology::Sdk => &[&["sdk"], &["software", "development", "kit"]],
            TrackingTechnology::DeviceIdentifiers => &[
                &["imei"],
                &["imsi"],
                &["idfa"],
                &["idfv"],
                &["aaid"],
                &["gaid"],
                &["udid"],
                &["openudid"],
                &["android", "id"],
                &["androidid"],
                &["advertising", "id"],
                &["advertising", "identifier"],
                &["advertiser", "id"],
                &["advertiser", "identifier"],
                &["mac", "address"],
                &["device", "id"],
                &["device", "identifier"],
                &["device", "identification"],
                &["hardware", "serial", "number"],
                &["device", "serial", "number"],
            ],
        }
    }

    /// Whether `words` (see [`phrase::words`]) mention this technology.
    fn is_in(self, words: &[String]) -> bool {
        if self == TrackingTechnology::Cookies {
            let flash = |at: usize| at > 0 && words[at - 1] == "flash";
            return phrase::positions(words, &["cookie"]).into_iter().any(|at| !flash(at));
        }
        phrase::contains_any(words, self.phrases())
    }
}

/// The technologies `text` mentions, in [`TrackingTechnology::ALL`] order.
pub fn technologies_in(text: &str) -> Vec<TrackingTechnology> {
    let words = phrase::words(text);
    TrackingTechnology::ALL.into_iter().filter(|t| t.is_in(&words)).collect()
}

/// One technology a policy mentions, and the sections that mention it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackingMention {
    /// The technology mentioned.
    pub technology: TrackingTechnology,
    /// The headings of the sections whose own text (heading or blocks) mentions it, in reading order. Empty when only
    /// the preamble does.
    pub section_headings: Vec<String>,
    /// The ids of those sections, in the same order.
    pub section_ids: Vec<SectionId>,
}

/// Every tracking technology `policy` mentions, in [`TrackingTechnology::ALL`] order.
pub fn detect_tracking(policy: &Policy) -> Vec<TrackingMention> {
    let mut mentions: Vec<TrackingMention> = Vec::new();
    let mut note = |technology: TrackingTechnology, section: Option<&Section>| {
        let index = match mentions.iter().position(|m| m.technology == technology) {
            Some(index) => index,
            None => {
                let empty = TrackingMention { technology, section_headings: Vec::new(), section_ids: Vec::new() };
                mentions.push(empty);
                mentions.len() - 1
            }
        };
        if let Some(section) = section {
            let mention = &mut mentions[index];
            if !mention.section_ids.contains(section.id()) {
                mention.section_headings.push(section.heading().to_owned());
                mention.section_ids.push(section.id().clone());
            }
        }
    };
    for technology in technologies_in(&blocks_text(policy.preamble())) {
        note(technology, None);
    }
    for section in policy.all_sections() {
        for technology in technologies_in(&own_text(section)) {
            note(technology, Some(section));
        }
    }
    mentions.sort_by_key(|m| m.technology);
    mentions
}

/// The section the banner should jump to for "cookies and similar technologies": the highest-level section whose
/// heading names a tracking technology (or tracking in general: "similar technologies", "tracking"), or failing that
/// the section whose own text names cookies most often.
pub fn cookie_section(policy: &Policy) -> Option<&Section> {
    let sections = policy.all_sections();
    let by_heading = sections
        .iter()
        .filter(|s| !technologies_in(s.heading()).is_empty() || is_about_tracking(s.heading()))
        .min_by_key(|s| s.level());
    by_heading
        .or_else(|| {
            let count = |s: &&&Section| phrase::positions(&phrase::words(&own_text(s)), &["cookie"]).len();
            sections.iter().filter(|s| count(s) > 0).max_by_key(|s| (count(s), std::cmp::Reverse(s.level())))
        })
        .copied()
}

/// Whether `words` mention any technology, and the words with every mention blanked out, so that the words of a
/// technology's name ("advertising ID") are not read as anything else.
pub(crate) fn mask_mentions(words: &[String]) -> (bool, Vec<String>) {
    let mut masked = words.to_vec();
    let mut any = false;
    for technology in TrackingTechnology::ALL {
        for phrase in technology.phrases() {
            for start in phrase::positions(words, phrase) {
                any = true;
                masked[start..start + phrase.len()].iter_mut().for_each(String::clear);
            }
        }
    }
    (any, masked)
}

/// Whether a text speaks of tracking in general terms, without naming a technology.
pub(crate) fn is_about_tracking(text: &str) -> bool {
    const GENERAL: &[Phrase] = &[&["track*"], &["similar", "technolog*"], &["tracking", "technolog*"]];
    phrase::contains_any(&phrase::words(text), GENERAL)
}

/// A section's heading and blocks, without its sub-sections.
fn own_text(section: &Section) -> String {
    format!("{}\n{}", section.heading(), blocks_text(section.blocks()))
}

fn blocks_text(blocks: &[Block]) -> String {
    blocks.iter().flat_map(Block::texts).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_technology_under_its_many_names() {
        use TrackingTechnology::*;
        assert_eq!(technologies_in("We set COOKIES."), [Cookies]);
        assert_eq!(technologies_in("web-beacons, clear GIFs and web siphons"), [WebBeacons]);
        assert_eq!(technologies_in("Flash cookies (Local Shared Objects)"), [FlashCookies]);
        assert_eq!(technologies_in("HTML5 local storage"), [LocalStorage]);
        assert_eq!(technologies_in("third-party SDKs"), [Sdk]);
        assert_eq!(technologies_in("IMEI/android ID/IDFA and the MAC address"), [DeviceIdentifiers]);
        assert_eq!(technologies_in("cookies and Flash cookies"), [Cookies, FlashCookies]);
    }

    #[test]
    fn mentions_are_masked_out_of_the_words() {
        let (any, masked) = mask_mentions(&phrase::words("We read your advertising ID daily"));
        assert!(any);
        assert_eq!(masked, ["we", "read", "your", "", "", "daily"]);
        assert!(!mask_mentions(&phrase::words("We send advertising e-mails")).0);
    }

    #[test]
    fn words_that_merely_contain_a_name_do_not_count() {
        assert!(technologies_in("Cookiecutter sdkman macaddress beaconing flashy cookery").is_empty());
        assert!(technologies_in("We collect your name and e-mail address to send you our newsletter.").is_empty());
    }
}
