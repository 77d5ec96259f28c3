//! The fake tracker endpoints, and the middleware that records every request before it is answered.

use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;

use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;

use crate::assets::{ANALYTICS_JS, EMBED_VIDEO_HTML, PIXEL_GIF, TRACKER_JS};
use crate::request_log::{RecordedRequest, RequestLog};
use crate::tls;

/// Every response forbids caching: each page view must reach the recorder, as it would reach a real tracker that
/// busts caches.
const NO_STORE: (axum::http::HeaderName, &str) = (CACHE_CONTROL, "no-store");

/// The tracker routes, chosen by path whatever the host: `GET /analytics.js`, `/collect` (204), `/pixel.gif` and
/// `/embed/video` for the demo; anything else is answered by what the browser asked for (its `Sec-Fetch-Dest`): a
/// script gets the corpus tracker ([`TRACKER_JS`]), a frame a video player, an image a pixel, the rest `204`. Every
/// request, including ones answered 404, is appended to `log`.
pub fn router(log: RequestLog) -> Router {
    Router::new()
        .route("/analytics.js", get(analytics_js))
        .route("/collect", get(collect))
        .route("/pixel.gif", get(pixel_gif))
        .route("/embed/video", get(embed_video))
        .fallback(by_destination)
        .layer(middleware::from_fn_with_state(log, record))
}

/// Serves [`router`] on `listener`, over HTTP and HTTPS on the same port (a TLS client's first byte is a handshake
/// record, 0x16), until the task is dropped or the listener fails.
pub async fn serve(listener: TcpListener, log: RequestLog) -> std::io::Result<()> {
    let tls = tls::acceptor()?;
    let app = router(log);
    loop {
        let (stream, _) = listener.accept().await?;
        let (tls, app) = (tls.clone(), app.clone());
        tokio::spawn(async move {
            let mut first = [0u8; 1];
            if stream.peek(&mut first).await.is_err() {
                return;
            }
            let service = TowerToHyperService::new(app);
            let http = hyper::server::conn::http1::Builder::new();
            // Connection errors (a browser closing a keep-alive connection, a refused handshake) end that connection
            // only; the recorder goes on.
            if first[0] == 0x16 {
                if let Ok(stream) = tls.accept(stream).await {
                    let _ = http.serve_connection(TokioIo::new(stream), service).await;
                }
            } else {
                let _ = http.serve_connection(TokioIo::new(stream), service).await;
            }
        });
    }
}

async fn by_destination(request: Request) -> Response {
    let destination = request.headers().get("sec-fetch-dest").and_then(|v| v.to_str().ok()).unwrap_or_default();
    match destination {
        "script" => ([(CONTENT_TYPE, "text/javascript; charset=utf-8"), NO_STORE], TRACKER_JS).into_response(),
        "iframe" | "frame" | "embed" | "object" => embed_video().await.into_response(),
        "image" => pixel_gif().await.into_response(),
        _ => collect().await.into_response(),
    }
}

async fn record(State(log): State<RequestLog>, request: Request, next: Next) -> Response {
    log.push(RecordedRequest::arriving(&request));
    next.run(request).await
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
