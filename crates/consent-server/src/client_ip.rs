//! The client's address: the socket peer, or, behind a trusted proxy, the address the proxy saw.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{Extensions, HeaderMap};

use crate::AppState;

/// Extractor: the client's address as [`client_ip`] finds it under the server's options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(ClientIp(client_ip(&parts.extensions, &parts.headers, state.trust_forwarded_for())))
    }
}

/// The client's address, if known. With `trust_forwarded_for` (the server sits behind a load balancer or reverse
/// proxy that appends the client's address to `X-Forwarded-For`), the last address of that header; otherwise the
/// socket peer. Only the last entry is used: the ones before it were written by the client and prove nothing.
/// In-process requests without a socket (tests) have no address.
pub fn client_ip(extensions: &Extensions, headers: &HeaderMap, trust_forwarded_for: bool) -> Option<IpAddr> {
    if trust_forwarded_for {
        let forwarded = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).next_back()?;
        return forwarded.rsplit(',').next().and_then(|last| last.trim().parse().ok());
    }
    extensions.get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_proxy_appended_address_wins_over_what_the_client_wrote() {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_static("10.9.9.9, 203.0.113.7"));
        let mut extensions = Extensions::new();
        extensions.insert(ConnectInfo(SocketAddr::from(([192, 0, 2, 1], 4000))));
        assert_eq!(client_ip(&extensions, &headers, true), Some("203.0.113.7".parse().unwrap()));
        assert_eq!(client_ip(&extensions, &headers, false), Some("192.0.2.1".parse().unwrap()));
    }
}
