//! The files the fake trackers serve.

/// A small analytics snippet: sets the `_demo_analytics` visitor cookie and reports a page view to `/collect` on the
/// host it was loaded from.
pub const ANALYTICS_JS: &str = include_str!("../assets/analytics.js");

/// A stand-in for any third-party SDK (gtag.js, fbevents.js, hotjar, insight.min.js, TikTok's events.js …): it sets
/// the first-party cookies the real one sets and reports to the real one's collector host by every route real SDKs
/// use (image, fetch, sendBeacon, XMLHttpRequest); `window.corpusReport(event)` reports again, as SDKs do on events.
pub const TRACKER_JS: &str = include_str!("../assets/tracker.js");

/// The page an embedded video iframe shows.
pub const EMBED_VIDEO_HTML: &str = include_str!("../assets/embed-video.html");

/// A 1×1 transparent GIF, the classic tracking pixel.
pub const PIXEL_GIF: [u8; 42] = [
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
    0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x02,
    0x01, 0x44, 0x00, 0x3b,
];
