//! IAB Europe's Transparency & Consent Framework, version 2.3: what an ad-funded site's banner must disclose and the
//! TC string that records the visitor's choice for the vendors (spec: IAB Tech Lab, "Consent string and vendor list
//! formats v2", TCF 2.3).
//!
//! - [`additional_consent`] writes Google's Additional Consent string for Google's ad tech providers outside the list,
//!   and [`ac_string`] reads one back;
//! - [`gvl`] reads the Global Vendor List (v3) and [`gvl_check`] holds its rules;
//! - [`config`] is the site config's `"tcf"` section (the CMP id, the vendors and the publisher's [`restriction`]s,
//!   whose effect on the vendors is [`restriction_effect`]);
//! - [`disclosure`] works out what those vendors make the site disclose, with the stacks from [`stacks`];
//! - [`first_layer`] is what the first layer states about them;
//! - [`choice`] is the visitor's choice (accept all, reject all, custom), and [`answer`] what each banner answer
//!   means for it;
//! - [`terms`] is what a TC string of the site may record (the banner gets it in the vendor layer's file);
//! - [`tc_string`] writes the TC string, from [`bits`] and [`vendor_set`]; [`decode`] reads one back;
//! - [`translation`] reads IAB's translations of the list's texts, and [`vendor_list`] holds the list with them and
//!   checks a site's `tcf` section against it; [`vendor_layer`] is the site's vendors as the vendor layer lists them;
//! - [`retention`] is how long each vendor keeps data per purpose, where it differs from its standard period;
//! - [`vendor_search`] finds vendors by name or id for the console;
//! - [`record_strings`] checks the TC and AC strings a consent record carries.

pub mod ac_string;
pub mod additional_consent;
pub mod answer;
pub mod bits;
pub mod choice;
pub mod config;
pub mod decode;
pub mod disclosure;
pub mod first_layer;
pub mod gvl;
pub mod gvl_check;
pub mod record_strings;
pub mod restriction;
pub mod restriction_effect;
pub mod retention;
pub mod stacks;
pub mod tc_string;
pub mod terms;
pub mod translation;
pub mod vendor_layer;
pub mod vendor_list;
pub mod vendor_search;
pub mod vendor_set;

pub use ac_string::{AcString, AcStringError};
pub use additional_consent::{AcChoiceError, AtpId, GoogleAdTechProvider};
pub use answer::{ac_string_for_answer, keeps_standing_tc_string, tc_string_for_answer, Answered};
pub use choice::{TcfChoice, TcfChoiceError};
pub use config::{CountryCode, TcfConfig};
pub use decode::{decode_tc_string, DecodeError, DecodedTcString};
pub use disclosure::{Disclosure, DisclosureError};
pub use first_layer::FirstLayerTcf;
pub use gvl::{Gvl, GvlError, Vendor, VendorId};
pub use restriction::{Restriction, RestrictionConfig, RestrictionType};
pub use tc_string::{encode_tc_string, ConsentLanguage, ConsentScreen, TcStringContext};
pub use terms::{LegitimateInterest, TcTerms, TcTermsError, VendorTerms};
pub use translation::GvlTranslation;
pub use vendor_layer::VendorLayer;
pub use vendor_list::{check_site, VendorList};

/// A set built by inserting one id at a time. `collect()` into a `BTreeSet` sorts first, and each element type's sort
/// costs the banner's WebAssembly kilobytes; the banner writes TC strings with this module, so its sets are built so.
pub(crate) fn inserted<T: Ord>(ids: impl IntoIterator<Item = T>) -> std::collections::BTreeSet<T> {
    let mut set = std::collections::BTreeSet::new();
    set.extend(ids);
    set
}

#[cfg(test)]
mod restriction_tests;
#[cfg(test)]
mod tests;
