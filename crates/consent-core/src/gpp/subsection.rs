//! What the US sections share around their core: the GPC sub-section (SubsectionType 1, then one bit for whether the
//! browser sent Global Privacy Control), joined to the core with `.`, and the errors of reading a section.

use super::values::FieldReadError;
use crate::tcf::bits::{BitReader, BitWriter, BitsError};

/// SubsectionType of the GPC sub-section.
const GPC_SUBSECTION: u64 = 1;

/// Why a US section cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SectionError {
    /// A field is unreadable or holds a value its table does not define.
    #[error(transparent)]
    Field(#[from] FieldReadError),
    /// A segment is not base64url.
    #[error(transparent)]
    Bits(#[from] BitsError),
    /// A section version this reader does not write.
    #[error("version {found} is not supported (only {supported})")]
    Version {
        /// The Version field.
        found: u64,
        /// The version this crate writes.
        supported: u64,
    },
    /// A sub-section of a type the section does not define.
    #[error("sub-section type {0} is not defined (1 is GPC)")]
    Subsection(u64),
}

/// Joins the core segment and, when `gpc` is known, the GPC sub-section.
pub fn join(core: BitWriter, gpc: Option<bool>) -> String {
    let mut text = core.to_base64url_bytes();
    if let Some(gpc) = gpc {
        let mut bits = BitWriter::new();
        bits.push(GPC_SUBSECTION, 2);
        bits.push_bool(gpc);
        text.push('.');
        text.push_str(&bits.to_base64url_bytes());
    }
    text
}

/// Splits a section into its core's bits and the GPC flag of its sub-section, if it has one.
pub fn split(text: &str) -> Result<(BitReader, Option<bool>), SectionError> {
    let mut parts = text.split('.');
    let core = BitReader::from_base64url(parts.next().unwrap_or_default())?;
    let mut gpc = None;
    for part in parts {
        let mut bits = BitReader::from_base64url(part)?;
        match bits.read(2)? {
            GPC_SUBSECTION => gpc = Some(bits.read_bool()?),
            other => return Err(SectionError::Subsection(other)),
        }
    }
    Ok((core, gpc))
}

/// Reads MspaCoveredTransaction, which has no "not applicable": 1 yes, 2 no.
pub fn read_covered(bits: &mut BitReader) -> Result<bool, SectionError> {
    match bits.read(2)? {
        1 => Ok(true),
        2 => Ok(false),
        value => Err(FieldReadError::Undefined { field: "MspaCoveredTransaction", value }.into()),
    }
}

/// Writes MspaCoveredTransaction.
pub fn write_covered(bits: &mut BitWriter, covered: bool) {
    bits.push(if covered { 1 } else { 2 }, 2);
}
