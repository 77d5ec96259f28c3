//! The MSPA US National section (GPP section id 7, API prefix `usnat`), version 2: the notices a US site gave, the
//! visitor's opt-outs of sale, sharing and targeted advertising, consents for sensitive and known-child data, the
//! MSPA declarations and the GPC sub-section ("IAB Privacy's Multi-State Privacy Agreement (MSPA) US National
//! Technical Specification", the Core Segment table, fields in that order).

use super::subsection::{self, MspaFields, SectionError};
use super::values::{self, Consent, Notice, OptOut};

/// The section's id in the GPP header.
pub const SECTION_ID: u64 = 7;
/// The section version written: 2, which added the states of the Second Amended MSPA (October 2024) and widened
/// SensitiveDataProcessing to 16 entries and KnownChildSensitiveDataConsents to 3.
pub const VERSION: u64 = 2;

/// The `usnat` section's fields.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct UsNat {
    /// SharingNotice: the notice describing the processing of personal information (the privacy notice).
    pub sharing_notice: Notice,
    /// SaleOptOutNotice: notice of the right to opt out of sale.
    pub sale_opt_out_notice: Notice,
    /// SharingOptOutNotice: notice of the right to opt out of sharing (cross-context behavioural advertising).
    pub sharing_opt_out_notice: Notice,
    /// TargetedAdvertisingOptOutNotice: notice of the right to opt out of targeted advertising.
    pub targeted_advertising_opt_out_notice: Notice,
    /// SensitiveDataProcessingOptOutNotice.
    pub sensitive_data_processing_opt_out_notice: Notice,
    /// SensitiveDataLimitUseNotice.
    pub sensitive_data_limit_use_notice: Notice,
    /// SaleOptOut.
    pub sale_opt_out: OptOut,
    /// SharingOptOut.
    pub sharing_opt_out: OptOut,
    /// TargetedAdvertisingOptOut.
    pub targeted_advertising_opt_out: OptOut,
    /// SensitiveDataProcessing: consent for each of the 16 kinds of sensitive data, in the spec's order.
    pub sensitive_data_processing: [Consent; 16],
    /// KnownChildSensitiveDataConsents: ages 13 to 16, under 13, 16 to 17.
    pub known_child_sensitive_data_consents: [Consent; 3],
    /// PersonalDataConsents: consent to processing beyond the secondary-use limits.
    pub personal_data_consents: Consent,
    /// MspaCoveredTransaction, MspaOptOutOptionMode and MspaServiceProviderMode.
    #[serde(flatten)]
    pub mspa: MspaFields,
    /// The GPC sub-section's Gpc: whether the browser sent Global Privacy Control; `None` leaves the sub-section out.
    pub gpc: Option<bool>,
}

impl UsNat {
    /// The section's text: the core segment and, when GPC is known, `.` and the GPC sub-section.
    pub fn encode(&self) -> String {
        let mut bits = subsection::start(VERSION);
        for notice in [
            self.sharing_notice,
            self.sale_opt_out_notice,
            self.sharing_opt_out_notice,
            self.targeted_advertising_opt_out_notice,
            self.sensitive_data_processing_opt_out_notice,
            self.sensitive_data_limit_use_notice,
        ] {
            values::write(&mut bits, notice);
        }
        for opt_out in [self.sale_opt_out, self.sharing_opt_out, self.targeted_advertising_opt_out] {
            values::write(&mut bits, opt_out);
        }
        for consent in self.sensitive_data_processing.iter().chain(&self.known_child_sensitive_data_consents) {
            values::write(&mut bits, *consent);
        }
        values::write(&mut bits, self.personal_data_consents);
        subsection::finish(bits, self.mspa, self.gpc)
    }

    /// Reads the section's text back.
    pub fn decode(text: &str) -> Result<Self, SectionError> {
        let (mut bits, gpc) = subsection::open(text, VERSION)?;
        let bits = &mut bits;
        Ok(UsNat {
            sharing_notice: values::read(bits, "SharingNotice")?,
            sale_opt_out_notice: values::read(bits, "SaleOptOutNotice")?,
            sharing_opt_out_notice: values::read(bits, "SharingOptOutNotice")?,
            targeted_advertising_opt_out_notice: values::read(bits, "TargetedAdvertisingOptOutNotice")?,
            sensitive_data_processing_opt_out_notice: values::read(bits, "SensitiveDataProcessingOptOutNotice")?,
            sensitive_data_limit_use_notice: values::read(bits, "SensitiveDataLimitUseNotice")?,
            sale_opt_out: values::read(bits, "SaleOptOut")?,
            sharing_opt_out: values::read(bits, "SharingOptOut")?,
            targeted_advertising_opt_out: values::read(bits, "TargetedAdvertisingOptOut")?,
            sensitive_data_processing: values::read_list(bits, "SensitiveDataProcessing")?,
            known_child_sensitive_data_consents: values::read_list(bits, "KnownChildSensitiveDataConsents")?,
            personal_data_consents: values::read(bits, "PersonalDataConsents")?,
            mspa: subsection::read_mspa(bits)?,
            gpc,
        })
    }
}
