/*
 * Corpus tracker: a stand-in for a real third-party SDK, served by tracker-recorder for any script URL.
 * It behaves like the real one would: sets the first-party cookies the real SDK sets (by the host it was loaded from)
 * and reports a page view to the real SDK's collector host by every route real SDKs use.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  var from = new URL(script ? script.src : location.href);
  var profiles = {
    'www.googletagmanager.com': { cookies: ['_ga', '_ga_CORPUS1', '_gid'], collect: 'https://region1.google-analytics.com/g/collect' },
    'connect.facebook.net': { cookies: ['_fbp'], collect: 'https://www.facebook.com/tr' },
    'static.hotjar.com': { cookies: ['_hjSessionUser_1234', '_hjSession_1234'], collect: 'https://in.hotjar.com/api/v2/client/sites/1234/visit-data' },
    'snap.licdn.com': { cookies: [], collect: 'https://px.ads.linkedin.com/collect' },
    'analytics.tiktok.com': { cookies: ['_ttp'], collect: 'https://analytics.tiktok.com/api/v2/pixel' },
    'www.youtube.com': { cookies: [], collect: 'https://www.youtube.com/api/stats/qoe' }
  };
  var profile = profiles[from.hostname] || { cookies: ['_corpus_' + from.hostname.replace(/\W/g, '_')], collect: from.origin + '/collect' };
  profile.cookies.forEach(function (name) {
    document.cookie = name + '=corpus.' + Date.now() + '; path=/; max-age=3600; SameSite=Lax';
  });
  try { localStorage.setItem('_corpus_' + from.hostname, 'seen'); } catch (e) { /* storage may be off */ }

  function report(event) {
    var query = '?tracker=' + encodeURIComponent(from.hostname) + '&event=' + encodeURIComponent(event);
    new Image().src = profile.collect + query + '&via=image';
    if (window.fetch) fetch(profile.collect + query + '&via=fetch', { method: 'POST', mode: 'no-cors', body: event });
    if (navigator.sendBeacon) navigator.sendBeacon(profile.collect + query + '&via=beacon', event);
    var xhr = new XMLHttpRequest();
    xhr.open('GET', profile.collect + query + '&via=xhr');
    xhr.send();
  }

  window.corpusLoaded = (window.corpusLoaded || []).concat(from.hostname);
  window.corpusReport = report;
  report('page_view');
})();
