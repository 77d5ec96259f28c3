/*
 * consent-banner boot loader.
 *
 * The one script a site includes, first thing in <head>:
 *   <script src="/consent/consent-boot.js" data-config="/consent.json" data-endpoint="/"></script>
 *
 * WebAssembly loads asynchronously, so it cannot run first; this script does, and stays small because every page view
 * pays for it (scripts/build-banner minifies it). It
 *   1. sets Google Consent Mode v2 defaults to denied before any Google tag can read them;
 *   2. holds every way a tracker can load or send before the visitor agrees: scripts, iframes, images, links and media
 *      inserted by other scripts (property setters, setAttribute, innerHTML, insertAdjacentHTML, document.write),
 *      markup the parser inserts, and fetch, XMLHttpRequest and sendBeacon requests. Requests are matched to services
 *      by the config's URL patterns; a third-party request made before the config is known waits for it;
 *   3. fetches the config and, for a returning visitor whose stored choice still stands, releases what they allowed
 *      without downloading the WASM. The rules mirror consent-core (StoredConsent::is_valid_for, UrlPattern::matches,
 *      SiteConfig::service_for_url); the end-to-end tests hold the two to the same answers;
 *   4. otherwise loads the banner (CSS + WASM) from the folder this script came from.
 * The banner hands its decisions back through window.consentBoot.apply(), so releasing has one implementation.
 * If anything fails, nothing is released: the page keeps working and every tracker stays blocked.
 */
(function (win, doc) {
  'use strict';

  var COOKIE = 'consent_banner'; // stored::COOKIE_NAME
  var FORMAT_VERSION = 1; // stored::FORMAT_VERSION
  var MAX_QUEUED = 200; // requests held per page view; a runaway tracker must not grow memory without bound
  var URL_ATTRIBUTE = { SCRIPT: 'src', IFRAME: 'src', IMG: 'src', SOURCE: 'src', VIDEO: 'src', AUDIO: 'src',
    EMBED: 'src', TRACK: 'src', INPUT: 'src', LINK: 'href', OBJECT: 'data' };
  var HELD = 'data-consent-held';
  var script = doc.currentScript;
  var base = script.src.slice(0, script.src.lastIndexOf('/') + 1);
  var configUrl = script.getAttribute('data-config') || '/consent.json';
  var Elem = win.Element.prototype;
  var setAttribute = Elem.setAttribute;
  var getAttribute = Elem.getAttribute;
  var config = null; // the parsed config, once fetched
  var required = {}; // strictly necessary categories: their services are never held
  var grantedCategories = null; // {id: true} once the visitor's choice is known for this page view
  var grantedServices = {};
  var queued = []; // held requests: {url, run}
  var bannerLoad = null;

  var boot = (win.consentBoot = {
    endpoint: script.getAttribute('data-endpoint') || '/',
    configUrl: configUrl,
    /** Where the bundle's files are (the banner fetches its locales/ from here). */
    base: base,
    /** The config's text once fetched: the banner parses and validates it in Rust. */
    configText: null,
    /**
     * What the banner opens on when it loads: 'banner', 'preferences', 'grant' (a placeholder's "Always allow") or
     * 'sync' (nothing to show: decisions are waiting to be sent).
     */
    view: 'banner',
    /** The category a placeholder's "Always allow" asked for, for the banner to record. */
    grantCategory: null,
    /** Set by the banner once loaded, so that later "Cookie settings" clicks reopen it. */
    showPreferences: null,
    /** Set by the banner once loaded: records "Always allow <category>" from a placeholder. */
    grant: null,
    apply: apply,
    emit: emit,
    /** JS API calls made before the banner loaded: [name, arguments], for it to answer. */
    calls: [],
    /** Set by the banner once loaded: {show, showPreferences, acceptCategories, reset}. */
    api: null,
    /** Whether a URL would be held now (for the banner's diagnostics and the tests). */
    blocks: function (url) { return !!blocker(url); },
    load: loadBanner
  });

  // ---- The JS API for site owners. Read-only calls answer at once from the choice in force (none, so false, until
  // the config has confirmed the stored choice); the others wait for the banner, which is loaded for them.
  var listeners = {};
  var consent = null; // {id, categories, services, decided_at_ms, expires_at_ms} of the choice in force

  function emit(name, detail) {
    (listeners[name] || []).slice().forEach(function (listener) {
      try {
        listener(detail);
      } catch (e) {
        console.error(e);
      }
    });
    win.dispatchEvent(new CustomEvent('consent:' + name, { detail: detail }));
  }

  function later(name) {
    return function () {
      if (boot.api) return boot.api[name].apply(null, arguments);
      boot.calls.push([name, arguments]);
      loadBanner();
    };
  }

  win.consentBanner = {
    acceptedCategory: function (id) { return !!(grantedCategories && grantedCategories[id]); },
    acceptedService: function (id) { return !!(grantedCategories && grantedServices[id]); },
    getConsent: function () { return consent && JSON.parse(JSON.stringify(consent)); },
    show: later('show'),
    showPreferences: later('showPreferences'),
    acceptCategories: later('acceptCategories'),
    reset: later('reset'),
    on: function (name, listener) { (listeners[name] = listeners[name] || []).push(listener); },
    off: function (name, listener) {
      listeners[name] = (listeners[name] || []).filter(function (l) { return l !== listener; });
    }
  };

  function fail(message) {
    console.error('consent-banner: ' + message + ' Every tracker stays blocked.');
  }

  // ---- Google Consent Mode v2: everything denied until the choice is known.
  win.dataLayer = win.dataLayer || [];
  function gtag() { win.dataLayer.push(arguments); }
  function consentModeState(granted) {
    var state = {};
    var map = (config && config.consent_mode) || {};
    ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage', 'functionality_storage',
      'personalization_storage', 'security_storage'].forEach(function (type) {
      var categories = map[type] || [];
      var on = granted && categories.length > 0 && categories.every(function (id) { return granted[id]; });
      state[type] = on ? 'granted' : 'denied';
    });
    return state;
  }
  var defaults = consentModeState(null);
  defaults.wait_for_update = 500;
  gtag('consent', 'default', defaults);
  gtag('set', 'ads_data_redaction', true);

  // ---- Which URLs are held. Mirrors consent-core's UrlPattern and SiteConfig::service_for_url.
  var UNKNOWN = { id: '', category: '' };

  function parse(url) {
    try {
      return new URL(url, doc.baseURI);
    } catch (e) {
      return null;
    }
  }

  function patternMatches(pattern, host, path) {
    var slash = pattern.indexOf('/');
    var patternHost = (slash < 0 ? pattern : pattern.slice(0, slash)).replace(/^\*\./, '').toLowerCase();
    var prefix = slash < 0 ? '' : pattern.slice(slash);
    var hostOk = host === patternHost ||
      (host.length > patternHost.length && host.slice(-patternHost.length - 1) === '.' + patternHost);
    return hostOk && path.indexOf(prefix) === 0;
  }

  /** The service whose most specific pattern covers the URL (longest host, then longest pattern). */
  function serviceFor(host, path) {
    var best = null, bestHost = -1, bestLength = -1;
    (config.services || []).forEach(function (service) {
      (service.hosts || []).forEach(function (pattern) {
        if (!patternMatches(pattern, host, path)) return;
        var patternHost = pattern.split('/')[0].replace(/^\*\./, '').length;
        if (patternHost > bestHost || (patternHost === bestHost && pattern.length > bestLength)) {
          best = service, bestHost = patternHost, bestLength = pattern.length;
        }
      });
    });
    return best;
  }

  /** null if the URL may load now; otherwise the service it belongs to (UNKNOWN while the config is not known). */
  function blocker(url) {
    var u = url == null ? null : parse(String(url));
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:')) return null;
    if (u.href.indexOf(base) === 0 || u.href === parse(configUrl).href) return null; // our own files
    if (!config) return u.origin === location.origin ? null : UNKNOWN;
    var service = serviceFor(u.hostname.toLowerCase(), u.pathname);
    if (!service || required[service.category]) return null;
    return grantedCategories && grantedCategories[service.category] && grantedServices[service.id] ? null : service;
  }

  // ---- Holding elements: the URL moves to data-src (data-href, data-srcset), scripts become inert text.
  function hold(el, name, value, service) {
    setAttribute.call(el, HELD, '');
    setAttribute.call(el, 'data-' + name, value);
    if (service !== UNKNOWN) {
      setAttribute.call(el, 'data-category', service.category);
      setAttribute.call(el, 'data-service', service.id);
    }
    if (el.tagName === 'SCRIPT' && getAttribute.call(el, 'type') !== 'text/plain') {
      if (el.hasAttribute('type')) setAttribute.call(el, 'data-type', getAttribute.call(el, 'type'));
      setAttribute.call(el, 'type', 'text/plain');
    }
  }

  /** Holds the element if the URL about to be set on it is blocked; true if it was held. */
  function guard(el, name, value) {
    var url = name === 'srcset' ? firstBlockedInSrcset(value) : value;
    var service = name === 'srcset' ? url && blocker(url) : blocker(url);
    if (!service) return false;
    hold(el, name, value, service);
    // An element that is not in the document (new Image(), a script not yet inserted) is released from the queue.
    if (!el.isConnected) queue(url, function () { activate(el); });
    return true;
  }

  function firstBlockedInSrcset(srcset) {
    var candidates = String(srcset).split(',');
    for (var i = 0; i < candidates.length; i++) {
      var url = candidates[i].trim().split(/\s+/)[0];
      if (url && blocker(url)) return url;
    }
    return null;
  }

  function guardProperty(type, name) {
    var proto = win[type] && win[type].prototype;
    var descriptor = proto && Object.getOwnPropertyDescriptor(proto, name);
    if (!descriptor || !descriptor.set) return;
    Object.defineProperty(proto, name, {
      configurable: true,
      enumerable: descriptor.enumerable,
      get: descriptor.get,
      set: function (value) {
        if (!guard(this, name, value)) descriptor.set.call(this, value);
      }
    });
  }

  function isUrlAttribute(el, name) {
    return URL_ATTRIBUTE[el.tagName] === name || (name === 'srcset' && (el.tagName === 'IMG' || el.tagName === 'SOURCE'));
  }

  function guardAttribute(method, nameAt) {
    var original = Elem[method];
    Elem[method] = function () {
      var name = String(arguments[nameAt]).toLowerCase(), value = arguments[nameAt + 1];
      if (isUrlAttribute(this, name) && guard(this, name, value)) return;
      // A tracker must not re-enable a script we hold by setting its type back.
      if (name === 'type' && this.tagName === 'SCRIPT' && this.hasAttribute(HELD)) {
        return setAttribute.call(this, 'data-type', value);
      }
      return original.apply(this, arguments);
    };
  }

  /** Holds every blocked element of a subtree that the parser made (innerHTML, document.write, the page itself). */
  function guardTree(root) {
    var found = false;
    var all = root.querySelectorAll ? root.querySelectorAll('*') : [];
    var nodes = root.nodeType === 1 ? [root].concat([].slice.call(all)) : [].slice.call(all);
    nodes.forEach(function (el) {
      // Tags the site marked itself wait for their category (and their URL) when released.
      if (el.hasAttribute('data-category')) return;
      ['src', 'href', 'data', 'srcset'].forEach(function (name) {
        if (isUrlAttribute(el, name) && el.hasAttribute(name) && !el.hasAttribute(HELD)) {
          var value = getAttribute.call(el, name);
          if (guard(el, name, value)) {
            el.removeAttribute(name);
            found = true;
          }
        }
      });
    });
    return found;
  }

  /** HTML with every blocked element held, parsed in an inert template so that nothing in it loads meanwhile. */
  var innerHTML = Object.getOwnPropertyDescriptor(Elem, 'innerHTML');
  function cleanHtml(html) {
    var template = doc.createElement('template');
    innerHTML.set.call(template, html);
    return guardTree(template.content) ? innerHTML.get.call(template) : html;
  }

  function guardHtmlProperty(proto, name) {
    var descriptor = Object.getOwnPropertyDescriptor(proto, name);
    Object.defineProperty(proto, name, {
      configurable: true,
      enumerable: descriptor.enumerable,
      get: descriptor.get,
      set: function (html) { descriptor.set.call(this, cleanHtml(html)); }
    });
  }

  function guardHtmlMethod(proto, method, htmlAt) {
    var original = proto[method];
    proto[method] = function () {
      var args = [].slice.call(arguments);
      for (var i = htmlAt; i < args.length; i++) args[i] = cleanHtml(args[i]);
      return original.apply(this, args);
    };
  }

  ['HTMLScriptElement', 'HTMLIFrameElement', 'HTMLImageElement', 'HTMLSourceElement', 'HTMLMediaElement',
    'HTMLEmbedElement', 'HTMLTrackElement', 'HTMLInputElement'].forEach(function (type) { guardProperty(type, 'src'); });
  guardProperty('HTMLImageElement', 'srcset');
  guardProperty('HTMLSourceElement', 'srcset');
  guardProperty('HTMLLinkElement', 'href');
  guardProperty('HTMLObjectElement', 'data');
  guardAttribute('setAttribute', 0);
  guardAttribute('setAttributeNS', 1);
  var scriptType = Object.getOwnPropertyDescriptor(win.HTMLScriptElement.prototype, 'type');
  Object.defineProperty(win.HTMLScriptElement.prototype, 'type', {
    configurable: true,
    get: scriptType.get,
    set: function (value) {
      if (this.hasAttribute(HELD)) setAttribute.call(this, 'data-type', value);
      else scriptType.set.call(this, value);
    }
  });
  guardHtmlProperty(Elem, 'innerHTML');
  guardHtmlProperty(Elem, 'outerHTML');
  guardHtmlMethod(Elem, 'insertAdjacentHTML', 1);
  guardHtmlMethod(win.Document.prototype, 'write', 0);
  guardHtmlMethod(win.Document.prototype, 'writeln', 0);
  guardHtmlMethod(win.Range.prototype, 'createContextualFragment', 0);

  // Markup the parser inserts: scripts are held before they run (observers are called before the parser runs a
  // script), images and iframes before they are seen. Static tags should still be marked type="text/plain": the
  // browser's preload scanner may fetch an unmarked tag's URL before any script sees it.
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      [].forEach.call(record.addedNodes, function (node) { if (node.nodeType === 1) guardTree(node); });
    });
  }).observe(doc.documentElement, { childList: true, subtree: true });

  // ---- Holding requests.
  function queue(url, run) {
    if (queued.length >= MAX_QUEUED) queued.shift();
    queued.push({ url: url, run: run });
  }

  var realFetch = win.fetch;
  if (realFetch) {
    win.fetch = function (input, init) {
      var url = input && typeof input === 'object' && 'url' in input ? input.url : input;
      if (!blocker(url)) return realFetch.call(win, input, init);
      return new Promise(function (resolve, reject) {
        queue(url, function () { realFetch.call(win, input, init).then(resolve, reject); });
      });
    };
  }

  var xhr = win.XMLHttpRequest.prototype, xhrOpen = xhr.open, xhrSend = xhr.send;
  xhr.open = function (method, url) {
    this.__consentUrl = url;
    return xhrOpen.apply(this, arguments);
  };
  xhr.send = function () {
    var request = this, args = arguments, url = this.__consentUrl;
    if (!blocker(url)) return xhrSend.apply(request, args);
    queue(url, function () { xhrSend.apply(request, args); });
  };

  var nav = win.navigator, realBeacon = nav.sendBeacon;
  if (realBeacon) {
    nav.sendBeacon = function (url, data) {
      if (!blocker(url)) return realBeacon.call(nav, url, data);
      queue(url, function () { realBeacon.call(nav, url, data); });
      return true; // queued, as a beacon is: the caller may not learn more
    };
  }

  // ---- Releasing.
  /** Activates a held element if what it belongs to is allowed now. */
  function activate(el) {
    var category = getAttribute.call(el, 'data-category');
    var service = getAttribute.call(el, 'data-service');
    var name = el.hasAttribute('data-srcset') ? 'srcset' : URL_ATTRIBUTE[el.tagName] || 'src';
    var url = getAttribute.call(el, 'data-' + name) || getAttribute.call(el, 'data-src');
    var urlAllowed = !blocker(name === 'srcset' ? firstBlockedInSrcset(url) : url);
    var allowed = el.hasAttribute(HELD)
      ? urlAllowed
      : urlAllowed && grantedCategories && grantedCategories[category] && (!service || grantedServices[service]);
    if (el.hasAttribute('data-consent-released')) {
      if (!allowed) revoke(el, name);
      return;
    }
    if (!allowed) return;
    setAttribute.call(el, 'data-consent-released', '');
    removePlaceholder(el);
    if (el.tagName === 'SCRIPT') {
      if (getAttribute.call(el, 'type') !== 'text/plain') return;
      // A script runs only when it is inserted as runnable: copy it without the type that held it back.
      var live = doc.createElement('script');
      for (var i = 0; i < el.attributes.length; i++) {
        var attr = el.attributes[i];
        if (attr.name !== 'type' && attr.name !== 'data-src') setAttribute.call(live, attr.name, attr.value);
      }
      scriptType.set.call(live, getAttribute.call(el, 'data-type') || 'text/javascript');
      live.nonce = el.nonce;
      // Keep document order for markup scripts unless they asked for async; inserted ones were async anyway.
      live.async = el.hasAttribute('async') || el.hasAttribute(HELD);
      if (url) setAttribute.call(live, 'src', url);
      else live.text = el.text;
      if (el.parentNode) return el.parentNode.replaceChild(live, el);
      // Not inserted yet: make the element itself runnable, so that it runs when its code inserts it.
      scriptType.set.call(el, getAttribute.call(el, 'data-type') || 'text/javascript');
      if (url) setAttribute.call(el, 'src', url);
    } else if (url) {
      setAttribute.call(el, name, url);
    }
  }

  /** Stops a released frame or media element whose consent was withdrawn; scripts cannot be stopped once run. */
  function revoke(el, name) {
    if (el.tagName === 'SCRIPT' || el.tagName === 'IMG' || el.tagName === 'LINK') return;
    el.removeAttribute('data-consent-released');
    el.removeAttribute(name);
    if (el.tagName === 'IFRAME') setAttribute.call(el, 'src', 'about:blank');
  }

  /** Releases held requests whose URL is allowed now, once each. */
  function releaseQueued() {
    var waiting = queued;
    queued = [];
    waiting.forEach(function (item) {
      if (blocker(item.url)) queued.push(item);
      else item.run();
    });
  }

  function releaseAll() {
    [].forEach.call(doc.querySelectorAll('[data-category],[' + HELD + ']'), activate);
    releaseQueued();
    if (grantedCategories) showPlaceholders();
  }

  /**
   * Applies a decision: categories and services granted for this page view. Called on a returning visit, and by the
   * banner after every choice. Withdrawn ones are held again from now on; the banner deletes their cookies.
   */
  function apply(categories, services, choice) {
    consent = choice || null;
    grantedCategories = {};
    grantedServices = {};
    categories.forEach(function (id) { grantedCategories[id] = true; });
    (services || []).forEach(function (id) { grantedServices[id] = true; });
    var state = consentModeState(grantedCategories);
    gtag('consent', 'update', state);
    gtag('set', 'ads_data_redaction', state.ad_storage === 'denied');
    releaseAll();
    whenParsed(releaseAll);
    whenParsed(floatingButton);
  }

  // ---- The floating "Cookie settings" button, so that withdrawing stays one click away on every page once the
  // visitor has chosen ("floating_button": "bottom-left" (default) | "bottom-right" | "none"). A page with its own
  // [data-consent-open] link gets none. The button is such a link itself, so the click handler below opens the
  // preferences. Its label is the one the banner last showed (src/boot_words.rs), else the config's, else English.
  function floatingButton() {
    var side = config.floating_button || 'bottom-left';
    if (side === 'none' || doc.querySelector('[data-consent-open]')) return;
    var words = {};
    try {
      words = JSON.parse(localStorage.getItem('consent_banner_words')) || {};
    } catch (e) { /* no storage: the config's words */ }
    var accent = (config.theme && config.theme.accent) || '#0b57d0';
    var b = doc.createElement('button');
    b.type = 'button';
    b.textContent = words.cookie_settings || (config.texts && config.texts.cookie_settings) || 'Cookie settings';
    if (words.lang) b.lang = words.lang;
    setAttribute.call(b, 'data-consent-open', '');
    setAttribute.call(b, 'data-consent-floating', '');
    b.style.cssText = 'position:fixed;bottom:16px;' + (side === 'bottom-right' ? 'right' : 'left') + ':16px;' +
      'z-index:2147482999;min-height:44px;padding:8px 16px;border:2px solid ' + accent + ';border-radius:22px;' +
      'background:#fff;color:' + accent + ';font:600 15px/1.2 system-ui,sans-serif;cursor:pointer;' +
      'box-shadow:0 2px 8px rgba(0,0,0,.3)';
    doc.body.appendChild(b);
  }

  // ---- Placeholders for held iframes, drawn by a module loaded only on pages that have one.
  var placeholders = null;
  var placeholderActions = {
    loadOnce: function (frame) {
      setAttribute.call(frame, 'data-consent-released', '');
      setAttribute.call(frame, 'src', getAttribute.call(frame, 'data-src'));
      removePlaceholder(frame);
    },
    allow: function (category) {
      if (boot.grant) return boot.grant(category);
      boot.view = 'grant';
      boot.grantCategory = category;
      loadBanner();
    }
  };

  function showPlaceholders() {
    var frames = [].filter.call(doc.querySelectorAll('iframe[data-category]:not([data-consent-released])'),
      function (frame) { return !placeholderOf(frame); });
    if (!frames.length) return;
    placeholders = placeholders || import(base + 'consent-placeholders.js');
    placeholders.then(function (module) {
      module.default(frames.filter(function (frame) { return !placeholderOf(frame); }), config, placeholderActions);
    }).catch(function (e) { fail('the embed placeholders could not be loaded (' + e.message + ').'); });
  }

  function placeholderOf(frame) {
    var box = frame.previousElementSibling;
    return box && box.hasAttribute('data-consent-placeholder') ? box : null;
  }

  function removePlaceholder(frame) {
    var box = placeholderOf(frame);
    if (box) box.parentNode.removeChild(box);
    if (frame.style) frame.style.display = '';
  }

  // ---- The stored choice. Mirrors StoredConsent::from_cookie_value and StoredConsent::is_valid_for.
  function readStored() {
    var match = doc.cookie.match(/(?:^|;\s*)consent_banner=([^;]*)/);
    if (!match) return null;
    try {
      var stored = JSON.parse(decodeURIComponent(match[1]));
      var lists = stored && [stored.g, stored.d, stored.sg || [], stored.sd || []].every(Array.isArray);
      var contradicts = lists && (stored.g.some(function (id) { return stored.d.indexOf(id) >= 0; }) ||
        (stored.sg || []).some(function (id) { return (stored.sd || []).indexOf(id) >= 0; }));
      return stored.v === FORMAT_VERSION && lists && !contradicts ? stored : null;
    } catch (e) {
      return null;
    }
  }

  /** Same site, same config revision, not expired, and a decision for every category and service of the config. */
  function stillStands(stored) {
    var decided = stored.g.concat(stored.d);
    var decidedServices = (stored.sg || []).concat(stored.sd || []);
    return stored.site === config.site &&
      stored.rev === config.revision &&
      Date.now() < stored.exp &&
      config.categories.every(function (c) { return decided.indexOf(c.id) >= 0; }) &&
      (config.services || []).every(function (s) { return decidedServices.indexOf(s.id) >= 0; });
  }

  function queuedDecisions() {
    try {
      return /"consent_id"/.test(localStorage.getItem('consent_banner_queue') || '');
    } catch (e) {
      return false;
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

  realFetch.call(win, configUrl, { credentials: 'same-origin' })
    .then(function (response) {
      if (!response.ok) throw new Error('the config ' + configUrl + ' could not be loaded (HTTP ' + response.status + ').');
      return response.text();
    })
    .then(function (body) {
      var parsed;
      try {
        parsed = JSON.parse(body);
      } catch (e) {
        throw new Error('the config ' + configUrl + ' is not valid JSON (' + e.message + ').');
      }
      if (!parsed || !Array.isArray(parsed.categories)) {
        throw new Error('the config ' + configUrl + ' has no list of categories.');
      }
      config = parsed;
      boot.configText = body;
      config.categories.forEach(function (c) { if (c.required) required[c.id] = true; });
      var stored = readStored();
      if (stored && stillStands(stored)) {
        apply(stored.g, stored.sg || [], { id: stored.id, categories: stored.g, services: stored.sg || [],
          decided_at_ms: stored.at, expires_at_ms: stored.exp });
        emit('consent', win.consentBanner.getConsent());
        // Decisions not yet acknowledged by the endpoint are sent by the banner, loaded without showing itself.
        if (queuedDecisions()) {
          boot.view = 'sync';
          whenParsed(loadBanner);
        }
      } else {
        // The config is known, so third-party requests it does not list may go; trackers wait for the banner.
        releaseAll();
        whenParsed(loadBanner);
      }
    })
    .catch(function (e) {
      fail(e instanceof TypeError ? 'the config ' + configUrl + ' could not be loaded (' + e.message + ').' : e.message);
    });
})(window, document);
