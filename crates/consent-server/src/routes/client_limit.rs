//! The per-address rate limit of the routes a visitor's browser calls, as one layer in front of their handlers.

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::client_ip::ClientIp;
use crate::AppState;

/// Takes a token from the client's bucket ([`crate::rate_limit::RateLimits::per_ip`]) before the request reaches its
/// handler, and answers `429` with `Retry-After` when there is none, before the body is read. A CORS preflight is
/// let through: it stores and reveals nothing, and the request it announces is limited. A request without a known
/// address (in-process, without a socket) is not limited.
pub async fn limit_per_client(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    request: Request,
    next: Next,
) -> Response {
    if request.method() != Method::OPTIONS {
        if let Some(ip) = ip {
            if let Err(retry) = state.limiter().check_ip(ip) {
                return state.rate_limited(retry).into_response();
            }
        }
    }
    next.run(request).await
}
