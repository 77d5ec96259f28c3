//! The banner's words: [`Texts`], every word in one language (English by default, compiled into the banner), and
//! [`TextsPatch`], the words a config or a locale file changes.
//!
//! Both types are written by one macro from one list, so a new text is added in one place, with its English.
//! How a patch is read from JSON, and which patches apply in which language, is in [`crate::config::translation`].

use serde::Serialize;

use crate::lifetime::Lifetime;
use crate::plural::format_count;
use crate::service::StorageKind;

macro_rules! texts {
    ($( $(#[doc = $doc:literal])* $field:ident: $english:expr, )*) => {
        /// The banner's words in one language. [`Texts::default`] is English.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Texts {
            $( $(#[doc = $doc])* #[doc = concat!("English: \"", $english, "\".")] pub $field: String, )*
        }

        impl Default for Texts {
            fn default() -> Self {
                Self { $( $field: $english.into(), )* }
            }
        }

        /// Words that replace some of [`Texts`]: a config's `texts`, one of its `translations`, or a locale file.
        /// Only the words set are serialised, so that a served config says exactly what the site changed.
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
        pub struct TextsPatch {
            $(
                $(#[doc = $doc])*
                #[doc = concat!("English: \"", $english, "\". `None` keeps the word the patch is applied to.")]
                #[serde(skip_serializing_if = "Option::is_none")]
                pub $field: Option<String>,
            )*
        }

        impl TextsPatch {
            /// The name of every text, as a config spells it.
            pub const FIELDS: &'static [&'static str] = &[$( stringify!($field), )*];

            /// The text named `name`, if this patch sets it.
            pub fn get(&self, name: &str) -> Option<&str> {
                match name {
                    $( stringify!($field) => self.$field.as_deref(), )*
                    _ => None,
                }
            }

            /// Sets the text named `name`; false if there is no text of that name.
            pub fn set(&mut self, name: &str, text: String) -> bool {
                match name {
                    $( stringify!($field) => self.$field = Some(text), )*
                    _ => return false,
                }
                true
            }
        }

        impl Texts {
            /// Replaces the words `patch` sets.
            pub fn apply(&mut self, patch: &TextsPatch) {
                $( if let Some(text) = &patch.$field { self.$field.clone_from(text); } )*
            }

            /// The text named `name`.
            pub fn get(&self, name: &str) -> Option<&str> {
                match name {
                    $( stringify!($field) => Some(&self.$field), )*
                    _ => None,
                }
            }
        }
    };
}

texts! {
    /// The first layer's heading.
    title: "We value your privacy",
    /// The first layer's text.
    description: "We use cookies and similar technologies such as pixel tags. Strictly necessary ones keep the site \
                  working; the others are used only if you agree. You can change your mind at any time.",
    /// The button that grants every category.
    accept_all: "Accept all",
    /// The button that denies every optional category, as prominent as the one that grants them.
    reject_all: "Reject all",
    /// The first layer's button that opens the preferences.
    customise: "Customise",
    /// The preferences' button that records the switches as they are.
    save: "Save choices",
    /// The preferences' heading.
    preferences_title: "Privacy preferences",
    /// The preferences' opening text.
    preferences_intro: "Choose what we may use. Nothing is switched on until you switch it on, and you can change \
                        your choices at any time.",
    /// Beside a strictly necessary category's locked toggle.
    always_on: "Always on",
    /// The banner's link to the site's privacy policy.
    policy_link: "Privacy policy",
    /// A blocked embed's placeholder; `{service}` and `{category}` are replaced.
    placeholder: "{service} is blocked until you allow {category}.",
    /// A blocked embed's button that loads it on this page only, without recording a choice.
    load_once: "Load once",
    /// `{category}` is replaced.
    always_allow: "Always allow {category}",
    /// Shown when the browser sends Global Privacy Control; `{categories}` is replaced.
    gpc_notice: "Your browser asks sites not to sell or share your data (Global Privacy Control), so {categories} \
                 stays off unless you switch it on yourself.",
    /// The accessible name of the preferences' close (×) button, which closes them without choosing.
    close: "Close",
    /// The floating button that reopens the preferences on every page.
    cookie_settings: "Cookie settings",
    /// Heading of a category's list of services.
    services: "Services",
    /// Heading of the trackers held in a category that the site did not list (auto-blocking).
    also_found: "Also found on this page",
    /// The same for trackers the site has no category for: they wait for every category.
    also_found_everything: "Also found on this page, allowed only if you accept every category",
    /// Opens a service's table of cookies, pixels and storage.
    cookies_summary: "Cookies and similar technologies",
    /// The table's caption; `{service}` is replaced.
    cookies_caption: "What {service} stores in your browser or sends",
    /// Instead of an empty table.
    no_cookies: "This service lists no cookies, pixels or storage of its own.",
    /// Heading of the cookie table's column of names.
    column_name: "Name",
    /// Heading of the cookie table's column of who sets the item.
    column_provider: "Provider",
    /// Heading of the cookie table's column of what each item is for.
    column_purpose: "Purpose",
    /// Heading of the cookie table's column of how long each item is kept.
    column_duration: "Duration",
    /// Heading of the cookie table's column of what kind of item it is.
    column_type: "Type",
    /// A row of the cookie table that is a cookie.
    kind_cookie: "Cookie",
    /// A row that is a `localStorage` key.
    kind_local_storage: "Local storage",
    /// A row that is a `sessionStorage` key.
    kind_session_storage: "Session storage",
    /// A row that is a pixel tag or web beacon.
    kind_pixel: "Pixel tag",
    /// How long a session cookie is kept.
    duration_session: "Until you close the browser",
    /// Plural forms separated by `|` (see [`crate::plural`]); `{n}` is replaced.
    duration_minutes: "{n} minute|{n} minutes",
    /// Like `duration_minutes`, in hours.
    duration_hours: "{n} hour|{n} hours",
    /// Like `duration_minutes`, in days.
    duration_days: "{n} day|{n} days",
    /// Like `duration_minutes`, in months.
    duration_months: "{n} month|{n} months",
    /// Like `duration_minutes`, in years.
    duration_years: "{n} year|{n} years",
    /// Links to a service's own privacy policy; `{provider}` is replaced.
    provider_policy: "Privacy policy of {provider}",
    /// Labels the visitor's consent id in the preferences.
    consent_id: "Your consent ID",
    /// Below the consent id: why the visitor might want it.
    consent_id_hint: "Quote it if you contact us about your choice.",
    /// The policy view's table of contents.
    policy_contents: "Contents",
    /// Jumps to the policy's section about cookies.
    policy_cookies: "Go to cookies and similar technologies",
    /// Leaves the policy view.
    policy_back: "Back",
    /// `{date}` is replaced by the date the policy gives.
    policy_effective: "Effective date: {date}",
    /// Links a category to the policy section about it; `{category}` is replaced.
    policy_more: "Read about {category} in the privacy policy",
    /// Shown in the policy view while a policy file given by URL is fetched.
    policy_loading: "Loading the privacy policy…",
    /// Shown in the policy view when the policy file cannot be fetched or read.
    policy_error: "The privacy policy could not be shown.",
    /// A TCF site's first layer (IAB's Policies, Appendix B): what the site and its vendors do; `{partners}` is
    /// replaced by `tcf_partners`.
    tcf_intro: "We and our {partners} store and/or access information on your device, such as cookies, and process \
        personal data, such as unique identifiers and standard information your device sends, for the purposes \
        listed below.",
    /// Plural forms (see [`crate::plural`]) of the number of vendors; `{n}` is replaced. In the sentence, it is the
    /// way to the vendor list.
    tcf_partners: "{n} partner|{n} partners",
    /// Shown when some vendor relies on legitimate interest; `{customise}` is replaced by the "Customise" button's
    /// words.
    tcf_legitimate_interest: "Some partners do not ask for your consent but process your data on the basis of \
        their legitimate interest. You have the right to object to this under \u{201c}{customise}\u{201d}.",
    /// Where the choice applies and how to change it; `{cookie_settings}` is replaced by the floating button's
    /// words.
    tcf_scope: "Your choice applies to this site only. You can change it or withdraw your consent at any time under \
        \u{201c}{cookie_settings}\u{201d}.",
    /// Opens the list of what the vendors use data for; `{n}` is replaced by how many items it holds.
    tcf_list: "What we and our partners use data for ({n})",
    /// Heads the purposes and stacks a visitor can consent or object to.
    tcf_purposes: "Purposes",
    /// Heads the special features, used only with the visitor's opt-in.
    tcf_special_features: "Only with your permission",
    /// Heads the special purposes and features, used without a choice.
    tcf_without_choice: "Used without asking (special purposes and features)",
    /// Heads the preferences' section about the site's IAB TCF vendors (TCF sites only).
    tcf_title: "Advertising partners (IAB TCF)",
    /// Opens that section: what the visitor chooses there.
    tcf_section_intro: "These partners take part in IAB Europe's Transparency & Consent Framework. Nothing is on until you switch it on, except legitimate interests, which you can object to.",
    /// Heads the purposes claimed on legitimate interest, each with a switch that objects when off.
    tcf_legitimate_interests: "Legitimate interests",
    /// Says what switching a legitimate interest off does.
    tcf_object_hint: "On unless you object: switch off to object.",
    /// Opens IAB's illustrations of a purpose or special feature.
    tcf_examples: "Examples",
    /// The vendor list's summary; `{n}` is replaced by the number of vendors.
    tcf_vendors: "Vendors ({n})",
    /// A vendor's consent switch.
    tcf_consent: "Consent",
    /// A vendor's legitimate-interest switch (off: objected to).
    tcf_interest_switch: "Legitimate interest",
    /// How long a vendor keeps data; followed by a duration.
    tcf_retention: "Keeps data for",
    /// A vendor's standard retention period (`{period}`, a duration) when some of its purposes have their own, which
    /// are listed after it ("Measure content performance: 30 days").
    tcf_retention_standard: "{period}, except:",
    /// The categories of data a vendor collects.
    tcf_data: "Data collected",
    /// The longest a vendor's cookie lives; followed by a duration.
    tcf_cookie_max_age: "Longest cookie life",
    /// Links to a vendor's explanation of its legitimate interest.
    tcf_claim: "Legitimate interest claim",
    /// Shown when the vendor list could not be loaded: the vendors get no consent.
    tcf_unavailable: "The list of advertising partners could not be loaded, so none of them gets your consent.",
    /// The summary of the list of Google's ad technology providers outside IAB's list; `{n}` is replaced by how many.
    tcf_ad_tech_providers: "Google's ad technology providers ({n})",
    /// Opens that list: who they are, and how the visitor's answer reaches them.
    tcf_ad_tech_providers_intro: "Google works with these providers, which are not in IAB's list. Google passes on which of them you consent to.",
}

impl Texts {
    /// How long something is kept, in words: "Until you close the browser", "2 years", "13 Monate".
    pub fn lifetime(&self, lifetime: Lifetime, language: &str) -> String {
        let (forms, n) = match lifetime {
            Lifetime::Session => return self.duration_session.clone(),
            Lifetime::Minutes(n) => (&self.duration_minutes, n),
            Lifetime::Hours(n) => (&self.duration_hours, n),
            Lifetime::Days(n) => (&self.duration_days, n),
            Lifetime::Months(n) => (&self.duration_months, n),
            Lifetime::Years(n) => (&self.duration_years, n),
        };
        format_count(forms, language, n)
    }

    /// What kind of item a row of the cookie table is.
    pub fn storage_kind(&self, kind: StorageKind) -> &str {
        match kind {
            StorageKind::Cookie => &self.kind_cookie,
            StorageKind::LocalStorage => &self.kind_local_storage,
            StorageKind::SessionStorage => &self.kind_session_storage,
            StorageKind::Pixel => &self.kind_pixel,
        }
    }
}

/// The `{…}` placeholders in a text, in order of appearance: a translation must keep the ones the English has.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        found.push(&rest[start..start + len + 1]);
        rest = &rest[start + len + 1..];
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifetimes_read_as_words() {
        let en = Texts::default();
        assert_eq!(en.lifetime(Lifetime::Years(2), "en"), "2 years");
        assert_eq!(en.lifetime(Lifetime::Months(1), "en"), "1 month");
        assert_eq!(en.lifetime(Lifetime::Minutes(30), "en"), "30 minutes");
        assert_eq!(en.lifetime(Lifetime::Session, "en"), "Until you close the browser");
    }

    #[test]
    fn a_patch_replaces_only_what_it_sets() {
        let mut patch = TextsPatch::default();
        assert!(patch.set("title", "Cookies?".into()));
        assert!(!patch.set("titel", "x".into()));
        let mut texts = Texts::default();
        texts.apply(&patch);
        assert_eq!((texts.title.as_str(), texts.accept_all.as_str()), ("Cookies?", "Accept all"));
        assert_eq!(serde_json::to_string(&patch).unwrap(), r#"{"title":"Cookies?"}"#);
    }

    #[test]
    fn placeholders_are_found_in_order() {
        assert_eq!(placeholders("{service} is blocked until you allow {category}."), ["{service}", "{category}"]);
        assert_eq!(placeholders("{n} year|{n} years"), ["{n}", "{n}"]);
        assert!(placeholders("no braces { here").is_empty());
    }

    #[test]
    fn every_text_has_english() {
        let en = Texts::default();
        for field in TextsPatch::FIELDS {
            assert!(en.get(field).is_some_and(|t| !t.trim().is_empty()), "{field}");
        }
    }
}
