//! What `POST /v1/policy/import` answers, as the console's Policy card reads it: the imported policy's title,
//! effective date and outline, the tracking technologies it mentions, and the consent categories its text supports,
//! with the words the card shows for each. Only the fields the card shows are read; the rest is left to the endpoint.

use serde::Deserialize;

/// An imported policy and what was found in it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct PolicyReport {
    /// The policy's title, when it has one.
    #[serde(default)]
    pub title: Option<String>,
    /// The effective date as the policy writes it.
    #[serde(default)]
    pub effective_date: Option<String>,
    /// The top-level sections, each with its own.
    #[serde(default)]
    pub sections: Vec<SectionOutline>,
    /// The tracking technologies mentioned.
    #[serde(default)]
    pub tracking: Vec<TrackingMention>,
    /// Category ids the policy's purposes support (`analytics`, `social_media` …).
    #[serde(default)]
    pub suggested_categories: Vec<String>,
    /// The section about cookies and similar technologies.
    #[serde(default)]
    pub cookie_section_id: Option<String>,
}

/// A section's place in the outline.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SectionOutline {
    /// Its id (an anchor).
    pub id: String,
    /// Its heading, as text.
    pub heading: String,
    /// Its subsections.
    #[serde(default)]
    pub sections: Vec<SectionOutline>,
}

/// A tracking technology the policy mentions, and where.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TrackingMention {
    /// consent-policy-import's name for it (`web_beacons`).
    pub technology: String,
    /// The headings of the sections that mention it.
    #[serde(default)]
    pub section_headings: Vec<String>,
}

/// What the card calls a tracking technology; an unknown name (a newer endpoint) is shown as it is.
pub fn technology_words(technology: &str) -> &str {
    match technology {
        "cookies" => "Cookies",
        "web_beacons" => "Web beacons (pixel tags)",
        "flash_cookies" => "Flash cookies",
        "local_storage" => "Local and session storage",
        "sdk" => "Software development kits (SDKs)",
        "device_identifiers" => "Device identifiers",
        other => other,
    }
}

/// The title and description a suggested category is added with; the team edits them in the Categories form.
pub fn suggestion_words(id: &str) -> (String, String) {
    let (title, description) = match id {
        "analytics" => ("Analytics", "Help us understand how visitors use the site, so that we can improve it."),
        "advertising" => ("Advertising", "Show advertising that matches your interests, here and on other sites."),
        "personalisation" => ("Personalisation", "Remember your preferences and tailor the site to you."),
        "functional" => ("Functional", "Features you ask for beyond the strictly necessary, such as chat or maps."),
        "social_media" => ("Social media", "Share buttons, feeds and embeds from social networks."),
        other => return (other.replace('_', " "), String::new()),
    };
    (title.to_owned(), description.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_endpoint_answer_reads_with_its_outline_and_suggestions() {
        let answer = serde_json::json!({
            "title": "Cookie Notice", "effective_date": "15 January 2025", "effective_date_iso": "2025-01-15",
            "preamble": [], "sections": [{"id": "what-we-use", "heading": "What we use", "level": 1, "blocks": [],
                "sections": [{"id": "analytics", "heading": "Analytics", "level": 2, "blocks": [], "sections": []}]}],
            "tracking": [{"technology": "cookies", "section_headings": ["What we use"], "section_ids": ["what-we-use"]}],
            "suggested_categories": ["analytics", "social_media"], "cookie_section_id": null
        });
        let report: PolicyReport = serde_json::from_value(answer).unwrap();
        assert_eq!(report.sections[0].sections[0].heading, "Analytics");
        assert_eq!(technology_words(&report.tracking[0].technology), "Cookies");
        assert_eq!(report.suggested_categories, ["analytics", "social_media"]);
    }

    #[test]
    fn every_suggestion_the_importer_makes_has_a_title() {
        for id in ["analytics", "advertising", "personalisation", "functional", "social_media"] {
            let (title, description) = suggestion_words(id);
            assert!(!title.is_empty() && !description.is_empty(), "{id}");
        }
    }
}
