//! The fake tracker endpoints, and the middleware that records every request before it is answered.

use std::time::SystemTime;

use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, HOST};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;

use crate::assets::{ANALYTICS_JS, EMBED_VIDEO_HTML, PIXEL_GIF};
use crate::request_log::{RecordedRequest, RequestLog};

/// Every response forbids caching: each page view must reach the recorder, as it would reach a real tracker that
/// busts caches.
const NO_STORE: (axum::http::HeaderName, &str) = (CACHE_CONTROL, "no-store");

/// The tracker routes, chosen by path whatever the host: `GET /analytics.js`, `/collect` (204), `/pixel.gif` and
/// `/embed/video`. Every request, including ones answered 404, is appended to `log`.
pub fn router(log: RequestLog) -> Router {
    Router::new()
        .route("/analytics.js", get(analytics_js))
        .route("/collect", get(collect))
        .route("/pixel.gif", get(pixel_gif))
        .route("/embed/video", get(embed_video))
        .layer(middleware::from_fn_with_state(log, record))
}

/// Serves [`router`] on `listener` until the task is dropped or the listener fails.
pub async fn serve(listener: TcpListener, log: RequestLog) -> std::io::Result<()> {
    axum::serve(listener, router(log)).await
}

async fn record(State(log): State<RequestLog>, request: Request, next: Next) -> Response {
    let host = request.headers().get(HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
    log.push(RecordedRequest {
        host: strip_port(host).to_owned(),
        method: request.method().to_string(),
        path: request.uri().path().to_owned(),
        query: request.uri().query().unwrap_or_default().to_owned(),
        at: SystemTime::now(),
    });
    next.run(request).await
}

fn strip_port(host: &str) -> &str {
    match host.rsplit_once(':') {
        Some((name, port)) if !name.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

async fn analytics_js() -> impl IntoResponse {
    ([(CONTENT_TYPE, "text/javascript; charset=utf-8"), NO_STORE], ANALYTICS_JS)
}

async fn collect() -> impl IntoResponse {
    (StatusCode::NO_CONTENT, [NO_STORE])
}

async fn pixel_gif() -> impl IntoResponse {
    ([(CONTENT_TYPE, "image/gif"), NO_STORE], PIXEL_GIF.as_slice())
}

async fn embed_video() -> impl IntoResponse {
    ([(CONTENT_TYPE, "text/html; charset=utf-8"), NO_STORE], EMBED_VIDEO_HTML)
}

#[cfg(test)]
mod tests {
    use super::strip_port;

    #[test]
    fn strips_only_a_numeric_port() {
        assert_eq!(strip_port("analytics.localhost:8081"), "analytics.localhost");
        assert_eq!(strip_port("pixel.localhost"), "pixel.localhost");
        assert_eq!(strip_port("[::1]:80"), "[::1]");
        assert_eq!(strip_port(""), "");
    }
}
