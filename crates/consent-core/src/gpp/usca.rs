//! The California section (GPP section id 8, API prefix `usca`), version 1: CCPA/CPRA notices and opt-outs of sale
//! and sharing, the opt-outs of sensitive-data use, known-child consents, the MSPA declarations and the GPC
//! sub-section ("GPP Extension: California Privacy Technical Specification", the Core Sub-section table, fields in
//! that order). California has no targeted-advertising field: CPRA calls it "sharing".

use super::subsection::{self, MspaFields, SectionError};
use super::values::{self, Consent, Notice, OptOut};

/// The section's id in the GPP header.
pub const SECTION_ID: u64 = 8;
/// The section version written.
pub const VERSION: u64 = 1;

/// The `usca` section's fields.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UsCa {
    /// SaleOptOutNotice.
    pub sale_opt_out_notice: Notice,
    /// SharingOptOutNotice.
    pub sharing_opt_out_notice: Notice,
    /// SensitiveDataLimitUseNotice.
    pub sensitive_data_limit_use_notice: Notice,
    /// SaleOptOut.
    pub sale_opt_out: OptOut,
    /// SharingOptOut.
    pub sharing_opt_out: OptOut,
    /// SensitiveDataProcessing: opt-outs of the use of each of the 9 kinds of sensitive personal information.
    pub sensitive_data_processing: [OptOut; 9],
    /// KnownChildSensitiveDataConsents: to sell or share the data of consumers under 13, and of 13 to 16.
    pub known_child_sensitive_data_consents: [Consent; 2],
    /// PersonalDataConsents.
    pub personal_data_consents: Consent,
    /// MspaCoveredTransaction, MspaOptOutOptionMode and MspaServiceProviderMode.
    #[serde(flatten)]
    pub mspa: MspaFields,
    /// The GPC sub-section's Gpc; `None` leaves the sub-section out.
    pub gpc: Option<bool>,
}

impl UsCa {
    /// The section's text: the core sub-section and, when GPC is known, `.` and the GPC sub-section.
    pub fn encode(&self) -> String {
        let mut bits = subsection::start(VERSION);
        for notice in [self.sale_opt_out_notice, self.sharing_opt_out_notice, self.sensitive_data_limit_use_notice] {
            values::write(&mut bits, notice);
        }
        for opt_out in [self.sale_opt_out, self.sharing_opt_out].iter().chain(&self.sensitive_data_processing) {
            values::write(&mut bits, *opt_out);
        }
        for consent in self.known_child_sensitive_data_consents.iter().chain([&self.personal_data_consents]) {
            values::write(&mut bits, *consent);
        }
        subsection::finish(bits, self.mspa, self.gpc)
    }

    /// Reads the section's text back.
    pub fn decode(text: &str) -> Result<Self, SectionError> {
        let (mut bits, gpc) = subsection::open(text, VERSION)?;
        let bits = &mut bits;
        Ok(UsCa {
            sale_opt_out_notice: values::read(bits, "SaleOptOutNotice")?,
            sharing_opt_out_notice: values::read(bits, "SharingOptOutNotice")?,
            sensitive_data_limit_use_notice: values::read(bits, "SensitiveDataLimitUseNotice")?,
            sale_opt_out: values::read(bits, "SaleOptOut")?,
            sharing_opt_out: values::read(bits, "SharingOptOut")?,
            sensitive_data_processing: values::read_list(bits, "SensitiveDataProcessing")?,
            known_child_sensitive_data_consents: values::read_list(bits, "KnownChildSensitiveDataConsents")?,
            personal_data_consents: values::read(bits, "PersonalDataConsents")?,
            mspa: subsection::read_mspa(bits)?,
            gpc,
        })
    }
}
