//! What the US sections share around their core: the version that opens it, the three MSPA fields that close it,
//! the GPC sub-section (SubsectionType 1, then one bit for whether the browser sent Global Privacy Control), joined to
//! the core with `.`, and the errors of reading a section.

use super::values::{self, FieldReadError, MspaFlag};
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

/// The MSPA declarations every US section ends its core with, in the tables' order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct MspaFields {
    /// MspaCoveredTransaction: the site signed the MSPA and the transaction is covered.
    #[serde(rename = "mspa_covered_transaction")]
    pub covered_transaction: bool,
    /// MspaOptOutOptionMode.
    #[serde(rename = "mspa_opt_out_option_mode")]
    pub opt_out_option_mode: MspaFlag,
    /// MspaServiceProviderMode.
    #[serde(rename = "mspa_service_provider_mode")]
    pub service_provider_mode: MspaFlag,
}

/// A core segment's bits, opened with the section's version.
pub fn start(version: u64) -> BitWriter {
    let mut bits = BitWriter::new();
    bits.push(version, 6);
    bits
}

/// Closes the core with the MSPA fields (MspaCoveredTransaction has no "not applicable": 1 yes, 2 no) and joins,
/// when `gpc` is known, the GPC sub-section.
pub fn finish(mut core: BitWriter, mspa: MspaFields, gpc: Option<bool>) -> String {
    core.push(if mspa.covered_transaction { 1 } else { 2 }, 2);
    values::write(&mut core, mspa.opt_out_option_mode);
    values::write(&mut core, mspa.service_provider_mode);
    join(core, gpc)
}

/// Splits a section into its core's bits, read past a version that must be `supported`, and the GPC flag of its
/// sub-section, if it has one.
pub fn open(text: &str, supported: u64) -> Result<(BitReader, Option<bool>), SectionError> {
    let (mut bits, gpc) = split(text)?;
    let found = bits.read(6)?;
    if found != supported {
        return Err(SectionError::Version { found, supported });
    }
    Ok((bits, gpc))
}

/// Reads the MSPA fields that close a core.
pub fn read_mspa(bits: &mut BitReader) -> Result<MspaFields, SectionError> {
    let covered_transaction = match bits.read(2)? {
        1 => true,
        2 => false,
        value => return Err(FieldReadError::Undefined { field: "MspaCoveredTransaction", value }.into()),
    };
    Ok(MspaFields {
        covered_transaction,
        opt_out_option_mode: values::read(bits, "MspaOptOutOptionMode")?,
        service_provider_mode: values::read(bits, "MspaServiceProviderMode")?,
    })
}

/// Joins the core segment and, when `gpc` is known, the GPC sub-section.
fn join(core: BitWriter, gpc: Option<bool>) -> String {
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
fn split(text: &str) -> Result<(BitReader, Option<bool>), SectionError> {
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
