// A part of the boot loader, joined with the others into one script: see 00-scope.js.
  /** A module of the bundle; undefined, and the failure on the console, if it cannot be loaded. */
  const load = (file) => import(base + file).catch((e) => fail(`${base + file} could not be loaded (${e.message}).`));

  function whenParsed(run) {
    if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', run);
    else run();
  }

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

  // A visitor with no choice stored will be asked: the banner's files are fetched alongside the config, not after.
  if (!readStored()) preloadBanner();

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
  // The tracker database (immutable, so cached for good after the first visit) is fetched alongside the config.
  const trackersLoad = realFetch(base + FILES.trackers).then((response) => {
    if (!response.ok) throw new Error(`the tracker database could not be loaded (HTTP ${response.status}).`);
    return response.json();
  });
  trackersLoad.catch(() => {}); // reported once, with the config's outcome, below
  realFetch(configUrl, { credentials: 'same-origin' })
    .then((response) => {
      if (!response.ok) throw configProblem(`could not be loaded (HTTP ${response.status})`);
      return Promise.all([response.text(), trackersLoad]);
    })
    .then(([body, database]) => {
      let parsed;
      try {
        parsed = JSON.parse(body);
      } catch (e) {
        throw configProblem(`is not valid JSON (${e.message})`);
      }
      if (!Array.isArray(parsed?.categories)) throw configProblem('has no list of categories');
      for (const [name, category, patterns] of database) {
        for (const pattern of patterns.split(' ')) {
          const host = pattern.split('/')[0];
          trackerHosts.set(host, [...(trackerHosts.get(host) || []), [pattern, [name, category]]]);
        }
      }
      config = parsed;
      boot.configText = body;
      configKnown();
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
