//! Signing in to the admin console: the admin token is exchanged once for a session, so that the browser never keeps
//! the token itself. The session id travels only in an `HttpOnly` cookie (scripts cannot read it), `SameSite=Strict`
//! (other sites' pages cannot send it), `Secure` (see [`wants_secure_cookie`]), and expires; every change made with
//! it must also carry the session's CSRF token in `X-CSRF-Token`, which a page of another origin cannot read.
//! Sessions are rows of the database (every server knows them; a sign-out ends one everywhere), keyed by the SHA-256
//! of the id.

use axum::http::{header, HeaderMap, HeaderValue, Method};
use sha2::{Digest, Sha256};

use crate::error::AppError;

/// The session cookie's name.
pub const COOKIE: &str = "consent_admin_session";
/// The header a change made with a session carries its CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// `bytes` random bytes, lowercase hex: session ids and CSRF tokens (32 bytes: not guessable).
pub fn random_hex(bytes: usize) -> Result<String, AppError> {
    let mut buffer = vec![0u8; bytes];
    getrandom::getrandom(&mut buffer)
        .map_err(|e| AppError::Unavailable(format!("the system gave no random bytes for a session ({e})")))?;
    Ok(hex::encode(buffer))
}

/// What the database keys a session by.
pub fn id_hash(id: &str) -> String {
    hex::encode(Sha256::digest(id.as_bytes()))
}

/// The session id the browser sent in its `Cookie` header, if any.
pub fn session_id(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, id)| id)
        .filter(|id| !id.is_empty())
}

/// The CSRF token the request carries, if any.
pub fn csrf_token(headers: &HeaderMap) -> Option<&str> {
    headers.get(CSRF_HEADER).and_then(|value| value.to_str().ok())
}

/// Whether `method` only reads: such requests need no CSRF token (they change nothing, and a page of another origin
/// cannot read their answers).
pub fn only_reads(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// `Secure` unless the console is opened on this machine over plain HTTP (`localhost`, `127.0.0.1`, `[::1]`), where a
/// browser would refuse to send a `Secure` cookie back only if it were not a secure context; anywhere else the console
/// is expected behind HTTPS, and a `Secure` cookie never travels in clear.
pub fn wants_secure_cookie(headers: &HeaderMap) -> bool {
    let forwarded_https = headers
        .get("x-forwarded-proto")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|proto| proto.eq_ignore_ascii_case("https"));
    let host = headers.get(header::HOST).and_then(|value| value.to_str().ok()).unwrap_or_default();
    let name = host.rsplit_once(':').filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit())).map_or(host, |p| p.0);
    forwarded_https || !matches!(name, "localhost" | "127.0.0.1" | "[::1]")
}

/// The `Set-Cookie` value that gives the browser session `id` for `max_age_secs`.
pub fn cookie(id: &str, max_age_secs: u64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text = format!("{COOKIE}={id}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_secs}{secure}");
    HeaderValue::from_str(&text).unwrap_or(HeaderValue::from_static(""))
}

/// The `Set-Cookie` value that makes the browser forget its session.
pub fn cleared_cookie(secure: bool) -> HeaderValue {
    cookie("", 0, secure)
}
