/*
 * consent-banner boot loader.
 *
 * The one script a site includes, first thing in <head>:
 *   <script src="/consent/consent-boot.js" data-config="/consent.json" data-endpoint="/"></script>
 *
 * It exists because WebAssembly loads asynchronously and so cannot run first. It stays small and logic-light: it is paid
 * for on every page view, while the banner (Rust/WASM) is only downloaded when a visitor has to be asked.
 *   1. It fetches the site's config. If that fails, nothing is released (fail closed) and the console says why.
 *   2. A returning visitor whose stored choice still stands gets what they allowed released, and the WASM is never
 *      downloaded. The rule for "still stands" mirrors StoredConsent::is_valid_for in crates/consent-core/src/stored.rs;
 *      the end-to-end tests hold the two to the same answers.
 *   3. Anyone else gets the banner: its CSS and the WASM are loaded from the folder this script came from.
 * Releasing tags lives here, not in Rust, because the returning-visitor path must do it without the WASM; the banner
 * calls window.consentBoot.release() after a decision, so there is one implementation of it.
 */
(function (win, doc) {
  'use strict';

  var COOKIE = 'consent_banner'; // stored::COOKIE_NAME
  var FORMAT_VERSION = 1; // stored::FORMAT_VERSION
  var script = doc.currentScript;
  var base = script.src.slice(0, script.src.lastIndexOf('/') + 1);
  var configUrl = script.getAttribute('data-config') || '/consent.json';
  var granted = {};
  var bannerLoad = null;

  var boot = (win.consentBoot = {
    endpoint: script.getAttribute('data-endpoint') || '/',
    configUrl: configUrl,
    /** The config's text once fetched: the banner parses and validates it in Rust. */
    configText: null,
    /** What the banner opens on when it loads: 'banner' or 'preferences'. */
    view: 'banner',
    /** Set by the banner once loaded, so that later "Cookie settings" clicks reopen it. */
    showPreferences: null,
    release: release
  });

  function fail(message) {
    console.error('consent-banner: ' + message + ' Every tracker stays blocked.');
  }

  /** The stored choice, or null if there is none or it is not ours (it is then never trusted). */
  function readStored() {
    var match = doc.cookie.match(/(?:^|;\s*)consent_banner=([^;]*)/);
    if (!match) return null;
    try {
      var stored = JSON.parse(decodeURIComponent(match[1]));
      var lists = stored && Array.isArray(stored.g) && Array.isArray(stored.d);
      var contradicts = lists && stored.g.some(function (id) { return stored.d.indexOf(id) >= 0; });
      return stored.v === FORMAT_VERSION && lists && !contradicts ? stored : null;
    } catch (e) {
      return null;
    }
  }

  /** Same site, same config revision, not expired, and a decision for every category of the config. */
  function stillStands(stored, config) {
    var decided = stored.g.concat(stored.d);
    return stored.site === config.site &&
      stored.rev === config.revision &&
      Date.now() < stored.exp &&
      Array.isArray(config.categories) &&
      config.categories.every(function (category) { return decided.indexOf(category.id) >= 0; });
  }

  /** Marks categories as granted and activates every held element of theirs that the document has so far. */
  function release(categories) {
    categories.forEach(function (id) { granted[id] = true; });
    var held = doc.querySelectorAll('[data-category]');
    for (var i = 0; i < held.length; i++) activate(held[i]);
  }

  function activate(el) {
    if (!granted[el.getAttribute('data-category')] || el.hasAttribute('data-consent-released')) return;
    el.setAttribute('data-consent-released', '');
    if (el.tagName === 'SCRIPT') {
      if (el.type !== 'text/plain') return;
      // A script only runs if it is a new element: copy every attribute but the type that held it back.
      var live = doc.createElement('script');
      for (var i = 0; i < el.attributes.length; i++) {
        var attr = el.attributes[i];
        if (attr.name !== 'type') live.setAttribute(attr.name, attr.value);
      }
      live.type = el.getAttribute('data-type') || 'text/javascript';
      live.nonce = el.nonce;
      // Inserted scripts are async by default; keep document order unless the tag asked for async.
      live.async = el.hasAttribute('async');
      if (!el.src) live.text = el.text;
      el.parentNode.replaceChild(live, el);
    } else if (el.hasAttribute('data-src')) {
      el.setAttribute('src', el.getAttribute('data-src'));
    }
  }

  function whenParsed(run) {
    if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', run);
    else run();
  }

  function loadBanner() {
    if (!bannerLoad) {
      var css = doc.createElement('link');
      css.rel = 'stylesheet';
      css.href = base + 'banner.css';
      doc.head.appendChild(css);
      bannerLoad = import(base + 'consent-banner.js')
        .then(function (glue) { return glue.default(); })
        .catch(function (e) { fail('the banner could not be loaded (' + e.message + ').'); });
    }
    return bannerLoad;
  }

  // "Cookie settings" links anywhere on the page reopen the preferences, loading the banner if needed.
  doc.addEventListener('click', function (event) {
    var opener = event.target.closest && event.target.closest('[data-consent-open]');
    if (!opener) return;
    event.preventDefault();
    if (boot.showPreferences) return boot.showPreferences();
    if (boot.configText === null) return fail('the preferences cannot open: the config did not load.');
    boot.view = 'preferences';
    loadBanner();
  });

  fetch(configUrl, { credentials: 'same-origin' })
    .then(function (response) {
      if (!response.ok) throw new Error('the config ' + configUrl + ' could not be loaded (HTTP ' + response.status + ').');
      return response.text();
    })
    .then(function (text) {
      var config;
      try {
        config = JSON.parse(text);
      } catch (e) {
        throw new Error('the config ' + configUrl + ' is not valid JSON (' + e.message + ').');
      }
      boot.configText = text;
      var stored = readStored();
      if (stored && config && stillStands(stored, config)) {
        release(stored.g);
        whenParsed(function () { release(stored.g); });
      } else {
        whenParsed(loadBanner);
      }
    })
    .catch(function (e) {
      fail(e instanceof TypeError ? 'the config ' + configUrl + ' could not be loaded (' + e.message + ').' : e.message);
    });
})(window, document);
