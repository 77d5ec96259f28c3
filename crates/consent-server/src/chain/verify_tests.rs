use super::*;
use crate::fixture::stored_row;

/// A well-formed chain of `n` records.
fn chain(n: i64) -> Vec<LoggedRow> {
    let mut prev = GENESIS_HASH.to_owned();
    (1..=n)
        .map(|seq| {
            let logged = stored_row(seq.unsigned_abs()).link(seq, prev.clone());
            prev = logged.link.record_hash.clone();
            logged
        })
        .collect()
}

fn head_of(records: &[LoggedRow]) -> Option<(i64, String)> {
    records.last().map(|r| (r.link.seq, r.link.record_hash.clone()))
}

fn verify(records: &[LoggedRow], head: Option<(i64, String)>) -> Result<Summary, Break> {
    let mut verifier = Verifier::new(None, head);
    for record in records {
        verifier.check(record)?;
    }
    verifier.finish("demo-shop")
}

#[test]
fn an_untouched_chain_is_intact() {
    let records = chain(5);
    let summary = verify(&records, head_of(&records)).unwrap();
    assert_eq!((summary.records, summary.last_seq), (5, 5));
}

#[test]
fn an_edited_field_is_found_at_its_record() {
    let mut records = chain(5);
    let head = head_of(&records);
    records[2].row.action = "reject_all".into();
    assert_eq!(verify(&records, head), Err(Break::Edited { seq: 3 }));
}

#[test]
fn an_edit_with_a_recomputed_hash_is_found_by_the_next_link() {
    let mut records = chain(5);
    let head = head_of(&records);
    records[2].row.ip_truncated = "198.51.100.0".into();
    records[2] = records[2].row.clone().link(3, records[2].link.prev_hash.clone());
    assert_eq!(verify(&records, head), Err(Break::Rehashed { seq: 3 }));
}

#[test]
fn a_deleted_record_leaves_a_gap() {
    let mut records = chain(5);
    let head = head_of(&records);
    records.remove(1);
    assert_eq!(verify(&records, head), Err(Break::Deleted { seq: 2, through: 2 }));
}

#[test]
fn a_deleted_record_is_found_even_if_the_rest_was_renumbered() {
    let mut records = chain(5);
    let head = head_of(&records);
    records.remove(1);
    for record in &mut records[1..] {
        record.link.seq -= 1;
    }
    assert_eq!(verify(&records, head), Err(Break::DeletedRenumbered { seq: 2 }));
}

#[test]
fn the_last_record_deleted_is_found_by_the_head() {
    let mut records = chain(5);
    let head = head_of(&records);
    records.pop();
    assert_eq!(verify(&records, head), Err(Break::TailDeleted { seq: 5, head: 5 }));
}

#[test]
fn a_record_slotted_in_is_found_at_its_place() {
    let mut records = chain(5);
    let head = head_of(&records);
    let forged = stored_row(99).link(3, records[1].link.record_hash.clone());
    for record in &mut records[2..] {
        record.link.seq += 1;
    }
    records.insert(2, forged);
    assert_eq!(verify(&records, head), Err(Break::Inserted { seq: 3 }));
}

#[test]
fn a_record_appended_behind_the_heads_back_is_found() {
    let mut records = chain(5);
    let head = head_of(&records);
    let forged = stored_row(99).link(6, records[4].link.record_hash.clone());
    records.push(forged);
    assert_eq!(verify(&records, head), Err(Break::InsertedPastHead { seq: 6, head: 5 }));
}

#[test]
fn a_chain_restarts_at_its_checkpoint() {
    let records = chain(5);
    let start = Some((2, records[1].link.record_hash.clone()));
    let mut verifier = Verifier::new(start, head_of(&records));
    for record in &records[2..] {
        verifier.check(record).unwrap();
    }
    let summary = verifier.finish("demo-shop").unwrap();
    assert_eq!((summary.records, summary.start_seq), (3, 2));
    assert!(summary.to_string().contains("records up to 2 were purged"), "{summary}");
}

proptest::proptest! {
    /// A live log is read as it stood at one moment (a snapshot): whatever length it had then, its records up to
    /// the head of that moment verify intact, with every one of them counted.
    #[test]
    fn a_chain_read_at_any_moment_of_its_growth_is_intact(len in 0i64..60) {
        let records = chain(len);
        let summary = verify(&records, head_of(&records));
        proptest::prop_assert_eq!(summary.map(|s| (s.records, s.last_seq)), Ok((len as u64, len)));
    }

    /// Whatever single change is made to a chain of any length, verification reports the record it was made at.
    #[test]
    fn any_single_tampering_is_reported_at_its_record(len in 2i64..40, at in 0i64..40, kind in 0u8..4) {
        let at = at % len;
        let mut records = chain(len);
        let head = head_of(&records);
        let seq = at + 1;
        let expected = match kind {
            0 => {
                records[at as usize].row.page_url.push('x');
                Break::Edited { seq }
            }
            1 => {
                records.remove(at as usize);
                if at == len - 1 { Break::TailDeleted { seq, head: len } } else { Break::Deleted { seq, through: seq } }
            }
            2 => {
                let prev = if at == 0 { GENESIS_HASH.to_owned() } else { records[at as usize - 1].link.record_hash.clone() };
                for record in &mut records[at as usize..] {
                    record.link.seq += 1;
                }
                records.insert(at as usize, stored_row(1000).link(seq, prev));
                Break::Inserted { seq }
            }
            _ => {
                let original = records[at as usize].clone();
                let mut edited = original.row.clone();
                edited.received_at_ms += 1;
                records[at as usize] = edited.link(seq, original.link.prev_hash);
                if at == len - 1 { Break::HeadMismatch { seq } } else { Break::Rehashed { seq } }
            }
        };
        proptest::prop_assert_eq!(verify(&records, head), Err(expected));
    }
}

#[test]
fn breaks_name_their_record() {
    assert_eq!(Break::Deleted { seq: 7, through: 9 }.to_string(), "records 7 to 9 are missing (deleted)");
    assert_eq!(Break::Edited { seq: 4 }.seq(), 4);
}
