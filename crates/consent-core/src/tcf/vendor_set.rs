//! A set of vendor ids as the TC string writes it (Vendor Consent, Vendor Legitimate Interest and Disclosed Vendors
//! sections): MaxVendorId (16 bits), IsRangeEncoding (1 bit), then either a BitField of MaxVendorId bits or a Range
//! Section (NumEntries, 12 bits, then per entry IsARange, StartOrOnlyVendorId and, for a range, EndVendorId).
//!
//! The spec says "encoding logic should choose the encoding scheme that results in the smaller output size": this
//! counts the bits of both and writes the range form only when it is strictly shorter (equal sizes keep the bit
//! field, the simpler of the two to read). A range here only ever covers ids that are all in the set: these sections,
//! unlike publisher restrictions, may not bridge gaps.

use std::collections::BTreeSet;

use super::bits::{BitReader, BitWriter, BitsError};
use super::gvl::VendorId;

/// Width of MaxVendorId, StartOrOnlyVendorId and EndVendorId.
const ID_BITS: u32 = 16;
/// Width of NumEntries.
const COUNT_BITS: u32 = 12;

/// Writes `ids` in whichever encoding is shorter.
pub fn write_vendor_set(writer: &mut BitWriter, ids: &BTreeSet<VendorId>) {
    let max_id = ids.last().copied().unwrap_or(0);
    let runs = runs(ids);
    writer.push(u64::from(max_id), ID_BITS);
    // NumEntries is 12 bits: a set of more than 4095 separate runs cannot be written as ranges (its bit field is
    // shorter anyway, since each run costs at least 17 bits and the bit field at most 65,535).
    let use_ranges = runs.len() < 1 << COUNT_BITS && range_bits(&runs) < usize::from(max_id);
    writer.push_bool(use_ranges);
    if use_ranges {
        writer.push(runs.len() as u64, COUNT_BITS);
        for (start, end) in runs {
            writer.push_bool(start != end);
            writer.push(u64::from(start), ID_BITS);
            if start != end {
                writer.push(u64::from(end), ID_BITS);
            }
        }
    } else {
        for id in 1..=max_id {
            writer.push_bool(ids.contains(&id));
        }
    }
}

/// Reads a set written by [`write_vendor_set`] (or by any encoder keeping the spec).
pub fn read_vendor_set(reader: &mut BitReader) -> Result<BTreeSet<VendorId>, BitsError> {
    let max_id = reader.read(ID_BITS)? as VendorId;
    let mut ids = BTreeSet::new();
    if reader.read_bool()? {
        for _ in 0..reader.read(COUNT_BITS)? {
            let is_range = reader.read_bool()?;
            let start = reader.read(ID_BITS)? as VendorId;
            let end = if is_range { reader.read(ID_BITS)? as VendorId } else { start };
            ids.extend(start..=end);
        }
    } else {
        for id in 1..=max_id {
            if reader.read_bool()? {
                ids.insert(id);
            }
        }
    }
    Ok(ids)
}

/// The set as runs of consecutive ids, `(first, last)`.
fn runs(ids: &BTreeSet<VendorId>) -> Vec<(VendorId, VendorId)> {
    let mut runs: Vec<(VendorId, VendorId)> = Vec::new();
    for &id in ids {
        match runs.last_mut() {
            Some((_, end)) if end.checked_add(1) == Some(id) => *end = id,
            _ => runs.push((id, id)),
        }
    }
    runs
}

/// The Range Section's size: NumEntries, then 17 bits a single id and 33 a range.
fn range_bits(runs: &[(VendorId, VendorId)]) -> usize {
    COUNT_BITS as usize + runs.iter().map(|(start, end)| if start == end { 1 + 16 } else { 1 + 16 + 16 }).sum::<usize>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn written(ids: &[VendorId]) -> BitWriter {
        let mut writer = BitWriter::new();
        write_vendor_set(&mut writer, &ids.iter().copied().collect());
        writer
    }

    #[test]
    fn a_few_low_ids_are_a_bit_field() {
        // 16 + 1 + 10 bits, against 16 + 1 + 12 + 2 × 17 for the ranges.
        assert_eq!(written(&[2, 10]).len(), 27);
    }

    #[test]
    fn a_long_run_is_one_range() {
        // 16 + 1 + 12 + 33 bits, against 16 + 1 + 755 for the bit field.
        assert_eq!(written(&[1, 2, 3, 755]).len(), 16 + 1 + 12 + 33 + 17);
        assert_eq!(written(&(100..=755).collect::<Vec<_>>()).len(), 16 + 1 + 12 + 33);
    }

    #[test]
    fn an_empty_set_is_an_empty_bit_field() {
        assert_eq!(written(&[]).len(), 17);
    }

    proptest! {
        /// Any set reads back as itself, in no more bits than the shorter of the two encodings.
        #[test]
        fn sets_round_trip_in_the_shorter_form(ids in proptest::collection::btree_set(1u16..=2000, 0..60)) {
            let mut writer = BitWriter::new();
            write_vendor_set(&mut writer, &ids);
            let max_id = usize::from(ids.last().copied().unwrap_or(0));
            prop_assert!(writer.len() <= 17 + max_id.min(range_bits(&runs(&ids))));
            let mut reader = BitReader::from_base64url(&writer.to_base64url()).unwrap();
            prop_assert_eq!(read_vendor_set(&mut reader).unwrap(), ids);
        }
    }
}
