/*
 * Demo Analytics: a stand-in for a real third-party analytics tag, served by tracker-recorder.
 * Like the real thing it sets a first-party visitor cookie and reports a page view with an image beacon.
 */
(function () {
  'use strict';

  // Report to the host this file was loaded from, so the same snippet works on whatever port the recorder runs.
  function scriptOrigin() {
    var script = document.currentScript;
    if (!script || !script.src) {
      var scripts = document.querySelectorAll('script[src*="/analytics.js"]');
      script = scripts[scripts.length - 1];
    }
    return script && script.src ? new URL(script.src).origin : 'http://analytics.localhost:8081';
  }

  function readCookie(name) {
    var pairs = document.cookie ? document.cookie.split('; ') : [];
    for (var i = 0; i < pairs.length; i++) {
      var eq = pairs[i].indexOf('=');
      if (pairs[i].slice(0, eq) === name) return pairs[i].slice(eq + 1);
    }
    return null;
  }

  var visitorId = readCookie('_demo_analytics');
  if (!visitorId) {
    visitorId = Math.random().toString(36).slice(2) + Date.now().toString(36);
  }
  // Two years, like the analytics cookies this one imitates.
  document.cookie = '_demo_analytics=' + visitorId + '; path=/; max-age=63072000; SameSite=Lax';

  window.demoAnalyticsLoaded = (window.demoAnalyticsLoaded || 0) + 1;

  new Image().src = scriptOrigin() + '/collect?page=' + encodeURIComponent(location.pathname) +
    '&cid=' + encodeURIComponent(visitorId);
})();
