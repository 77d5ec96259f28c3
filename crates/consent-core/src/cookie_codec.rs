//! Percent-encoding for cookie values, identical to JavaScript's `encodeURIComponent`/`decodeURIComponent`, because
//! the boot loader reads in JavaScript the cookie that the banner writes from Rust.

/// Encodes like `encodeURIComponent`: every byte but `A-Z a-z 0-9 - _ . ! ~ * ' ( )` becomes `%XX`.
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3 / 2);
    for byte in value.bytes() {
        let unreserved = byte.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&byte);
        if unreserved {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Why a cookie value could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// A `%` is not followed by two hex digits, as in a cut-off value.
    #[error("a '%' is not followed by two hex digits")]
    BadEscape,
    /// The escapes decode to bytes that are not UTF-8 text.
    #[error("the decoded bytes are not UTF-8")]
    NotUtf8,
}

/// Decodes like `decodeURIComponent`, refusing malformed escapes instead of guessing.
pub fn decode(value: &str) -> Result<String, DecodeError> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(DecodeError::BadEscape)?;
            let hex = std::str::from_utf8(hex).map_err(|_| DecodeError::BadEscape)?;
            out.push(u8::from_str_radix(hex, 16).map_err(|_| DecodeError::BadEscape)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| DecodeError::NotUtf8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn encodes_json_punctuation_like_encode_uri_component() {
        assert_eq!(encode(r#"{"g":["a b"]}"#), "%7B%22g%22%3A%5B%22a%20b%22%5D%7D");
        assert_eq!(encode("é"), "%C3%A9");
    }

    #[test]
    fn refuses_truncated_escapes() {
        assert_eq!(decode("%7"), Err(DecodeError::BadEscape));
        assert_eq!(decode("%zz"), Err(DecodeError::BadEscape));
        assert_eq!(decode("%FF"), Err(DecodeError::NotUtf8));
    }

    proptest! {
        #[test]
        fn round_trips_and_never_emits_cookie_delimiters(s in "\\PC{0,200}") {
            let encoded = encode(&s);
            prop_assert!(!encoded.contains([';', ',', ' ', '"', '\\', '=']));
            prop_assert_eq!(decode(&encoded), Ok(s));
        }
    }
}
