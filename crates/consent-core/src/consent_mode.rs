//! Google Consent Mode v2: the seven consent types Google's tags read, and their state.

use serde::{Deserialize, Serialize};

/// One of the seven Consent Mode v2 types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentModeType {
    AdStorage,
    AdUserData,
    AdPersonalization,
    AnalyticsStorage,
    FunctionalityStorage,
    PersonalizationStorage,
    SecurityStorage,
}

impl ConsentModeType {
    /// All seven, in the order Google documents them.
    pub const ALL: [ConsentModeType; 7] = [
        ConsentModeType::AdStorage,
        ConsentModeType::AdUserData,
        ConsentModeType::AdPersonalization,
        ConsentModeType::AnalyticsStorage,
        ConsentModeType::FunctionalityStorage,
        ConsentModeType::PersonalizationStorage,
        ConsentModeType::SecurityStorage,
    ];

    /// The name gtag expects (`ad_storage` …).
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentModeType::AdStorage => "ad_storage",
            ConsentModeType::AdUserData => "ad_user_data",
            ConsentModeType::AdPersonalization => "ad_personalization",
            ConsentModeType::AnalyticsStorage => "analytics_storage",
            ConsentModeType::FunctionalityStorage => "functionality_storage",
            ConsentModeType::PersonalizationStorage => "personalization_storage",
            ConsentModeType::SecurityStorage => "security_storage",
        }
    }
}
