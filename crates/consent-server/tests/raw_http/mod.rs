//! A minimal HTTP/1.1 keep-alive client over tokio TCP, enough to drive the real `consent` binary: one request at a
//! time per connection, bodies with `Content-Length`. Shared by the crash test and the benchmark, so that they load
//! the server the way browsers do (persistent connections) without an HTTP client dependency.

#![allow(dead_code)] // the crash test and the benchmark use different parts

use std::io;
use std::net::SocketAddr;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// One persistent connection.
pub struct Connection {
    stream: BufReader<TcpStream>,
    host: String,
    head: Vec<u8>,
}

/// A response: its status and body.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Connection {
    /// Opens a connection to `addr`.
    pub async fn open(addr: SocketAddr) -> io::Result<Self> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Connection { stream: BufReader::new(stream), host: addr.to_string(), head: Vec::with_capacity(512) })
    }

    /// POSTs a JSON body to `path` and reads the response.
    pub async fn post_json(&mut self, path: &str, body: &[u8]) -> io::Result<Response> {
        self.head.clear();
        self.head.extend_from_slice(
            format!(
                "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nUser-Agent: consent-load/1 \
                 Firefox/133.0\r\nContent-Length: {}\r\n\r\n",
                self.host,
                body.len()
            )
            .as_bytes(),
        );
        self.head.extend_from_slice(body);
        self.stream.get_mut().write_all(&self.head).await?;
        self.read_response().await
    }

    async fn read_response(&mut self) -> io::Result<Response> {
        let mut line = String::new();
        if self.stream.read_line(&mut line).await? == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the server closed the connection"));
        }
        let status = line
            .split_whitespace()
            .nth(1)
            .and_then(|code| code.parse().ok())
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, format!("bad status line {line:?}")))?;
        let mut length = None;
        loop {
            line.clear();
            if self.stream.read_line(&mut line).await? == 0 {
                return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the connection closed mid-headers"));
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse::<usize>().ok();
                }
            }
        }
        let length =
            length.ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "a response without Content-Length"))?;
        let mut body = vec![0; length];
        self.stream.read_exact(&mut body).await?;
        Ok(Response { status, body })
    }
}

/// A consent submission for the demo site with consent id number `n` (the bytes of a body the banner would send),
/// with the id of [`consent_server::fixture::consent_id`]`(n)`.
pub fn consent_body(n: u64) -> Vec<u8> {
    consent_body_for(n, "demo-shop")
}

/// [`consent_body`] for the site `site` (which must be a site id: it is written into the JSON as it is).
pub fn consent_body_for(n: u64, site: &str) -> Vec<u8> {
    format!(
        r#"{{"consent_id":"00000000-0000-4000-8000-{n:012x}","site":"{site}","action":"custom","decisions":{{"necessary":"granted","analytics":"granted","marketing":"denied"}},"services":{{"demo-analytics":"granted","demo-ads":"denied","demo-video":"denied"}},"config_revision":1,"config_sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","locale":"en-GB","ui_layer":"preferences","page_url":"https://shop.example/cart","gpc":false,"decided_at_ms":1764000000000,"expires_at_ms":1779000000000,"banner_version":"0.1.0"}}"#
    )
    .into_bytes()
}
