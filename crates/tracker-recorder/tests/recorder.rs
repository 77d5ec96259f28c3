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
fn answers_collect_and_unknown_beacons_with_no_content_and_records_both() {
    let recorder = Recorder::start("127.0.0.1:0").unwrap();

    let collect = get(&recorder, "analytics.localhost", "/collect?page=%2F");
    let beacon = get(&recorder, "www.facebook.com", "/tr?id=1&ev=PageView");

    assert!(head(&collect).starts_with("http/1.1 204"));
    assert!(head(&beacon).starts_with("http/1.1 204"));
    assert_eq!(recorder.requests().len(), 2);
}

/// Sends a GET with a `Sec-Fetch-Dest` header, as Chromium does, and returns the response head and body.
fn get_as(recorder: &Recorder, destination: &str, target: &str) -> (String, Vec<u8>) {
    let mut stream = TcpStream::connect(recorder.addr()).expect("connect to the recorder");
    write!(stream, "GET {target} HTTP/1.1\r\nHost: www.googletagmanager.com\r\nSec-Fetch-Dest: {destination}\r\nConnection: close\r\n\r\n")
        .expect("send the request");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read the response");
    let end = response.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete head") + 4;
    (head(&response), response[end..].to_vec())
}

#[test]
fn any_other_url_is_answered_as_the_browser_asked_for_it() {
    let recorder = Recorder::start("127.0.0.1:0").unwrap();

    let (script_head, script) = get_as(&recorder, "script", "/gtag/js?id=G-1");
    let (image_head, image) = get_as(&recorder, "image", "/tr?noscript=1");
    let (frame_head, _) = get_as(&recorder, "iframe", "/embed/abc");

    assert!(script_head.contains("content-type: text/javascript"), "{script_head}");
    assert!(String::from_utf8_lossy(&script).contains("corpusReport"));
    assert!(image_head.contains("content-type: image/gif") && image.starts_with(b"GIF89a"));
    assert!(frame_head.contains("content-type: text/html"), "{frame_head}");
}

#[test]
fn the_same_port_speaks_tls() {
    let recorder = Recorder::start("127.0.0.1:0").unwrap();
    let mut stream = TcpStream::connect(recorder.addr()).expect("connect to the recorder");
    // A TLS 1.2 ClientHello record header; the recorder must answer with a TLS record (a ServerHello or an alert),
    // never with plain HTTP.
    let hello: [u8; 5] = [0x16, 0x03, 0x01, 0x00, 0x00];
    stream.write_all(&hello).expect("send a handshake record");
    let mut first = [0u8; 1];
    stream.read_exact(&mut first).expect("a reply");
    assert_eq!(first[0] & 0xF0, 0x10, "a TLS record (handshake 0x16 or alert 0x15), got {:#x}", first[0]);
}

#[test]
fn clear_forgets_what_was_recorded() {
    let recorder = Recorder::start("127.0.0.1:0").unwrap();
    get(&recorder, "video.localhost", "/embed/video");

    recorder.clear();

    assert!(recorder.requests().is_empty());
}
