//! Writing the TC string (spec: "TC String Format"): the Core String, then the Disclosed Vendors segment that
//! TCF 2.3 makes mandatory ("Why was the disclosed vendor section made mandatory in TCF 2.3?"), each base64url
//! without padding, joined by `.`. No Publisher TC segment: this CMP asks nothing for the publisher's own purposes.

use std::collections::BTreeSet;

use super::bits::BitWriter;
use super::choice::TcfChoice;
use super::restriction::write_restrictions;
use super::terms::TcTerms;
use super::vendor_set::write_vendor_set;
use crate::language::LanguageTag;

/// The encoding format's version: 2 for TCF v2.x.
pub const TC_STRING_VERSION: u64 = 2;
/// SegmentType of the Disclosed Vendors segment.
pub const SEGMENT_DISCLOSED_VENDORS: u64 = 1;

/// The screen of the CMP on which the choice was made (ConsentScreen, 6 bits): a number of the CMP's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsentScreen(u8);

impl ConsentScreen {
    /// The first layer (its "Accept all" and "Reject all").
    pub const FIRST_LAYER: ConsentScreen = ConsentScreen(1);
    /// The preferences, where purposes and special features are chosen one by one.
    pub const PREFERENCES: ConsentScreen = ConsentScreen(2);
    /// The vendor layer.
    pub const VENDORS: ConsentScreen = ConsentScreen(3);

    /// A screen number, if it fits the field's six bits.
    pub fn new(number: u8) -> Option<Self> {
        (number < 64).then_some(ConsentScreen(number))
    }
}

/// The language the CMP's UI was shown in (ConsentLanguage): two ISO 639-1 letters, six bits each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsentLanguage([u8; 2]);

/// A language the TC string cannot record: it has only two letters for it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a two-letter ISO 639-1 language, which is all ConsentLanguage can hold")]
pub struct ConsentLanguageError(pub String);

impl TryFrom<&LanguageTag> for ConsentLanguage {
    type Error = ConsentLanguageError;

    /// The tag's primary language (`pt` of `pt-BR`), which must be two letters.
    fn try_from(tag: &LanguageTag) -> Result<Self, ConsentLanguageError> {
        match tag.primary().as_bytes() {
            &[a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                Ok(ConsentLanguage([a.to_ascii_uppercase(), b.to_ascii_uppercase()]))
            }
            _ => Err(ConsentLanguageError(tag.as_str().to_string())),
        }
    }
}

/// What a TC string records about the moment of the choice, beyond the choice itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TcStringContext {
    /// When the choice was made, in seconds since the Unix epoch (UTC).
    pub updated_at_unix_seconds: u64,
    /// The screen it was made on.
    pub consent_screen: ConsentScreen,
    /// The language the UI was shown in.
    pub consent_language: ConsentLanguage,
    /// Whether the UI changed IAB's standard stack descriptions or illustrations (UseNonStandardTexts).
    pub use_non_standard_texts: bool,
}

/// The TC string for `choice` on a site with these `terms` (the endpoint's and the banner's one encoder).
pub fn encode_tc_string(terms: &TcTerms, choice: &TcfChoice, context: &TcStringContext) -> String {
    format!("{}.{}", core_segment(terms, choice, context), disclosed_vendors_segment(&terms.vendor_ids()))
}

/// Created and LastUpdated: since TCF 2.2 both hold "the day-level timestamp of when the TC String was last updated"
/// ("What happened to Created and LastUpdated?"), in deciseconds: midnight UTC of that day.
pub fn day_deciseconds(unix_seconds: u64) -> u64 {
    unix_seconds / 86_400 * 86_400 * 10
}

fn core_segment(terms: &TcTerms, choice: &TcfChoice, context: &TcStringContext) -> String {
    let mut w = BitWriter::new();
    let day = day_deciseconds(context.updated_at_unix_seconds);
    w.push(TC_STRING_VERSION, 6);
    w.push(day, 36); // Created
    w.push(day, 36); // LastUpdated
    w.push(u64::from(terms.cmp_id), 12);
    w.push(u64::from(terms.cmp_version), 12);
    w.push(u64::from(context.consent_screen.0), 6);
    push_letters(&mut w, context.consent_language.0);
    w.push(u64::from(terms.vendor_list_version), 12);
    w.push(u64::from(terms.tcf_policy_version), 6);
    // Global scope is gone ("What happened to Global Scope and Out of Band?"): a string with 0 here is invalid.
    w.push_bool(true); // IsServiceSpecific
    w.push_bool(context.use_non_standard_texts);
    push_flags(&mut w, &choice.special_features, 12); // SpecialFeatureOptIns
    push_flags(&mut w, &choice.purposes_consent, 24); // PurposesConsent
    push_flags(&mut w, &choice.purposes_legitimate_interest, 24); // PurposesLITransparency
                                                                  // PurposeOneTreatment 0: purpose 1 is always disclosed, as consent, as the Policies expect.
    w.push_bool(false);
    push_letters(&mut w, terms.publisher_cc.letters());
    write_vendor_set(&mut w, &choice.vendors_consent);
    write_vendor_set(&mut w, &choice.vendors_legitimate_interest);
    write_restrictions(&mut w, &terms.publisher_restrictions); // NumPubRestrictions "is required even if it is 0"
    w.to_base64url()
}

fn disclosed_vendors_segment(vendors: &BTreeSet<u16>) -> String {
    let mut w = BitWriter::new();
    w.push(SEGMENT_DISCLOSED_VENDORS, 3);
    write_vendor_set(&mut w, vendors);
    w.to_base64url()
}

/// A flag field: bit `i` (from the left) is id `i + 1`.
fn push_flags(w: &mut BitWriter, ids: &BTreeSet<u8>, width: u8) {
    for id in 1..=width {
        w.push_bool(ids.contains(&id));
    }
}

/// Two letters, six bits each, `a` = 0 to `z` = 25 (ConsentLanguage, PublisherCC); the types holding them keep them
/// uppercase ASCII letters.
fn push_letters(w: &mut BitWriter, letters: [u8; 2]) {
    for letter in letters {
        w.push(u64::from(letter.to_ascii_uppercase() - b'A'), 6);
    }
}
