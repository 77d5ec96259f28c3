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
 *   3. fetches the config, the tracker database and its own deferred part (boot/deferred/) in parallel, which then,
 *      for a returning visitor whose stored choice still stands, releases what they allowed without downloading the
 *      WASM. The rules mirror consent-core (StoredConsent::is_valid_for, UrlPattern::matches,
 *      SiteConfig::service_for_url); the end-to-end tests hold the two to the same answers;
 *   4. otherwise loads the banner (WASM, and its CSS preloaded) from the folder this script came from;
 *   5. defines the JS API (window.consentBanner); the deferred part draws the floating "Cookie settings" button.
 * The banner hands its decisions back through window.consentBoot.apply(), so releasing has one implementation.
 * If anything fails, nothing is released: the page keeps working and every tracker stays blocked.
 *
 * This synchronous part is what must be in place before the page parses on (holding, the JS API, the stored choice,
 * the requests a first visit needs); it must stay within 3,072 bytes brotli (scripts/size-report fails above that),
 * and whatever can wait goes to the deferred part. It is one script (one request, and it must run before any other),
 * written as parts with one job each: the files of boot/loader/, joined in name order and minified into
 * dist/consent-boot.js by scripts/build-banner. This first part opens the function they all share the scope of and
 * holds what they share; 90-start.js, the last, closes it.
 */
((win, doc) => {
  'use strict';

  const MAX_QUEUED = 200; // requests held per page view: a runaway tracker must not grow memory without bound
  const URL_ATTRIBUTE = { SCRIPT: 'src', IFRAME: 'src', IMG: 'src', SOURCE: 'src', VIDEO: 'src', AUDIO: 'src',
    EMBED: 'src', TRACK: 'src', INPUT: 'src', LINK: 'href', OBJECT: 'data' };
  // The bundle's files: scripts/build-banner writes in the content-hashed names of the build (served immutable).
  const FILES = { glue: 'consent-banner.js', wasm: 'consent-banner_bg.wasm', css: 'banner.css',
    trackers: 'trackers.json', deferred: 'consent-boot-deferred.js' };
  const HELD = 'data-consent-held';
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
  const fail = (message) => console.error(`consent-banner: ${message} Every tracker stays blocked.`);
  /*
   * What this part shares with the deferred one (boot/deferred/, loaded once this has run: see 90-start.js): the
   * state both read and write, and the functions it calls. Its names start with one `_`, which scripts/build-banner
   * shortens alike in both parts, so they cost no bytes; nothing outside the boot loader reads them.
   */
  const k = {
    _config: null, // the parsed config, once it and the tracker database are fetched
    _granted: null, // {category id: true} once the visitor's choice is known for this page view
    _services: {}, // {service id: true} granted with it
    _consent: null, // {id, categories, services, decided_at_ms, expires_at_ms} of the choice in force
    _queued: [] // held requests: {url, run}
  };
  const found = {}; // trackers held on this page that no service of the config names: {name: {name, category, hosts}}
  let bannerLoad = null;
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
    /** The banner's stylesheet, which it links in its shadow root. */
    stylesheet: base + FILES.css,
    /** Trackers auto-blocking held on this page (see `found`), for the preferences to name. */
    found,
    /** Applies a decision (the banner's, after every choice): set by the deferred part. */
    apply: null,
    /** Tells the page's listeners of an event (the banner's choices): set by the deferred part. */
    emit: null,
    /** JS API calls made before the banner loaded: [name, arguments], for it to answer. */
    calls: [],
    /** Whether a URL would be held now (for the banner's diagnostics and the tests). */
    blocks: (url) => !!blocker(url),
    load: loadBanner
  });
