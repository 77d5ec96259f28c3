//! Reading a TC string back: what a stored `euconsent-v2` holds, and the proof in tests that what
//! [`super::tc_string`] writes reads as what was meant. Reads the Core String and a Disclosed Vendors segment;
//! other segments (Publisher TC) are skipped, as a reader that does not need them may.

use std::collections::BTreeSet;

use super::bits::{BitReader, BitsError};
use super::gvl::{PurposeId, SpecialFeatureId, VendorId};
use super::tc_string::{SEGMENT_DISCLOSED_VENDORS, TC_STRING_VERSION};
use super::vendor_set::read_vendor_set;

/// Why a text is not a TC string this crate can read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// A segment's bits could not be read.
    #[error("segment {segment}: {source}")]
    Bits {
        /// Which segment, counting the Core String as 0.
        segment: usize,
        /// What went wrong in it.
        source: BitsError,
    },
    /// The Core String's Version is not 2.
    #[error("version {0} is not a TCF v2 string")]
    Version(u64),
}

/// One publisher restriction: a purpose, its RestrictionType, and the vendors it applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublisherRestriction {
    /// The purpose restricted.
    pub purpose: PurposeId,
    /// 0 not allowed, 1 require consent, 2 require legitimate interest.
    pub restriction_type: u8,
    /// The vendors restricted.
    pub vendors: BTreeSet<VendorId>,
}

/// Everything a TC string's Core String and Disclosed Vendors segment hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedTcString {
    /// Created, in deciseconds since the epoch.
    pub created_deciseconds: u64,
    /// LastUpdated, in deciseconds since the epoch.
    pub last_updated_deciseconds: u64,
    /// CmpId.
    pub cmp_id: u16,
    /// CmpVersion.
    pub cmp_version: u16,
    /// ConsentScreen.
    pub consent_screen: u8,
    /// ConsentLanguage, uppercase.
    pub consent_language: String,
    /// VendorListVersion.
    pub vendor_list_version: u16,
    /// TcfPolicyVersion.
    pub tcf_policy_version: u8,
    /// IsServiceSpecific.
    pub is_service_specific: bool,
    /// UseNonStandardTexts.
    pub use_non_standard_texts: bool,
    /// SpecialFeatureOptIns.
    pub special_features: BTreeSet<SpecialFeatureId>,
    /// PurposesConsent.
    pub purposes_consent: BTreeSet<PurposeId>,
    /// PurposesLITransparency.
    pub purposes_legitimate_interest: BTreeSet<PurposeId>,
    /// PurposeOneTreatment.
    pub purpose_one_treatment: bool,
    /// PublisherCC, uppercase.
    pub publisher_cc: String,
    /// The Vendor Consent Section.
    pub vendors_consent: BTreeSet<VendorId>,
    /// The Vendor Legitimate Interest Section.
    pub vendors_legitimate_interest: BTreeSet<VendorId>,
    /// The Publisher Restrictions Section.
    pub publisher_restrictions: Vec<PublisherRestriction>,
    /// The Disclosed Vendors segment, if the string has one (a TCF 2.3 string must).
    pub disclosed_vendors: Option<BTreeSet<VendorId>>,
}

/// Reads a TC string.
pub fn decode_tc_string(text: &str) -> Result<DecodedTcString, DecodeError> {
    let mut segments = text.split('.');
    let core = segments.next().unwrap_or_default();
    let mut decoded = read_core(core).map_err(|source| DecodeError::Bits { segment: 0, source })??;
    for (index, segment) in segments.enumerate() {
        let bits = |source| DecodeError::Bits { segment: index + 1, source };
        let mut reader = BitReader::from_base64url(segment).map_err(bits)?;
        if reader.read(3).map_err(bits)? == SEGMENT_DISCLOSED_VENDORS {
            decoded.disclosed_vendors = Some(read_vendor_set(&mut reader).map_err(bits)?);
        }
    }
    Ok(decoded)
}

fn read_core(text: &str) -> Result<Result<DecodedTcString, DecodeError>, BitsError> {
    let mut r = BitReader::from_base64url(text)?;
    let version = r.read(6)?;
    if version != TC_STRING_VERSION {
        return Ok(Err(DecodeError::Version(version)));
    }
    Ok(Ok(DecodedTcString {
        created_deciseconds: r.read(36)?,
        last_updated_deciseconds: r.read(36)?,
        cmp_id: r.read(12)? as u16,
        cmp_version: r.read(12)? as u16,
        consent_screen: r.read(6)? as u8,
        consent_language: letters(&mut r)?,
        vendor_list_version: r.read(12)? as u16,
        tcf_policy_version: r.read(6)? as u8,
        is_service_specific: r.read_bool()?,
        use_non_standard_texts: r.read_bool()?,
        special_features: flags(&mut r, 12)?,
        purposes_consent: flags(&mut r, 24)?,
        purposes_legitimate_interest: flags(&mut r, 24)?,
        purpose_one_treatment: r.read_bool()?,
        publisher_cc: letters(&mut r)?,
        vendors_consent: read_vendor_set(&mut r)?,
        vendors_legitimate_interest: read_vendor_set(&mut r)?,
        publisher_restrictions: restrictions(&mut r)?,
        disclosed_vendors: None,
    }))
}

fn flags(r: &mut BitReader, width: u8) -> Result<BTreeSet<u8>, BitsError> {
    let mut ids = BTreeSet::new();
    for id in 1..=width {
        if r.read_bool()? {
            ids.insert(id);
        }
    }
    Ok(ids)
}

fn letters(r: &mut BitReader) -> Result<String, BitsError> {
    let mut out = String::with_capacity(2);
    for _ in 0..2 {
        out.push(char::from(b'A' + r.read(6)? as u8));
    }
    Ok(out)
}

/// Restriction entries' vendor ranges may bridge gaps, but they are read the same way as the vendor sections'.
fn restrictions(r: &mut BitReader) -> Result<Vec<PublisherRestriction>, BitsError> {
    let count = r.read(12)?;
    let mut out = Vec::new();
    for _ in 0..count {
        let purpose = r.read(6)? as PurposeId;
        let restriction_type = r.read(2)? as u8;
        let mut vendors = BTreeSet::new();
        for _ in 0..r.read(12)? {
            let is_range = r.read_bool()?;
            let start = r.read(16)? as VendorId;
            let end = if is_range { r.read(16)? as VendorId } else { start };
            vendors.extend(start..=end);
        }
        out.push(PublisherRestriction { purpose, restriction_type, vendors });
    }
    Ok(out)
}
