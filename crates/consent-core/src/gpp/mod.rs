//! IAB Tech Lab's Global Privacy Platform (GPP) string: one string carrying the privacy signals of every region a
//! visitor's choice is under, read by the ad tech a US site works with (spec: "Consent String Specification" and the
//! sections' technical specifications, InteractiveAdvertisingBureau/Global-Privacy-Platform).
//!
//! - [`fibonacci`] holds the Fibonacci-coded integers and ranges the header is written in;
//! - [`header`] is the header (type 3, version 1, the section ids);
//! - [`values`] holds the two-bit values every US section is made of (notice given, opted out, consent);
//! - [`usnat`] is the MSPA US National section (id 7) and [`usca`] the California section (id 8), with the GPC
//!   sub-section both have in [`subsection`];
//! - [`choice`] turns what the site discloses and what the visitor chose (Global Privacy Control included) into
//!   those sections;
//! - [`string`] joins the header and the sections, the TCF EU section (id 2) carried through as it is, and reads a
//!   GPP string back;
//! - [`visitor`] picks the sections a visitor's string carries, from the regime and jurisdiction that apply.
//!
//! Written by hand on the TC string's bit writer ([`crate::tcf::bits`]), for the same reason: this runs in the
//! banner's WASM.

pub mod choice;
pub mod fibonacci;
pub mod header;
pub mod string;
pub mod subsection;
pub mod usca;
pub mod usnat;
pub mod values;
pub mod visitor;

pub use choice::{Mspa, UsChoice, UsDisclosures};
pub use string::{decode_gpp_string, GppDecodeError, GppEncodeError, GppString};
pub use subsection::MspaFields;
pub use usca::UsCa;
pub use usnat::UsNat;
pub use values::{Consent, MspaFlag, Notice, OptOut};
pub use visitor::gpp_for_visitor;

#[cfg(test)]
mod tests;
