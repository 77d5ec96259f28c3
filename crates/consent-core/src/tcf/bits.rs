//! The bit-level wire form of a TC string: fields written big-endian, left to right, packed without padding
//! ("The Core String: the following fields are stored in big-endian format. Bit numberings are left-to-right"), each
//! segment then written as base64url without padding (RFC 4648 §5), as the TC String Format section requires.
//!
//! Written by hand rather than with the `base64` crate: this runs in the banner's WASM, where every dependency is
//! paid for in bytes by every visitor, and the alphabet and the bit packing are a few lines.

/// The base64url alphabet (RFC 4648 §5): `-` and `_` in place of `+` and `/`, so a TC string is URL- and
/// cookie-safe as it is.
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Collects fields into a stream of bits, most significant bit of each field first.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct BitWriter {
    bits: Vec<bool>,
}

impl BitWriter {
    /// An empty stream.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends the low `width` bits of `value`, most significant first.
    ///
    /// # Panics
    /// If `width` is over 64 or `value` does not fit in `width` bits: the callers' field types are checked so that
    /// this cannot happen, and truncating silently would write a string that means something else.
    pub fn push(&mut self, value: u64, width: u32) {
        assert!(width <= 64, "a field is at most 64 bits wide, not {width}");
        assert!(width == 64 || value >> width == 0, "{value} does not fit in {width} bits");
        self.bits.extend((0..width).rev().map(|shift| (value >> shift) & 1 == 1));
    }

    /// Appends one bit.
    pub fn push_bool(&mut self, bit: bool) {
        self.bits.push(bit);
    }

    /// How many bits were written.
    pub fn len(&self) -> usize {
        self.bits.len()
    }

    /// Whether nothing was written.
    pub fn is_empty(&self) -> bool {
        self.bits.is_empty()
    }

    /// The stream as base64url without `=` padding: six bits a character, the stream first filled with zero bits to
    /// whole 24-bit groups (four characters).
    ///
    /// The spec leaves the filler open, and decoders that read bit by bit accept any. But decoders that first turn
    /// base64 into bytes (Go's `RawURLEncoding`, as in server-side ad tech) refuse a text of 4n + 1 characters, and
    /// IAB's own encoder (`@iabtechlabtcf/core`) fills to 24 bits: filling the same way keeps every decoder reading,
    /// and lets the tests compare our strings with the official encoder's character for character.
    pub fn to_base64url(&self) -> String {
        self.filled_to(self.bits.len().div_ceil(24) * 24)
    }

    /// The stream as base64url the way GPP segments are written: zero bits to a whole byte, then to a whole
    /// character (six bits), as IAB's GPP library (`@iabgpp/cmpapi`) writes them.
    ///
    /// The GPP spec only asks for a multiple of six bits; filling to a byte first means a decoder that turns the text
    /// into bytes loses no bit, and never meets a text of 4n + 1 characters, which such decoders refuse (see
    /// [`BitWriter::to_base64url`]).
    pub fn to_base64url_bytes(&self) -> String {
        let filled = self.bits.len().div_ceil(8) * 8;
        self.filled_to(filled.div_ceil(6) * 6)
    }

    /// The stream and zero bits to `filled` bits, six bits a character.
    fn filled_to(&self, filled: usize) -> String {
        self.bits
            .iter()
            .copied()
            .chain(std::iter::repeat(false))
            .take(filled)
            .collect::<Vec<_>>()
            .chunks(6)
            .map(|chunk| {
                let index = chunk.iter().fold(0usize, |acc, &bit| acc << 1 | usize::from(bit));
                char::from(ALPHABET[index])
            })
            .collect()
    }
}

/// Why a segment's text cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BitsError {
    /// A character outside the base64url alphabet (`+`, `/` and `=` included: the TC string forbids them).
    #[error("'{0}' is not a base64url character")]
    NotBase64Url(char),
    /// The segment ended before the field it was reading.
    #[error("the segment ends after {available} bits, before a field of {width} bits at bit {at}")]
    TooShort {
        /// Where the field starts.
        at: usize,
        /// The field's width.
        width: u32,
        /// How many bits the segment has.
        available: usize,
    },
}

/// Reads fields back from a base64url segment, in the order they were written.
#[derive(Debug, Clone)]
pub struct BitReader {
    bits: Vec<bool>,
    at: usize,
}

impl BitReader {
    /// The bits of a base64url segment (no padding).
    pub fn from_base64url(text: &str) -> Result<Self, BitsError> {
        let mut bits = Vec::with_capacity(text.len() * 6);
        for c in text.chars() {
            let index = u8::try_from(c)
                .ok()
                .and_then(|byte| ALPHABET.iter().position(|&a| a == byte))
                .ok_or(BitsError::NotBase64Url(c))?;
            bits.extend((0..6).rev().map(|shift| (index >> shift) & 1 == 1));
        }
        Ok(Self { bits, at: 0 })
    }

    /// The next `width` bits as an unsigned number.
    pub fn read(&mut self, width: u32) -> Result<u64, BitsError> {
        let end = self.at + width as usize;
        if width > 64 || end > self.bits.len() {
            return Err(BitsError::TooShort { at: self.at, width, available: self.bits.len() });
        }
        let value = self.bits[self.at..end].iter().fold(0u64, |acc, &bit| acc << 1 | u64::from(bit));
        self.at = end;
        Ok(value)
    }

    /// The next bit.
    pub fn read_bool(&mut self) -> Result<bool, BitsError> {
        self.read(1).map(|bit| bit == 1)
    }

    /// How many bits are left (the filler included).
    pub fn remaining(&self) -> usize {
        self.bits.len() - self.at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn fields_are_packed_big_endian_without_padding() {
        let mut bits = BitWriter::new();
        bits.push(2, 6); // 000010
        bits.push(0b101, 3); // 101, then 000 of filler
        assert_eq!(bits.len(), 9);
        // 000010 = 2 = C, 101000 = 40 = o, then zero bits to the end of the 24-bit group: AA.
        assert_eq!(bits.to_base64url(), "CoAA");
    }

    #[test]
    fn a_character_outside_base64url_is_refused() {
        assert_eq!(BitReader::from_base64url("AB+C").unwrap_err(), BitsError::NotBase64Url('+'));
        assert_eq!(BitReader::from_base64url("AB=").unwrap_err(), BitsError::NotBase64Url('='));
    }

    #[test]
    fn reading_past_the_end_says_where() {
        let mut reader = BitReader::from_base64url("A").unwrap();
        assert_eq!(reader.read(4).unwrap(), 0);
        assert_eq!(reader.read(4).unwrap_err(), BitsError::TooShort { at: 4, width: 4, available: 6 });
    }

    proptest! {
        /// Whatever fields are written, reading the same widths back gives the same values, and the text is four
        /// characters for every 24 bits begun.
        #[test]
        fn fields_round_trip(fields in proptest::collection::vec((any::<u64>(), 1u32..=64), 0..40)) {
            let fields: Vec<(u64, u32)> = fields
                .into_iter()
                .map(|(value, width)| (if width == 64 { value } else { value & ((1 << width) - 1) }, width))
                .collect();
            let mut writer = BitWriter::new();
            for &(value, width) in &fields {
                writer.push(value, width);
            }
            let text = writer.to_base64url();
            prop_assert_eq!(text.len(), writer.len().div_ceil(24) * 4);
            let mut reader = BitReader::from_base64url(&text).unwrap();
            for &(value, width) in &fields {
                prop_assert_eq!(reader.read(width).unwrap(), value);
            }
            prop_assert!(reader.remaining() < 24);
        }
    }
}
