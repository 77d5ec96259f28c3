//! The GPP header, the string's first part and its table of contents: Type (6 bits, always 3), Version (6 bits, 1)
//! and the ids of the sections that follow, in their order, as a Fibonacci range ("Header Encoding").

use super::fibonacci::{self, FibonacciError};
use crate::tcf::bits::{BitReader, BitWriter, BitsError};

/// The header's Type field: 3, "GPP Header".
pub const HEADER_TYPE: u64 = 3;
/// The version of the GPP string this module writes and reads.
pub const GPP_VERSION: u64 = 1;

/// Why a header cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    /// Not base64url, or too short.
    #[error("the header is unreadable: {0}")]
    Bits(#[from] BitsError),
    /// The section ids are unreadable.
    #[error("the header's section ids are unreadable: {0}")]
    Sections(#[from] FibonacciError),
    /// The Type field is not 3: this is not a GPP string (a bare TC string starts with type 2 in its first bits).
    #[error("the header's Type is {0}, not 3: this is not a GPP string")]
    NotAHeader(u64),
    /// A GPP version this reader does not know.
    #[error("GPP version {0} is not supported (only 1)")]
    Version(u64),
}

/// Writes the header for these section ids, which must be sorted (the sections are written in that order).
pub fn encode_header(section_ids: &[u64]) -> String {
    let mut bits = BitWriter::new();
    bits.push(HEADER_TYPE, 6);
    bits.push(GPP_VERSION, 6);
    fibonacci::write_range(&mut bits, section_ids);
    bits.to_base64url_bytes()
}

/// Reads a header's section ids.
pub fn decode_header(text: &str) -> Result<Vec<u64>, HeaderError> {
    let mut bits = BitReader::from_base64url(text)?;
    let header_type = bits.read(6)?;
    if header_type != HEADER_TYPE {
        return Err(HeaderError::NotAHeader(header_type));
    }
    let version = bits.read(6)?;
    if version != GPP_VERSION {
        return Err(HeaderError::Version(version));
    }
    Ok(fibonacci::read_range(&mut bits)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_examples_read_as_their_sections() {
        // "GPP String Examples" 1 to 3: EU TCF (2); EU TCF and US Privacy (2, 6); Canadian TCF and US Privacy (5, 6).
        assert_eq!(decode_header("DBABM").unwrap(), [2]);
        assert_eq!(decode_header("DBACNY").unwrap(), [2, 6]);
        assert_eq!(decode_header("DBABjw").unwrap(), [5, 6]);
    }

    #[test]
    fn headers_are_the_spec_examples_filled_to_a_byte() {
        // The spec's DBABM is 28 bits in five characters; filled to 32 bits, as IAB's library does, it is DBABMA.
        // DBACNY is 33 bits: filled to 40, then to 42, it gains a seventh character.
        assert_eq!(encode_header(&[2]), "DBABMA");
        assert_eq!(encode_header(&[2, 6]), "DBACNYA");
        assert_eq!(encode_header(&[5, 6]), "DBABjw");
        assert_eq!(decode_header(&encode_header(&[2, 7, 8])).unwrap(), [2, 7, 8]);
    }

    #[test]
    fn a_tc_string_is_not_a_header() {
        // A TC string starts with its version, 2, in six bits: "C…".
        assert_eq!(decode_header("CPXxRfAPXxRfAAfKABENB").unwrap_err(), HeaderError::NotAHeader(2));
        assert_eq!(decode_header("DCABM").unwrap_err(), HeaderError::Version(2));
    }
}
