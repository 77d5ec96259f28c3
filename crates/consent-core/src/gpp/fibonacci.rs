//! Fibonacci coding, as GPP writes its header's section ids ("About Fibonacci Encoding" and the "Range (Fibonacci)"
//! type of the Consent String Specification): a positive integer as the sum of non-consecutive Fibonacci numbers
//! 1, 2, 3, 5, 8 …, one bit each from the smallest, closed by an extra `1`; so a code never holds `11` but at its end,
//! and a reader needs no field width.

use crate::tcf::bits::{BitReader, BitWriter, BitsError};

/// Why a Fibonacci-coded field cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FibonacciError {
    /// The bits ran out before the closing `11`.
    #[error(transparent)]
    Bits(#[from] BitsError),
    /// The code is longer than any number this reader takes (over 2^32).
    #[error("a Fibonacci code longer than {0} bits")]
    TooLong(usize),
    /// A range's count field says more items than ids could ever be listed.
    #[error("a range that ends at {0}, past the largest id")]
    Overflow(u64),
}

/// The Fibonacci numbers F(2) … used as place values: 1, 2, 3, 5 … up to past 2^32.
fn place_values() -> Vec<u64> {
    let mut values = vec![1u64, 2];
    while values[values.len() - 1] <= u64::from(u32::MAX) {
        let next = values[values.len() - 1] + values[values.len() - 2];
        values.push(next);
    }
    values
}

/// Writes `value` (1 or more) as a Fibonacci code.
///
/// # Panics
/// If `value` is 0, which Fibonacci coding cannot write: callers write ids and offsets, which start at 1.
pub fn write(bits: &mut BitWriter, value: u64) {
    assert!(value > 0, "Fibonacci coding starts at 1");
    let values = place_values();
    let mut code = vec![false; values.iter().take_while(|&&v| v <= value).count()];
    let mut rest = value;
    for (place, &v) in values.iter().enumerate().take(code.len()).rev() {
        if v <= rest {
            code[place] = true;
            rest -= v;
        }
    }
    for bit in code {
        bits.push_bool(bit);
    }
    bits.push_bool(true);
}

/// Reads one Fibonacci code.
pub fn read(bits: &mut BitReader) -> Result<u64, FibonacciError> {
    let values = place_values();
    let mut value = 0u64;
    let mut previous = false;
    for place in 0.. {
        let bit = bits.read_bool()?;
        if bit && previous {
            return Ok(value);
        }
        if bit {
            value += values.get(place).copied().ok_or(FibonacciError::TooLong(place))?;
        }
        previous = bit;
    }
    unreachable!("the loop returns or fails")
}

/// Writes a sorted list of distinct ids (1 or more each) as a "Range (Fibonacci)": a 12-bit count of runs, then
/// each run as a flag (0 one id, 1 a run of several), the offset of its first id from the previous run's last (0 to
/// start with) and, for a run, its length less one. Runs of consecutive ids are grouped, as IAB's library does.
///
/// # Panics
/// If the ids are not sorted and distinct, or there are more than 4095 runs: the callers' ids come from a fixed
/// list of sections.
pub fn write_range(bits: &mut BitWriter, ids: &[u64]) {
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "the ids of a Fibonacci range are sorted and distinct");
    let mut runs: Vec<(u64, u64)> = Vec::new();
    for &id in ids {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == id => *end = id,
            _ => runs.push((id, id)),
        }
    }
    bits.push(runs.len() as u64, 12);
    let mut last = 0;
    for (start, end) in runs {
        bits.push_bool(start != end);
        write(bits, start - last);
        if start != end {
            write(bits, end - start);
        }
        last = end;
    }
}

/// Reads a "Range (Fibonacci)" back into its ids, in order.
pub fn read_range(bits: &mut BitReader) -> Result<Vec<u64>, FibonacciError> {
    let runs = bits.read(12)?;
    let mut ids = Vec::new();
    let mut last = 0u64;
    for _ in 0..runs {
        let is_run = bits.read_bool()?;
        let start = last.checked_add(read(bits)?).ok_or(FibonacciError::Overflow(last))?;
        let end = if is_run { start.checked_add(read(bits)?).ok_or(FibonacciError::Overflow(start))? } else { start };
        if end - start > u64::from(u16::MAX) {
            return Err(FibonacciError::Overflow(end));
        }
        ids.extend(start..=end);
        last = end;
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn code(value: u64) -> String {
        let mut bits = BitWriter::new();
        write(&mut bits, value);
        let mut reader = BitReader::from_base64url(&bits.to_base64url()).unwrap();
        (0..bits.len()).map(|_| if reader.read_bool().unwrap() { '1' } else { '0' }).collect()
    }

    #[test]
    fn codes_are_the_spec_table() {
        // "About Fibonacci Encoding": 1 = 11, 2 = 011, 3 = 0011, 4 = 1011, 5 = 00011, 6 = 10011, 7 = 01011.
        let table = ["11", "011", "0011", "1011", "00011", "10011", "01011"];
        for (value, expected) in (1..).zip(table) {
            assert_eq!(code(value), expected, "{value}");
        }
    }

    #[test]
    fn the_spec_range_example_reads_as_its_ids() {
        // "Range (Fibonacci)": [3, 5, 6, 7, 8] = 000000000010 0 0011 1 011 0011.
        let mut bits = BitWriter::new();
        write_range(&mut bits, &[3, 5, 6, 7, 8]);
        let text = bits.to_base64url();
        let mut reader = BitReader::from_base64url(&text).unwrap();
        let written: String = (0..bits.len()).map(|_| if reader.read_bool().unwrap() { '1' } else { '0' }).collect();
        assert_eq!(written, "000000000010".to_owned() + "0" + "0011" + "1" + "011" + "0011");
        assert_eq!(read_range(&mut BitReader::from_base64url(&text).unwrap()).unwrap(), [3, 5, 6, 7, 8]);
    }

    #[test]
    fn a_code_without_its_closing_ones_is_refused() {
        // 000000: no 11 before the bits run out.
        assert!(matches!(read(&mut BitReader::from_base64url("A").unwrap()), Err(FibonacciError::Bits(_))));
    }

    proptest! {
        #[test]
        fn values_round_trip(values in proptest::collection::vec(1u64..=u64::from(u32::MAX), 1..20)) {
            let mut bits = BitWriter::new();
            for &v in &values {
                write(&mut bits, v);
            }
            let mut reader = BitReader::from_base64url(&bits.to_base64url()).unwrap();
            for &v in &values {
                prop_assert_eq!(read(&mut reader).unwrap(), v);
            }
        }

        #[test]
        fn ranges_round_trip(ids in proptest::collection::btree_set(1u64..500, 0..60)) {
            let ids: Vec<u64> = ids.into_iter().collect();
            let mut bits = BitWriter::new();
            write_range(&mut bits, &ids);
            let mut reader = BitReader::from_base64url(&bits.to_base64url()).unwrap();
            prop_assert_eq!(read_range(&mut reader).unwrap(), ids);
        }
    }
}
