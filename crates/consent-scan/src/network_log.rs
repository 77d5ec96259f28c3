//! Reading chromedriver's performance log: the DevTools Protocol's `Network.*` events as JSON text, turned into the
//! requests a page sent (with what initiated each) and which host's response set which cookie.

use serde_json::Value;

use crate::observation::Initiator;

/// A request the browser sent, as `Network.requestWillBeSent` describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentRequest {
    /// The full URL requested.
    pub url: String,
    /// The DevTools Protocol's resource type (`Script`, `Image`, `XHR` …).
    pub resource_type: String,
    /// What made the page send it.
    pub initiator: Initiator,
}

/// What a batch of performance log entries says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetworkLog {
    /// Every request sent, in log order.
    pub requests: Vec<SentRequest>,
    /// (cookie name, URL of the response whose `Set-Cookie` header set it).
    pub set_cookies: Vec<(String, String)>,
}

impl NetworkLog {
    /// Reads the entries `POST /session/{id}/se/log {"type":"performance"}` returns; entries that are not network
    /// events, or not JSON, are skipped (the log also carries page and tracing events).
    pub fn from_entries(entries: &[Value]) -> Self {
        let mut log = NetworkLog::default();
        // `responseReceivedExtraInfo` names the request only by id; the URL comes from `requestWillBeSent`.
        let mut urls: Vec<(String, String)> = Vec::new();
        let mut cookie_headers: Vec<(String, String)> = Vec::new();
        for entry in entries {
            let Some(text) = entry.get("message").and_then(Value::as_str) else { continue };
            let Ok(message) = serde_json::from_str::<Value>(text) else { continue };
            let event = &message["message"];
            let params = &event["params"];
            match event["method"].as_str() {
                Some("Network.requestWillBeSent") => {
                    let Some(url) = params["request"]["url"].as_str() else { continue };
                    let id = params["requestId"].as_str().unwrap_or_default().to_owned();
                    urls.push((id, url.to_owned()));
                    let document = params["documentURL"].as_str().unwrap_or_default();
                    log.requests.push(SentRequest {
                        url: url.to_owned(),
                        resource_type: params["type"].as_str().unwrap_or("Other").to_owned(),
                        initiator: initiator(&params["initiator"], document),
                    });
                }
                Some("Network.responseReceivedExtraInfo") => {
                    let Some(headers) = params["headers"].as_object() else { continue };
                    let id = params["requestId"].as_str().unwrap_or_default().to_owned();
                    for (name, value) in headers {
                        if name.eq_ignore_ascii_case("set-cookie") {
                            cookie_headers.push((id.clone(), value.as_str().unwrap_or_default().to_owned()));
                        }
                    }
                }
                _ => {}
            }
        }
        for (id, header) in cookie_headers {
            // A redirect chain reuses the request id; the latest URL sent under it is the one that answered.
            let Some((_, url)) = urls.iter().rev().find(|(request, _)| *request == id) else { continue };
            // Several Set-Cookie headers arrive joined by newlines.
            for line in header.lines() {
                let name = line.split(';').next().and_then(|pair| pair.split('=').next()).unwrap_or_default().trim();
                if !name.is_empty() {
                    log.set_cookies.push((name.to_owned(), url.clone()));
                }
            }
        }
        log
    }
}

/// The protocol's `Initiator` object as a report shows it.
fn initiator(value: &Value, document: &str) -> Initiator {
    match value["type"].as_str() {
        Some("parser") => Initiator::Parser(value["url"].as_str().map(str::to_owned)),
        Some("script") => {
            // The innermost frame with a URL, looking into async parents too (a `setTimeout` callback's stack is
            // empty but its parent names the script).
            let mut stack = &value["stack"];
            while !stack.is_null() {
                let frames = stack["callFrames"].as_array().map(Vec::as_slice).unwrap_or_default();
                if let Some(url) = frames.iter().filter_map(|f| f["url"].as_str()).find(|url| !url.is_empty()) {
                    // An inline script's frames carry the document's own URL.
                    return Initiator::Script((url != document).then(|| url.to_owned()));
                }
                stack = &stack["parent"];
            }
            Initiator::Script(value["url"].as_str().filter(|url| *url != document).map(str::to_owned))
        }
        _ => Initiator::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(method: &str, params: Value) -> Value {
        json!({ "level": "INFO", "message": json!({ "message": { "method": method, "params": params } }).to_string() })
    }

    #[test]
    fn requests_carry_their_type_and_the_script_that_sent_them() {
        let page = "https://shop.example/";
        let entries = [
            entry(
                "Network.requestWillBeSent",
                json!({ "requestId": "1", "documentURL": page, "type": "Script",
                        "request": { "url": "https://connect.facebook.net/en_US/fbevents.js" },
                        "initiator": { "type": "parser", "url": page } }),
            ),
            entry(
                "Network.requestWillBeSent",
                json!({ "requestId": "2", "documentURL": page, "type": "Image",
                        "request": { "url": "https://www.facebook.com/tr?id=1" },
                        "initiator": { "type": "script", "stack": { "callFrames": [],
                          "parent": { "callFrames": [{ "url": "https://connect.facebook.net/en_US/fbevents.js" }] } } } }),
            ),
            entry(
                "Network.requestWillBeSent",
                json!({ "requestId": "3", "documentURL": page, "type": "Fetch",
                        "request": { "url": "https://region1.google-analytics.com/g/collect" },
                        "initiator": { "type": "script", "stack": { "callFrames": [{ "url": page }] } } }),
            ),
            json!({ "message": "not json" }),
            entry("Page.loadEventFired", json!({})),
        ];
        let log = NetworkLog::from_entries(&entries);
        let seen: Vec<_> = log.requests.iter().map(|r| (r.resource_type.as_str(), r.initiator.clone())).collect();
        assert_eq!(
            seen,
            [
                ("Script", Initiator::Parser(Some(page.to_owned()))),
                ("Image", Initiator::Script(Some("https://connect.facebook.net/en_US/fbevents.js".to_owned()))),
                ("Fetch", Initiator::Script(None)),
            ]
        );
    }

    #[test]
    fn each_set_cookie_line_is_attributed_to_the_response_that_carried_it() {
        let entries = [
            entry(
                "Network.requestWillBeSent",
                json!({ "requestId": "7", "request": { "url": "https://in.hotjar.com/api" }, "initiator": {} }),
            ),
            entry(
                "Network.responseReceivedExtraInfo",
                json!({ "requestId": "7", "headers": { "Set-Cookie": "_hjid=1; Path=/\n_hjSession_1=x; Max-Age=60" } }),
            ),
            entry(
                "Network.responseReceivedExtraInfo",
                json!({ "requestId": "unknown", "headers": { "set-cookie": "a=1" } }),
            ),
        ];
        let log = NetworkLog::from_entries(&entries);
        let url = "https://in.hotjar.com/api".to_owned();
        assert_eq!(log.set_cookies, [("_hjid".to_owned(), url.clone()), ("_hjSession_1".to_owned(), url)]);
    }
}
