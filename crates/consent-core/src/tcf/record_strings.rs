//! The checks of the TCF strings a consent record carries (`tc_string`, `ac_string`): first that each reads as what it
//! claims to be ([`shape_problems`]), then that it belongs to the site's config ([`config_problems`]). A string that
//! proves nothing about this banner's choice (another CMP's, a provider the site never disclosed) is refused, so the
//! log holds only what the visitor could have been shown.

use crate::config::SiteConfig;
use crate::field_error::FieldError;

use super::ac_string::AcString;
use super::decode_tc_string;

/// The longest TC string taken: a full bit field for vendor ids up to 65,535 in three sections is about 33,000
/// characters; real strings are a few hundred.
pub const MAX_TC_STRING_LEN: usize = 40_000;

/// Whether each string reads as a TC string and a version 2 AC string; an AC string only beside a TC string (the
/// banner writes one only with the other, and `__tcfapi` gives it only beside one).
pub fn shape_problems(tc_string: Option<&str>, ac_string: Option<&str>) -> Vec<FieldError> {
    let mut problems = Vec::new();
    if let Some(reason) = tc_string.and_then(tc_string_problem) {
        problems.push(FieldError::new("tc_string", reason));
    }
    if let Some(ac_string) = ac_string {
        if let Err(e) = AcString::parse(ac_string) {
            problems.push(FieldError::new("ac_string", e.to_string()));
        } else if tc_string.is_none() {
            problems.push(FieldError::new("ac_string", "is sent only beside a tc_string"));
        }
    }
    problems
}

/// Why `tc_string` is not a TC string, if it is not.
fn tc_string_problem(tc_string: &str) -> Option<String> {
    if tc_string.len() > MAX_TC_STRING_LEN {
        return Some(format!("is longer than {MAX_TC_STRING_LEN} characters"));
    }
    decode_tc_string(tc_string).err().map(|e| format!("is not a TC string: {e}"))
}

/// Whether (readable) strings belong to `config`. A TC string must name the site's CMP id, or it was written by
/// another CMP; an AC string must name only providers of the site's `tcf.google_ad_tech_providers`, or it records a
/// choice the visitor was never asked. Under the `current` revision the site must use TCF (and, for an AC string, name
/// providers); a record of an earlier revision may come from when it did, and its providers may since have changed.
pub fn config_problems(
    tc_string: Option<&str>,
    ac_string: Option<&str>,
    config: &SiteConfig,
    current: bool,
) -> Vec<FieldError> {
    let mut problems = Vec::new();
    let Some(tcf) = &config.tcf else {
        for (field, sent, what) in [("tc_string", tc_string, "TC"), ("ac_string", ac_string, "AC")] {
            if sent.is_some() && current {
                let why = format!("the site's config has no tcf section: send no {what} string");
                problems.push(FieldError::new(field, why));
            }
        }
        return problems;
    };
    if let Some(decoded) = tc_string.and_then(|tc| decode_tc_string(tc).ok()) {
        if decoded.cmp_id != tcf.cmp_id {
            let why = format!("names CMP id {}, but the site's config has CMP id {}", decoded.cmp_id, tcf.cmp_id);
            problems.push(FieldError::new("tc_string", why));
        }
    }
    let providers = &tcf.google_ad_tech_providers;
    match ac_string.and_then(|ac| AcString::parse(ac).ok()) {
        Some(_) if providers.is_empty() && current => problems.push(FieldError::new(
            "ac_string",
            "the site's config names no tcf.google_ad_tech_providers: send no AC string",
        )),
        Some(ac) if current => {
            let unknown = ac.unknown_to(providers);
            if !unknown.is_empty() {
                let ids = unknown.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
                let why = format!("names provider {ids}, which the site's tcf.google_ad_tech_providers does not");
                problems.push(FieldError::new("ac_string", why));
            }
        }
        _ => {}
    }
    problems
}
