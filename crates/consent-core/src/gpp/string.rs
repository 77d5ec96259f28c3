//! A whole GPP string: the header, then each section in the header's order, joined with `~`.
//!
//! The TCF EU section (id 2) is the TC string itself, carried through unchanged: IAB Europe advises CMPs to keep
//! writing the TC string on its own too (`euconsent-v2`), so the GPP string only repeats it.

use super::header::{decode_header, encode_header, HeaderError};
use super::subsection::SectionError;
use super::usca::{self, UsCa};
use super::usnat::{self, UsNat};

/// The TCF EU v2 section's id.
pub const TCF_EU_SECTION_ID: u64 = 2;

/// The sections of a GPP string this crate writes.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct GppString {
    /// The TC string (section 2), as [`crate::tcf::encode_tc_string`] wrote it.
    pub tcf_eu: Option<String>,
    /// The MSPA US National section (7).
    pub usnat: Option<UsNat>,
    /// The California section (8).
    pub usca: Option<UsCa>,
}

/// Why a GPP string cannot be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GppEncodeError {
    /// The TC string is empty or holds a character other than base64url and `.`: `~` would split the GPP string.
    #[error("tcf_eu: '{0}' is not a TC string (base64url segments joined with '.')")]
    TcString(String),
}

/// Why a GPP string cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GppDecodeError {
    /// The header is unreadable.
    #[error("header: {0}")]
    Header(#[from] HeaderError),
    /// The header lists a different number of sections than follow it.
    #[error("the header lists {listed} section(s) but {found} follow it")]
    SectionCount {
        /// Sections in the header.
        listed: usize,
        /// Sections after it.
        found: usize,
    },
    /// A section this reader does not know.
    #[error("section {0} is not one this reader knows (2 tcfeuv2, 7 usnat, 8 usca)")]
    UnknownSection(u64),
    /// A section is unreadable.
    #[error("{section}: {error}")]
    Section {
        /// Its API prefix (`usnat`).
        section: &'static str,
        /// What is wrong with it.
        error: SectionError,
    },
    /// The TCF EU section is empty or not base64url.
    #[error("tcfeuv2: '{0}' is not a TC string")]
    TcString(String),
}

fn is_tc_string(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

impl GppString {
    /// The ids of the sections present, in the order they are written.
    pub fn section_ids(&self) -> Vec<u64> {
        [
            self.tcf_eu.as_ref().map(|_| TCF_EU_SECTION_ID),
            self.usnat.as_ref().map(|_| usnat::SECTION_ID),
            self.usca.as_ref().map(|_| usca::SECTION_ID),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// The GPP string: the header and the sections in ascending id order, joined with `~`.
    pub fn encode(&self) -> Result<String, GppEncodeError> {
        let mut parts = vec![encode_header(&self.section_ids())];
        if let Some(tc_string) = &self.tcf_eu {
            if !is_tc_string(tc_string) {
                return Err(GppEncodeError::TcString(tc_string.clone()));
            }
            parts.push(tc_string.clone());
        }
        parts.extend(self.usnat.as_ref().map(UsNat::encode));
        parts.extend(self.usca.as_ref().map(UsCa::encode));
        Ok(parts.join("~"))
    }
}

/// Reads a GPP string of the sections this crate writes.
pub fn decode_gpp_string(text: &str) -> Result<GppString, GppDecodeError> {
    let mut parts = text.split('~');
    let ids = decode_header(parts.next().unwrap_or_default())?;
    let sections: Vec<&str> = parts.collect();
    if sections.len() != ids.len() {
        return Err(GppDecodeError::SectionCount { listed: ids.len(), found: sections.len() });
    }
    let mut gpp = GppString::default();
    for (id, section) in ids.into_iter().zip(sections) {
        match id {
            TCF_EU_SECTION_ID if is_tc_string(section) => gpp.tcf_eu = Some(section.to_owned()),
            TCF_EU_SECTION_ID => return Err(GppDecodeError::TcString(section.to_owned())),
            usnat::SECTION_ID => {
                gpp.usnat =
                    Some(UsNat::decode(section).map_err(|error| GppDecodeError::Section { section: "usnat", error })?)
            }
            usca::SECTION_ID => {
                gpp.usca =
                    Some(UsCa::decode(section).map_err(|error| GppDecodeError::Section { section: "usca", error })?)
            }
            other => return Err(GppDecodeError::UnknownSection(other)),
        }
    }
    Ok(gpp)
}
