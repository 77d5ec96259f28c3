//! The two-bit values the US sections are made of. Each field's 0 means "not applicable" (the business does not do
//! the thing the field is about), so a reader can tell "no notice was needed" from "no notice was given".

use crate::tcf::bits::{BitReader, BitWriter, BitsError};

/// A two-bit field's value, as the sections' tables number them.
pub trait TwoBits: Sized + Copy {
    /// The field's value, 0 to 2.
    fn bits(self) -> u64;
    /// The value for these bits; `None` for 3, which no field uses.
    fn from_bits(bits: u64) -> Option<Self>;
}

/// A two-bit field that reads as 3, which no US field defines.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldReadError {
    /// The segment ended early.
    #[error(transparent)]
    Bits(#[from] BitsError),
    /// The value 3 (or any other not in the field's table).
    #[error("{field} is {value}, which the field does not define")]
    Undefined {
        /// The field's name as the spec spells it (`SaleOptOut`).
        field: &'static str,
        /// What was read.
        value: u64,
    },
}

/// Writes a two-bit value.
pub fn write<T: TwoBits>(bits: &mut BitWriter, value: T) {
    bits.push(value.bits(), 2);
}

/// Reads a two-bit value of the field named `field`.
pub fn read<T: TwoBits>(bits: &mut BitReader, field: &'static str) -> Result<T, FieldReadError> {
    let value = bits.read(2)?;
    T::from_bits(value).ok_or(FieldReadError::Undefined { field, value })
}

/// Reads `N` two-bit values of a fixed-length list field (SensitiveDataProcessing …).
pub fn read_list<T: TwoBits, const N: usize>(
    bits: &mut BitReader,
    field: &'static str,
) -> Result<[T; N], FieldReadError> {
    let mut values = [T::from_bits(0).expect("0 is every field's 'not applicable'"); N];
    for value in &mut values {
        *value = read(bits, field)?;
    }
    Ok(values)
}

macro_rules! two_bits {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $bits:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl TwoBits for $name {
            fn bits(self) -> u64 {
                match self {
                    $($name::$variant => $bits),+
                }
            }

            fn from_bits(bits: u64) -> Option<Self> {
                match bits {
                    $($bits => Some($name::$variant),)+
                    _ => None,
                }
            }
        }
    };
}

two_bits!(
    /// Whether a notice was given (the …Notice fields).
    Notice {
        /// 0: the business does not do what the notice is about.
        NotApplicable = 0,
        /// 1: yes, notice was provided.
        Provided = 1,
        /// 2: no, notice was not provided.
        NotProvided = 2,
    }
);

two_bits!(
    /// Whether the visitor opted out (the …OptOut fields).
    OptOut {
        /// 0: the matching notice was not applicable or not given.
        NotApplicable = 0,
        /// 1: opted out.
        OptedOut = 1,
        /// 2: did not opt out.
        DidNotOptOut = 2,
    }
);

two_bits!(
    /// Whether the visitor consented (the …Consents fields).
    Consent {
        /// 0: the business does not do the processing.
        NotApplicable = 0,
        /// 1: no consent.
        NoConsent = 1,
        /// 2: consent.
        Consented = 2,
    }
);

two_bits!(
    /// A yes-or-no MSPA declaration (MspaCoveredTransaction, MspaOptOutOptionMode, MspaServiceProviderMode).
    MspaFlag {
        /// 0: not applicable (MspaCoveredTransaction has no 0).
        NotApplicable = 0,
        /// 1: yes.
        Yes = 1,
        /// 2: no.
        No = 2,
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_is_refused_with_the_field_named() {
        let mut bits = BitReader::from_base64url("w").unwrap(); // 110000
        assert_eq!(
            read::<OptOut>(&mut bits, "SaleOptOut").unwrap_err(),
            FieldReadError::Undefined { field: "SaleOptOut", value: 3 }
        );
    }

    #[test]
    fn every_value_round_trips() {
        for bits in 0..3 {
            assert_eq!(Notice::from_bits(bits).unwrap().bits(), bits);
            assert_eq!(OptOut::from_bits(bits).unwrap().bits(), bits);
            assert_eq!(Consent::from_bits(bits).unwrap().bits(), bits);
            assert_eq!(MspaFlag::from_bits(bits).unwrap().bits(), bits);
        }
        assert_eq!(OptOut::OptedOut.bits(), 1);
    }
}
