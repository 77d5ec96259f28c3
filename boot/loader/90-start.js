// A part of the boot loader, joined with the others into one script: see 00-scope.js.
  /** A module of the bundle; undefined, and the failure on the console, if it cannot be loaded. */
  const load = (file) => import(base + file).catch((e) => fail(`${base + file} could not be loaded (${e.message}).`));

  /** Hints `href` to the browser's fetcher (`as`: what it is fetched as; `cors`: fetched in CORS mode). */
  function hint(rel, href, as, cors) {
    const link = doc.createElement('link');
    link.rel = rel;
    link.href = href;
    if (as) link.as = as;
    if (cors) link.crossOrigin = 'anonymous';
    link.nonce = script.nonce; // a strict CSP checks a module preload like the script it fetches
    doc.head.appendChild(link);
  }

  /*
   * Starts fetching what the banner needs, all at once: its glue script, its WASM (which the glue would otherwise
   * request only once it runs) and its stylesheet (only preloaded: the banner links it inside its shadow root, so the
   * page's document never gets the banner's styles). The glue and the WASM are fetched in CORS mode, as the glue's
   * import and fetch will ask for them, so the preloaded responses are the ones used.
   */
  let hinted = false;
  function preloadBanner() {
    if (hinted) return;
    hinted = true;
    hint('modulepreload', base + FILES.glue);
    hint('preload', base + FILES.wasm, 'fetch', true);
    hint('preload', base + FILES.css, 'style');
  }

  // The banner starts from the config: a JS API call may ask for it before the config (and the tracker database)
  // arrived, so its files are fetched at once but it is started only then. If they never arrive, it never starts.
  let configKnown;
  const configReady = new Promise((resolve) => (configKnown = resolve));

  function loadBanner() {
    if (!bannerLoad) {
      preloadBanner();
      bannerLoad = Promise.all([load(FILES.glue), configReady]).then(([glue]) => glue?.default());
    }
    return bannerLoad;
  }

  // A visitor with no choice stored will be asked: the banner's stylesheet is fetched alongside the config, not after;
  // its glue and WASM once the first layer the deferred part paints is on its way (25-early-layer.js), so that on a
  // slow network they do not share the bandwidth with what that layer needs.
  if (!readStored()) hint('preload', base + FILES.css, 'style');

  // "Cookie settings" links anywhere on the page reopen the preferences, loading the banner if needed.
  doc.addEventListener('click', (event) => {
    if (!event.target.closest?.('[data-consent-open]')) return;
    event.preventDefault();
    if (boot.showPreferences) return boot.showPreferences();
    if (!k._config) return fail('the preferences cannot open: the config did not load.');
    boot.view = 'preferences';
    loadBanner();
  });

  // The tracker database (immutable, so cached for good after the first visit) and the deferred part of the boot
  // loader (the same) are fetched alongside the config; once the config and the deferred part are in, it takes over
  // (and waits for the database before it releases anything).
  const trackersLoad = realFetch(base + FILES.trackers).then((response) => {
    if (!response.ok) throw new Error(`the tracker database could not be loaded (HTTP ${response.status}).`);
    return response.json();
  });
  trackersLoad.catch(() => {}); // reported once, with the config's outcome, below
  const deferred = load(FILES.deferred);
  Object.assign(k, { _attr: attr, _boot: boot, _blocker: blocker,
    _firstBlockedInSrcset: firstBlockedInSrcset, _scriptType: scriptType, _gtag: gtag, _consentTypes: CONSENT_TYPES,
    _load: load, _loadBanner: loadBanner, _preloadBanner: preloadBanner, _configKnown: configKnown,
    _listeners: listeners, _readStored: readStored });
  realFetch(configUrl, { credentials: 'same-origin' })
    .then((response) => {
      if (!response.ok) throw new Error(`the config ${configUrl} could not be loaded (HTTP ${response.status}).`);
      return Promise.all([response.text(), deferred]);
    })
    // A deferred part that could not be loaded has said so (see load): nothing is released.
    .then(([body, module]) => module?.default(k, body, trackersLoad))
    .catch((e) => fail(e instanceof TypeError ? `the config ${configUrl} could not be loaded (${e.message}).` : e.message));
})(window, document);
