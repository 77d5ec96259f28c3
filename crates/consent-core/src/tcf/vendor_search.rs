//! Finding vendors of the Global Vendor List by name or id, for the product team choosing a site's vendors: the real
//! list has about a thousand, and a team knows them by name ("Google", "Criteo"), not by id.

use super::gvl::{Gvl, Vendor};

/// The vendors a team may choose whose name holds every word of `query` (case-insensitive) or whose id `query` is,
/// at most `limit`: the id's vendor first, then names starting with the query, then the others, each by name.
/// Deleted vendors are left out: a deleted vendor "MUST NOT be established to users", so a site cannot add one. An
/// empty query finds nothing (the whole list is not a useful answer).
pub fn search<'a>(gvl: &'a Gvl, query: &str, limit: usize) -> Vec<&'a Vendor> {
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return Vec::new();
    }
    let words: Vec<&str> = query.split_whitespace().collect();
    let by_id = query.parse::<u16>().ok();
    let mut found: Vec<(u8, String, &Vendor)> = gvl
        .vendors
        .values()
        .filter(|vendor| !vendor.is_deleted())
        .filter_map(|vendor| {
            let name = vendor.name.to_lowercase();
            let rank = if by_id == Some(vendor.id) {
                0
            } else if name.starts_with(&query) {
                1
            } else if words.iter().all(|word| name.contains(word)) {
                2
            } else {
                return None;
            };
            Some((rank, name, vendor))
        })
        .collect();
    found.sort_by(|a, b| (a.0, &a.1, a.2.id).cmp(&(b.0, &b.1, b.2.id)));
    found.into_iter().take(limit).map(|(_, _, vendor)| vendor).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gvl() -> Gvl {
        Gvl::from_json(include_str!("../../tests/fixtures/vendor-list.json")).unwrap()
    }

    fn names(found: &[&Vendor]) -> Vec<String> {
        found.iter().map(|vendor| vendor.name.clone()).collect()
    }

    #[test]
    fn a_name_is_found_by_any_of_its_words_in_any_case() {
        let gvl = gvl();
        assert_eq!(names(&search(&gvl, "ads", 10)), ["Interest Ads"]);
        assert_eq!(names(&search(&gvl, "  MEDIA big ", 10)), ["Big Id Media"]);
        assert_eq!(search(&gvl, "nothing like it", 10), Vec::<&Vendor>::new());
    }

    #[test]
    fn names_starting_with_the_query_come_first_then_the_rest_by_name() {
        let gvl = gvl();
        // "Interest Ads" starts with "in"; "Fingerprint Content" and "Geo Targeting" hold it inside a word.
        assert_eq!(names(&search(&gvl, "in", 10)), ["Interest Ads", "Fingerprint Content", "Geo Targeting"]);
        assert_eq!(search(&gvl, "f", 2).len(), 2);
    }

    #[test]
    fn an_id_finds_its_vendor_first() {
        let gvl = gvl();
        assert_eq!(search(&gvl, "755", 10)[0].id, 755);
    }

    #[test]
    fn a_deleted_vendor_cannot_be_found_and_an_empty_query_finds_nothing() {
        let gvl = gvl();
        assert_eq!(search(&gvl, "departed", 10), Vec::<&Vendor>::new());
        assert_eq!(search(&gvl, "5", 10).iter().filter(|v| v.id == 5).count(), 0);
        assert_eq!(search(&gvl, "   ", 10), Vec::<&Vendor>::new());
    }
}
