/*
 * consent-banner boot loader.
 *
 * The one script a site includes, first thing in <head>:
 *   <script src="/consent/consent-boot.js" data-config="/consent.json" data-endpoint="/"></script>
 *
 * WebAssembly loads asynchronously, so it cannot run first; this script does, and stays small because every page view
 * pays for it (scripts/build-banner minifies it; it is written in ES2020 so that the minified form is short). It
 *   1. sets Google Consent Mode v2 defaults to denied before any Google tag can read them;
 *   2. holds every way a tracker can load or send before the visitor agrees: scripts, iframes, images, links and media
 *      inserted by other scripts (property setters, setAttribute, innerHTML, insertAdjacentHTML, document.write),
 *      markup the parser inserts, fetch, XMLHttpRequest and sendBeacon requests, and WebSocket and EventSource
 *      connections (refused while held: a connection cannot wait). Requests are matched to services
 *      by the config's URL patterns; a third-party request made before the config is known waits for it;
 *   3. fetches the config and, for a returning visitor whose stored choice still stands, releases what they allowed
 *      without downloading the WASM. The rules mirror consent-core (StoredConsent::is_valid_for, UrlPattern::matches,
 *      SiteConfig::service_for_url); the end-to-end tests hold the two to the same answers;
 *   4. otherwise loads the banner (WASM, and its CSS preloaded) from the folder this script came from;
 *   5. defines the JS API (window.consentBanner) and draws the floating "Cookie settings" button.
 * The banner hands its decisions back through window.consentBoot.apply(), so releasing has one implementation.
 * If anything fails, nothing is released: the page keeps working and every tracker stays blocked.
 */
((win, doc) => {
  'use strict';

  const FORMAT_VERSION = 1; // stored::FORMAT_VERSION; the cookie's name, consent_banner, is stored::COOKIE_NAME
  const MAX_QUEUED = 200; // requests held per page view: a runaway tracker must not grow memory without bound
  const URL_ATTRIBUTE = { SCRIPT: 'src', IFRAME: 'src', IMG: 'src', SOURCE: 'src', VIDEO: 'src', AUDIO: 'src',
    EMBED: 'src', TRACK: 'src', INPUT: 'src', LINK: 'href', OBJECT: 'data' };
  const HELD = 'data-consent-held';
  const RELEASED = 'data-consent-released';
  const INERT = 'data-consent-inert';
  const script = doc.currentScript;
  const base = script.src.slice(0, script.src.lastIndexOf('/') + 1);
  const configUrl = script.getAttribute('data-config') || '/consent.json';
  const Elem = win.Element.prototype;
  const setAttribute = Elem.setAttribute;
  const getAttribute = Elem.getAttribute;
  // The original setters and getters: the patched ones below would hold our own writes.
  const attr = (el, name, value) => setAttribute.call(el, name, value);
  const get = (el, name) => getAttribute.call(el, name);
  const has = (el, name) => el.hasAttribute(name);
  const all = (selector) => [...doc.querySelectorAll(selector)];
  let config = null; // the parsed config, once fetched
  const required = {}; // strictly necessary categories: their services are never held
  let grantedCategories = null; // {id: true} once the visitor's choice is known for this page view
  let grantedServices = {};
  let queued = []; // held requests: {url, run}
  let bannerLoad = null;
  let consent = null; // {id, categories, services, decided_at_ms, expires_at_ms} of the choice in force
  const listeners = {};

  /*
   * The handle the banner reads (src/boot.rs). Besides what is set here, the banner reads, when set:
   *   configText     the config's text once fetched: the banner parses and validates it in Rust;
   *   view           what the banner opens on: 'preferences', 'grant' (a placeholder's "Always allow" for the
   *                  category in grantCategory) or 'sync' (nothing to show: decisions are waiting to be sent);
   *                  unset, the first layer;
   * and sets, once loaded: showPreferences (later "Cookie settings" clicks), grant (a placeholder's "Always allow")
   * and api ({show, showPreferences, acceptCategories, reset}).
   */
  const boot = (win.consentBoot = {
    endpoint: script.getAttribute('data-endpoint') || '/',
    configUrl,
    /** Where the bundle's files are (the banner fetches its locales/ from here). */
    base,
    apply,
    emit,
    /** JS API calls made before the banner loaded: [name, arguments], for it to answer. */
    calls: [],
    /** Whether a URL would be held now (for the banner's diagnostics and the tests). */
    blocks: (url) => !!blocker(url),
    load: loadBanner
  });

  // ---- The JS API for site owners. Read-only calls answer at once from the choice in force (none, so false, until
  // the config has confirmed the stored choice); the others wait for the banner, which is loaded for them.
  function emit(name, detail) {
    for (const listener of (listeners[name] || []).slice()) {
      try {
        listener(detail);
      } catch (e) {
        console.error(e);
      }
    }
    win.dispatchEvent(new CustomEvent('consent:' + name, { detail }));
  }

  const later = (name) => (...args) => {
    if (boot.api) return boot.api[name](...args);
    boot.calls.push([name, args]);
    loadBanner();
  };

  win.consentBanner = {
    acceptedCategory: (id) => !!grantedCategories?.[id],
    acceptedService: (id) => !!(grantedCategories && grantedServices[id]),
    getConsent: () => consent && structuredClone(consent),
    show: later('show'),
    showPreferences: later('showPreferences'),
    acceptCategories: later('acceptCategories'),
    reset: later('reset'),
    on: (name, listener) => (listeners[name] ||= []).push(listener),
    off: (name, listener) => { listeners[name] = (listeners[name] || []).filter((l) => l !== listener); }
  };

  const fail = (message) => console.error(`consent-banner: ${message} Every tracker stays blocked.`);

  // ---- Google Consent Mode v2: everything denied until the choice is known.
  const dataLayer = (win.dataLayer ||= []);
  function gtag() { dataLayer.push(arguments); }
  const consentModeState = (granted) => {
    const state = {};
    for (const type of ('ad_storage ad_user_data ad_personalization analytics_storage functionality_storage ' +
      'personalization_storage security_storage').split(' ')) {
      const categories = config?.consent_mode?.[type] || [];
      state[type] = granted && categories.length && categories.every((id) => granted[id]) ? 'granted' : 'denied';
    }
    return state;
  };
  gtag('consent', 'default', { ...consentModeState(null), wait_for_update: 500 });
  gtag('set', 'ads_data_redaction', true);

  // ---- Which URLs are held. Mirrors consent-core's UrlPattern and SiteConfig::service_for_url.
  const UNKNOWN = { id: '', category: '' };

  const parse = (url) => {
    try {
      return new URL(url, doc.baseURI);
    } catch (e) {
      return null;
    }
  };

  /** The service whose most specific pattern covers the host and path (longest host, then longest pattern). */
  const serviceFor = (host, path) => {
    let best = null, bestHost = -1, bestLength = -1;
    for (const service of config.services || []) {
      for (const pattern of service.hosts || []) {
        const slash = pattern.indexOf('/');
        const patternHost = (slash < 0 ? pattern : pattern.slice(0, slash)).replace(/^\*\./, '').toLowerCase();
        const hostOk = host === patternHost || host.endsWith('.' + patternHost);
        if (!hostOk || !path.startsWith(slash < 0 ? '' : pattern.slice(slash))) continue;
        if (patternHost.length > bestHost || (patternHost.length === bestHost && pattern.length > bestLength)) {
          best = service, bestHost = patternHost.length, bestLength = pattern.length;
        }
      }
    }
    return best;
  };

  /** null if the URL may load now; otherwise the service it belongs to (UNKNOWN while the config is not known). */
  const blocker = (url) => {
    const u = url == null ? null : parse(String(url));
    if (!u || !/^https?:$/.test(u.protocol)) return null;
    if (u.href.startsWith(base) || u.href === parse(configUrl).href) return null; // our own files
    if (!config) return u.origin === location.origin ? null : UNKNOWN;
    const service = serviceFor(u.hostname.toLowerCase(), u.pathname);
    if (!service || required[service.category]) return null;
    return grantedCategories?.[service.category] && grantedServices[service.id] ? null : service;
  };

  const firstBlockedInSrcset = (srcset) =>
    String(srcset).split(',').map((candidate) => candidate.trim().split(/\s+/)[0]).find((url) => url && blocker(url));

  // ---- Holding elements: the URL moves to data-src (data-href, data-srcset), scripts become inert text.
  /** Holds the element if the URL about to be set on it is blocked; true if it was held. */
  const guard = (el, name, value) => {
    const url = name === 'srcset' ? firstBlockedInSrcset(value) : value;
    const service = url && blocker(url);
    if (!service) return false;
    attr(el, HELD, '');
    attr(el, 'data-' + name, value);
    if (service !== UNKNOWN) {
      attr(el, 'data-category', service.category);
      attr(el, 'data-service', service.id);
    }
    if (el.tagName === 'SCRIPT' && get(el, 'type') !== 'text/plain') {
      if (has(el, 'type')) attr(el, 'data-type', get(el, 'type'));
      attr(el, 'type', 'text/plain');
    }
    // An element that is not in the document (new Image(), a script not yet inserted) is released from the queue.
    if (!el.isConnected) queue(url, () => activate(el));
    return true;
  };

  const redefine = (proto, name, set) => {
    const descriptor = Object.getOwnPropertyDescriptor(proto, name);
    if (descriptor?.set) {
      Object.defineProperty(proto, name, {
        configurable: true,
        enumerable: descriptor.enumerable,
        get: descriptor.get,
        set(value) { set(this, value, descriptor.set); }
      });
    }
    return descriptor;
  };

  const isUrlAttribute = (el, name) =>
    URL_ATTRIBUTE[el.tagName] === name || (name === 'srcset' && /^(IMG|SOURCE)$/.test(el.tagName));

  /**
   * Holds every blocked element of a subtree that the parser made (innerHTML, document.write, the page itself).
   * Scripts that arrive as `inert` HTML (innerHTML, outerHTML, insertAdjacentHTML) never run in a browser, so they
   * are marked to stay that way when their category is granted: consent must not make markup live.
   */
  const guardTree = (root, inert) => {
    let found = false;
    for (const el of [...(root.nodeType === 1 ? [root] : []), ...root.querySelectorAll('*')]) {
      // Tags the site marked itself wait for their category (and their URL) when released.
      if (has(el, 'data-category') || has(el, HELD)) continue;
      for (const name of ['src', 'href', 'data', 'srcset']) {
        if (isUrlAttribute(el, name) && has(el, name) && guard(el, name, get(el, name))) {
          el.removeAttribute(name);
          if (inert && el.tagName === 'SCRIPT') attr(el, INERT, '');
          found = true;
        }
      }
    }
    return found;
  };

  /** HTML with every blocked element held, parsed in an inert template so that nothing in it loads meanwhile. */
  const innerHTML = Object.getOwnPropertyDescriptor(Elem, 'innerHTML');
  const cleanHtml = (html, inert) => {
    const template = doc.createElement('template');
    innerHTML.set.call(template, html);
    return guardTree(template.content, inert) ? innerHTML.get.call(template) : html;
  };

  const guardHtmlMethod = (proto, method, htmlAt, inert) => {
    const original = proto[method];
    proto[method] = function (...args) {
      return original.apply(this, args.map((arg, i) => (i < htmlAt ? arg : cleanHtml(arg, inert))));
    };
  };

  for (const type of ['Script', 'IFrame', 'Image', 'Source', 'Media', 'Embed', 'Track', 'Input']) {
    redefine(win[`HTML${type}Element`].prototype, 'src', (el, value, set) => guard(el, 'src', value) || set.call(el, value));
  }
  for (const [type, name] of [['Image', 'srcset'], ['Source', 'srcset'], ['Link', 'href'], ['Object', 'data']]) {
    redefine(win[`HTML${type}Element`].prototype, name, (el, value, set) => guard(el, name, value) || set.call(el, value));
  }
  for (const [method, nameAt] of [['setAttribute', 0], ['setAttributeNS', 1]]) {
    const original = Elem[method];
    Elem[method] = function (...args) {
      const name = String(args[nameAt]).toLowerCase(), value = args[nameAt + 1];
      if (isUrlAttribute(this, name) && guard(this, name, value)) return;
      // A tracker must not re-enable a script we hold by setting its type back.
      if (name === 'type' && this.tagName === 'SCRIPT' && has(this, HELD)) return attr(this, 'data-type', value);
      return original.apply(this, args);
    };
  }
  const scriptType = redefine(win.HTMLScriptElement.prototype, 'type',
    (el, value, set) => (has(el, HELD) ? attr(el, 'data-type', value) : set.call(el, value)));
  for (const name of ['innerHTML', 'outerHTML']) redefine(Elem, name, (el, html, set) => set.call(el, cleanHtml(html, 1)));
  guardHtmlMethod(Elem, 'insertAdjacentHTML', 1, 1);
  guardHtmlMethod(win.Document.prototype, 'write', 0);
  guardHtmlMethod(win.Document.prototype, 'writeln', 0);
  guardHtmlMethod(win.Range.prototype, 'createContextualFragment', 0);

  // Markup the parser inserts: scripts are held before they run (observers are called before the parser runs a
  // script), images and iframes before they are seen. Static tags should still be marked type="text/plain": the
  // browser's preload scanner may fetch an unmarked tag's URL before any script sees it.
  new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) if (node.nodeType === 1) guardTree(node);
  }).observe(doc.documentElement, { childList: true, subtree: true });

  // ---- Holding requests.
  function queue(url, run) {
    if (queued.length >= MAX_QUEUED) queued.shift();
    queued.push({ url, run });
  }

  const realFetch = win.fetch;
  win.fetch = (input, init) => {
    const url = input?.url ?? input;
    return blocker(url)
      ? new Promise((resolve, reject) => queue(url, () => realFetch(input, init).then(resolve, reject)))
      : realFetch(input, init);
  };

  const xhr = win.XMLHttpRequest.prototype, xhrOpen = xhr.open, xhrSend = xhr.send;
  xhr.open = function (method, url) {
    this.__consentUrl = url;
    return xhrOpen.apply(this, arguments);
  };
  xhr.send = function (...args) {
    const url = this.__consentUrl;
    if (!blocker(url)) return xhrSend.apply(this, args);
    queue(url, () => xhrSend.apply(this, args));
  };

  const nav = win.navigator, realBeacon = nav.sendBeacon?.bind(nav);
  if (realBeacon) {
    // A held beacon reports true, as a queued beacon does: the caller may not learn more.
    nav.sendBeacon = (url, data) => (blocker(url) ? (queue(url, () => realBeacon(url, data)), true) : realBeacon(url, data));
  }

  // A connection cannot wait: the caller holds the object at once. A held one is refused the way a browser refuses a
  // connection its policy forbids (a SecurityError), so no request is made; once allowed, the next attempt connects.
  for (const name of ['WebSocket', 'EventSource']) {
    if (win[name]) {
      win[name] = new Proxy(win[name], {
        construct(Real, args, target) {
          if (blocker(String(args[0]).replace(/^ws/i, 'http'))) {
            throw new DOMException(`consent-banner: ${args[0]} waits for consent.`, 'SecurityError');
          }
          return Reflect.construct(Real, args, target);
        }
      });
    }
  }

  // ---- Releasing.
  /** Activates a held element if what it belongs to is allowed now; stops a released frame that no longer is. */
  function activate(el) {
    const service = get(el, 'data-service');
    const name = has(el, 'data-srcset') ? 'srcset' : URL_ATTRIBUTE[el.tagName] || 'src';
    const url = get(el, 'data-' + name) || get(el, 'data-src');
    const urlAllowed = !blocker(name === 'srcset' ? firstBlockedInSrcset(url) : url);
    const allowed = has(el, HELD)
      ? urlAllowed
      : urlAllowed && grantedCategories?.[get(el, 'data-category')] && (!service || grantedServices[service]);
    if (has(el, RELEASED)) {
      // Withdrawn: frames and media stop; scripts cannot be stopped once run, images and links are done.
      if (!allowed && !/^(SCRIPT|IMG|LINK)$/.test(el.tagName)) {
        el.removeAttribute(RELEASED);
        el.removeAttribute(name);
        if (el.tagName === 'IFRAME') attr(el, 'src', 'about:blank');
      }
      return;
    }
    if (!allowed) return;
    attr(el, RELEASED, '');
    removePlaceholder(el);
    if (el.tagName !== 'SCRIPT') {
      if (url) attr(el, name, url);
      // A media element picks a new <source> only when told to load again.
      if (el.tagName === 'SOURCE') el.parentNode?.load?.();
      return;
    }
    if (get(el, 'type') !== 'text/plain' || has(el, INERT)) return;
    const type = get(el, 'data-type') || 'text/javascript';
    // A script runs only when it is inserted as runnable: copy it without the type that held it back.
    const live = doc.createElement('script');
    for (const { name: attribute, value } of el.attributes) {
      if (attribute !== 'type' && attribute !== 'data-src') attr(live, attribute, value);
    }
    scriptType.set.call(live, type);
    live.nonce = el.nonce;
    // Keep document order for markup scripts unless they asked for async; inserted ones were async anyway.
    live.async = has(el, 'async') || has(el, HELD);
    if (url) attr(live, 'src', url);
    else live.text = el.text;
    if (el.parentNode) return el.parentNode.replaceChild(live, el);
    // Not inserted yet: make the element itself runnable, so that it runs when its code inserts it.
    scriptType.set.call(el, type);
    if (url) attr(el, 'src', url);
  }

  function releaseAll() {
    all(`[data-category],[${HELD}]`).forEach(activate);
    // Held requests whose URL is allowed now go, once each.
    const waiting = queued;
    queued = [];
    for (const item of waiting) blocker(item.url) ? queued.push(item) : item.run();
    // Once the config names the services, held embeds say what they are, before a choice too.
    if (config) showPlaceholders();
  }

  /**
   * Applies a decision: categories and services granted for this page view, and the choice the JS API reports.
   * Called on a returning visit, and by the banner after every choice. Withdrawn ones are held again from now on;
   * the banner deletes their cookies.
   */
  function apply(categories, services, choice) {
    consent = choice || null;
    grantedCategories = {};
    grantedServices = {};
    for (const id of categories) grantedCategories[id] = true;
    for (const id of services || []) grantedServices[id] = true;
    const state = consentModeState(grantedCategories);
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
    const side = config.floating_button || 'bottom-left';
    if (side === 'none' || doc.querySelector('[data-consent-open]')) return;
    let words = {};
    try {
      words = JSON.parse(localStorage.getItem('consent_banner_words')) || {};
    } catch (e) { /* no storage: the config's words */ }
    const b = doc.createElement('button');
    b.textContent = words.cookie_settings || config.texts?.cookie_settings || 'Cookie settings';
    if (words.lang) b.lang = words.lang;
    attr(b, 'data-consent-open', '');
    attr(b, 'data-consent-floating', '');
    // side.slice(7) is "left" or "right"; the border takes the text's colour, the accent.
    b.style.cssText = `position:fixed;bottom:16px;${side.slice(7)}:16px;z-index:2147482999;min-height:44px;` +
      'padding:8px 16px;border:2px solid;border-radius:22px;background:#fff;font:600 15px system-ui,sans-serif;' +
      `color:${config.theme?.accent || '#0b57d0'}`;
    doc.body.appendChild(b);
  }

  // ---- Placeholders for held iframes, drawn by a module loaded only on pages that have one.
  let placeholders = null;
  const placeholderActions = {
    loadOnce(frame) {
      attr(frame, RELEASED, '');
      attr(frame, 'src', get(frame, 'data-src'));
      removePlaceholder(frame);
    },
    allow(category) {
      if (boot.grant) return boot.grant(category);
      boot.view = 'grant';
      boot.grantCategory = category;
      loadBanner();
    }
  };

  function showPlaceholders() {
    const without = () => all(`iframe[data-category]:not([${RELEASED}])`).filter((frame) => !placeholderOf(frame));
    if (!without().length) return;
    placeholders ||= load('consent-placeholders.js');
    placeholders.then((module) => module?.default(without(), config, placeholderActions));
  }

  function placeholderOf(frame) {
    const box = frame.previousElementSibling;
    return box && has(box, 'data-consent-placeholder') ? box : null;
  }

  function removePlaceholder(frame) {
    placeholderOf(frame)?.remove();
    if (frame.style) frame.style.display = '';
  }

  // ---- The stored choice. Mirrors StoredConsent::from_cookie_value and StoredConsent::is_valid_for.
  const readStored = () => {
    try {
      const stored = JSON.parse(decodeURIComponent(doc.cookie.match(/(?:^|;\s*)consent_banner=([^;]*)/)[1]));
      stored.sg ||= [];
      stored.sd ||= [];
      const lists = [stored.g, stored.d, stored.sg, stored.sd].every(Array.isArray);
      const contradicts = lists && (stored.g.some((id) => stored.d.includes(id)) ||
        stored.sg.some((id) => stored.sd.includes(id)));
      return stored.v === FORMAT_VERSION && lists && !contradicts ? stored : null;
    } catch (e) {
      return null; // none, or not ours: never trusted
    }
  };

  /** Same site, same config revision, not expired, and a decision for every category and service of the config. */
  const stillStands = (stored) => {
    const decided = [...stored.g, ...stored.d];
    const decidedServices = [...stored.sg, ...stored.sd];
    return stored.site === config.site &&
      stored.rev === config.revision &&
      Date.now() < stored.exp &&
      config.categories.every((c) => decided.includes(c.id)) &&
      (config.services || []).every((s) => decidedServices.includes(s.id));
  };

  const queuedDecisions = () => {
    try {
      return /"consent_id"/.test(localStorage.getItem('consent_banner_queue'));
    } catch (e) {
      return false;
    }
  };

  /** A module of the bundle; undefined, and the failure on the console, if it cannot be loaded. */
  const load = (file) => import(base + file).catch((e) => fail(`${base + file} could not be loaded (${e.message}).`));

  function whenParsed(run) {
    if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', run);
    else run();
  }

  function loadBanner() {
    if (!bannerLoad) {
      // Fetched alongside the WASM, but only preloaded: the banner links it inside its shadow root, so the page's
      // document never gets the banner's styles.
      const css = doc.createElement('link');
      css.rel = 'preload';
      css.as = 'style';
      css.href = base + 'banner.css';
      doc.head.appendChild(css);
      bannerLoad = load('consent-banner.js').then((glue) => glue?.default());
    }
    return bannerLoad;
  }

  // "Cookie settings" links anywhere on the page reopen the preferences, loading the banner if needed.
  doc.addEventListener('click', (event) => {
    if (!event.target.closest?.('[data-consent-open]')) return;
    event.preventDefault();
    if (boot.showPreferences) return boot.showPreferences();
    if (!config) return fail('the preferences cannot open: the config did not load.');
    boot.view = 'preferences';
    loadBanner();
  });

  const configProblem = (what) => new Error(`the config ${configUrl} ${what}.`);
  realFetch(configUrl, { credentials: 'same-origin' })
    .then((response) => {
      if (!response.ok) throw configProblem(`could not be loaded (HTTP ${response.status})`);
      return response.text();
    })
    .then((body) => {
      let parsed;
      try {
        parsed = JSON.parse(body);
      } catch (e) {
        throw configProblem(`is not valid JSON (${e.message})`);
      }
      if (!Array.isArray(parsed?.categories)) throw configProblem('has no list of categories');
      config = parsed;
      boot.configText = body;
      for (const c of config.categories) if (c.required) required[c.id] = true;
      const stored = readStored();
      if (stored && stillStands(stored)) {
        apply(stored.g, stored.sg, { id: stored.id, categories: stored.g, services: stored.sg,
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
    .catch((e) => fail(e instanceof TypeError ? `the config ${configUrl} could not be loaded (${e.message}).` : e.message));
})(window, document);
