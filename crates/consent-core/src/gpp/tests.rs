//! Whole GPP strings: the spec's examples read, what GPC does to the opt-outs, and property tests that whatever the
//! sections hold, the string reads back as written.

use proptest::prelude::*;

use super::choice::{usca, usnat};
use super::subsection::MspaFields;
use super::values::TwoBits;
use super::*;
use crate::config::tests::demo_config;
use crate::decision::Decision;

const SPEC_TC_STRING: &str = "CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA";

fn selling_site() -> UsDisclosures {
    UsDisclosures { sells: true, shares: true, targeted_advertising: true, mspa: Mspa::OptOutOptionMode }
}

#[test]
fn the_spec_example_string_carries_its_tc_string_through() {
    // "GPP String Example 1".
    let gpp = decode_gpp_string(&format!("DBABM~{SPEC_TC_STRING}")).unwrap();
    assert_eq!(gpp, GppString { tcf_eu: Some(SPEC_TC_STRING.into()), ..GppString::default() });
    // Written again, only the header's filler differs (see header.rs).
    assert_eq!(gpp.encode().unwrap(), format!("DBABMA~{SPEC_TC_STRING}"));
}

#[test]
fn gpc_opts_out_of_sale_sharing_and_targeted_advertising() {
    let choice = UsChoice { gpc: true, ..UsChoice::default() };
    let nat = usnat(&selling_site(), &choice);
    assert_eq!(
        [nat.sale_opt_out, nat.sharing_opt_out, nat.targeted_advertising_opt_out],
        [OptOut::OptedOut; 3],
        "GPC alone is an opt-out"
    );
    assert_eq!(nat.gpc, Some(true));
    let ca = usca(&selling_site(), &choice);
    assert_eq!([ca.sale_opt_out, ca.sharing_opt_out], [OptOut::OptedOut; 2]);
    assert_eq!(ca.gpc, Some(true));

    let without = usnat(&selling_site(), &UsChoice::default());
    assert_eq!(
        [without.sale_opt_out, without.sharing_opt_out, without.targeted_advertising_opt_out],
        [OptOut::DidNotOptOut; 3]
    );
    assert_eq!(without.gpc, Some(false));
}

#[test]
fn each_opt_out_is_its_own_field() {
    let choice = UsChoice { sale_opt_out: true, ..UsChoice::default() };
    let nat = usnat(&selling_site(), &choice);
    assert_eq!(nat.sale_opt_out, OptOut::OptedOut);
    assert_eq!(nat.sharing_opt_out, OptOut::DidNotOptOut);
    assert_eq!(nat.targeted_advertising_opt_out, OptOut::DidNotOptOut);
    // California has no targeted-advertising field: opting out of it opts out of CPRA "sharing".
    let ca = usca(&selling_site(), &UsChoice { targeted_advertising_opt_out: true, ..UsChoice::default() });
    assert_eq!([ca.sale_opt_out, ca.sharing_opt_out], [OptOut::DidNotOptOut, OptOut::OptedOut]);
}

#[test]
fn a_site_that_does_not_sell_gives_no_sale_notice_and_no_opt_out() {
    let site = UsDisclosures { sells: false, shares: true, targeted_advertising: false, mspa: Mspa::NotCovered };
    let nat = usnat(&site, &UsChoice { gpc: true, ..UsChoice::default() });
    assert_eq!(nat.sale_opt_out_notice, Notice::NotApplicable);
    assert_eq!(nat.sale_opt_out, OptOut::NotApplicable);
    assert_eq!(nat.sharing_opt_out, OptOut::OptedOut);
    assert_eq!(nat.targeted_advertising_opt_out, OptOut::NotApplicable);
    assert!(!nat.mspa.covered_transaction);
    assert_eq!(nat.mspa.opt_out_option_mode, MspaFlag::NotApplicable);
}

#[test]
fn the_config_and_decisions_give_the_disclosures_and_opt_outs() {
    let config = demo_config();
    let site = UsDisclosures::from_config(&config, Mspa::NotCovered);
    assert!(site.sells && site.shares && site.targeted_advertising, "the demo has a marketing category");
    let mut decisions = crate::choice::Choice::AcceptAll.decide(&config);
    assert!(!UsChoice::from_decisions(&config, &decisions, false).sale_opt_out);
    decisions.insert(crate::id::CategoryId::try_from("marketing".to_string()).unwrap(), Decision::Denied);
    let choice = UsChoice::from_decisions(&config, &decisions, false);
    assert!(choice.sale_opt_out && choice.sharing_opt_out && choice.targeted_advertising_opt_out);
}

#[test]
fn a_california_visitor_with_gpc_reads_back_opted_out() {
    let choice = UsChoice { gpc: true, ..UsChoice::default() };
    let gpp = GppString {
        tcf_eu: None,
        usnat: Some(usnat(&selling_site(), &choice)),
        usca: Some(usca(&selling_site(), &choice)),
    };
    let text = gpp.encode().unwrap();
    // Header: type 3, version 1, sections 7 and 8 as one Fibonacci run; then usnat and usca, each with a GPC
    // sub-section whose one bit is set (`.YA`: 01 1 and filler).
    assert_eq!(text.split('~').count(), 3);
    assert!(text.split('~').skip(1).all(|section| section.ends_with(".YA")), "{text}");
    let decoded = decode_gpp_string(&text).unwrap();
    assert_eq!(decoded, gpp);
    assert_eq!(decoded.usca.unwrap().sale_opt_out, OptOut::OptedOut);
}

#[test]
fn bad_strings_are_refused_with_the_reason() {
    assert_eq!(
        decode_gpp_string("DBABM").unwrap_err(),
        GppDecodeError::SectionCount { listed: 1, found: 0 },
        "the header lists a section that is missing"
    );
    // A usnat section of version 1 (its first six bits 000001, "B"): this crate reads only the version it writes.
    let header = header::encode_header(&[7]);
    let version_1 = format!("{header}~BVVVVVVVVWA");
    assert!(matches!(
        decode_gpp_string(&version_1).unwrap_err(),
        GppDecodeError::Section { section: "usnat", error: subsection::SectionError::Version { found: 1, .. } }
    ));
    assert_eq!(
        GppString { tcf_eu: Some("a~b".into()), ..GppString::default() }.encode().unwrap_err(),
        GppEncodeError::TcString("a~b".into())
    );
    assert_eq!(
        decode_gpp_string(&header::encode_header(&[6])).unwrap_err(),
        GppDecodeError::SectionCount { listed: 1, found: 0 }
    );
    assert_eq!(
        decode_gpp_string(&format!("{}~1YNN", header::encode_header(&[6]))).unwrap_err(),
        GppDecodeError::UnknownSection(6)
    );
}

fn two_bits<T: TwoBits + std::fmt::Debug>() -> impl Strategy<Value = T> {
    (0u64..3).prop_map(|bits| T::from_bits(bits).unwrap())
}

prop_compose! {
    fn any_usnat()(
        notices in proptest::array::uniform6(two_bits::<Notice>()),
        opt_outs in proptest::array::uniform3(two_bits::<OptOut>()),
        sensitive in proptest::array::uniform16(two_bits::<Consent>()),
        child in proptest::array::uniform3(two_bits::<Consent>()),
        personal in two_bits::<Consent>(),
        covered in any::<bool>(),
        modes in proptest::array::uniform2(two_bits::<MspaFlag>()),
        gpc in proptest::option::of(any::<bool>()),
    ) -> UsNat {
        UsNat {
            sharing_notice: notices[0],
            sale_opt_out_notice: notices[1],
            sharing_opt_out_notice: notices[2],
            targeted_advertising_opt_out_notice: notices[3],
            sensitive_data_processing_opt_out_notice: notices[4],
            sensitive_data_limit_use_notice: notices[5],
            sale_opt_out: opt_outs[0],
            sharing_opt_out: opt_outs[1],
            targeted_advertising_opt_out: opt_outs[2],
            sensitive_data_processing: sensitive,
            known_child_sensitive_data_consents: child,
            personal_data_consents: personal,
            mspa: MspaFields { covered_transaction: covered, opt_out_option_mode: modes[0], service_provider_mode: modes[1] },
            gpc,
        }
    }
}

prop_compose! {
    fn any_usca()(
        notices in proptest::array::uniform3(two_bits::<Notice>()),
        opt_outs in proptest::array::uniform2(two_bits::<OptOut>()),
        sensitive in proptest::array::uniform9(two_bits::<OptOut>()),
        child in proptest::array::uniform2(two_bits::<Consent>()),
        personal in two_bits::<Consent>(),
        covered in any::<bool>(),
        modes in proptest::array::uniform2(two_bits::<MspaFlag>()),
        gpc in proptest::option::of(any::<bool>()),
    ) -> UsCa {
        UsCa {
            sale_opt_out_notice: notices[0],
            sharing_opt_out_notice: notices[1],
            sensitive_data_limit_use_notice: notices[2],
            sale_opt_out: opt_outs[0],
            sharing_opt_out: opt_outs[1],
            sensitive_data_processing: sensitive,
            known_child_sensitive_data_consents: child,
            personal_data_consents: personal,
            mspa: MspaFields { covered_transaction: covered, opt_out_option_mode: modes[0], service_provider_mode: modes[1] },
            gpc,
        }
    }
}

proptest! {
    /// Whatever the sections hold, the string reads back as written, its header listing exactly them.
    #[test]
    fn gpp_strings_round_trip(
        tcf_eu in proptest::option::of("[A-Za-z0-9_-]{1,40}(\\.[A-Za-z0-9_-]{1,20}){0,2}"),
        usnat in proptest::option::of(any_usnat()),
        usca in proptest::option::of(any_usca()),
    ) {
        let gpp = GppString { tcf_eu, usnat, usca };
        let text = gpp.encode().unwrap();
        prop_assert_eq!(text.split('~').count(), 1 + gpp.section_ids().len());
        prop_assert_eq!(header::decode_header(text.split('~').next().unwrap()).unwrap(), gpp.section_ids());
        prop_assert_eq!(decode_gpp_string(&text).unwrap(), gpp);
    }

    /// Whatever the visitor chose, GPC leaves every applicable opt-out "opted out"; without it, each opt-out is
    /// the visitor's own.
    #[test]
    fn gpc_always_wins(sale in any::<bool>(), sharing in any::<bool>(), targeted in any::<bool>(), gpc in any::<bool>()) {
        let choice = UsChoice { sale_opt_out: sale, sharing_opt_out: sharing, targeted_advertising_opt_out: targeted, gpc };
        let nat = usnat(&selling_site(), &choice);
        let expect = |chosen: bool| if chosen || gpc { OptOut::OptedOut } else { OptOut::DidNotOptOut };
        prop_assert_eq!(nat.sale_opt_out, expect(sale));
        prop_assert_eq!(nat.sharing_opt_out, expect(sharing));
        prop_assert_eq!(nat.targeted_advertising_opt_out, expect(targeted));
        prop_assert_eq!(usca(&selling_site(), &choice).sharing_opt_out, expect(sharing || targeted));
    }
}
