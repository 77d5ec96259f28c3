//! The recorder answers like a tracker and records what it was asked, over a real socket.

use std::io::{Read, Write};
use std::net::TcpStream;

use tracker_recorder::Recorder;

/// Sends one HTTP/1.1 GET with the given Host header and returns the whole response as bytes.
fn get(recorder: &Recorder, host: &str, target: &str) -> Vec<u8> {
    let mut stream = TcpStream::connect(recorder.addr()).expect("connect to the recorder");
    write!(stream, "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").expect("send the request");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read the response");
    response
}

fn head(response: &[u8]) -> String {
    let end = response.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete response head");
    String::from_utf8_lossy(&response[..end]).to_lowercase()
}

#[test]
fn records_host_path_and_query_of_every_request() {
    let recorder = Recorder::start("127.0.0.1:0").unwrap();

    get(&recorder, "pixel.localhost:8081", "/pixel.gif?ev=PageView");

    let requests = recorder.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        (requests[0].host.as_str(), requests[0].method.as_str(), requests[0].path.as_str(), requests[0].query.as_str()),
        ("pixel.localhost", "GET", "/pixel.gif", "ev=PageView")
    );
}

#[test]
fn serves_a_transparent_gif_pixel() {
    let recorder = Recorder::start("127.0.0.1:0").unwrap();

    let response = get(&recorder, "pixel.localhost", "/pixel.gif");

    assert!(head(&response).starts_with("http/1.1 200"));
    assert!(head(&response).contains("content-type: image/gif"));
    assert!(response.ends_with(b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x01D\x00;"));
}

#[test]
fn serves_an_uncacheable_analytics_script_that_reports_to_its_own_origin() {
    let recorder = Recorder::start("127.0.0.1:0").unwrap();

    let response = get(&recorder, "analytics.localhost", "/analytics.js");

    let text = String::from_utf8_lossy(&response);
    assert!(head(&response).contains("content-type: text/javascript"));
    assert!(head(&response).contains("cache-control: no-store"));
    assert!(text.contains("document.currentScript") && text.contains("/collect?page="));
}

#[test]
fn answers_collect_with_no_content_and_unknown_paths_with_404_but_records_both() {
    let recorder = Recorder::start("127.0.0.1:0").unwrap();

    let collect = get(&recorder, "analytics.localhost", "/collect?page=%2F");
    let unknown = get(&recorder, "analytics.localhost", "/nope");

    assert!(head(&collect).starts_with("http/1.1 204"));
    assert!(head(&unknown).starts_with("http/1.1 404"));
    assert_eq!(recorder.requests().len(), 2);
}

#[test]
fn clear_forgets_what_was_recorded() {
    let recorder = Recorder::start("127.0.0.1:0").unwrap();
    get(&recorder, "video.localhost", "/embed/video");

    recorder.clear();

    assert!(recorder.requests().is_empty());
}
