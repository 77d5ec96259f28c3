// A part of the boot loader's deferred module, joined with the others: see 00-scope.js.
  // The config is in: read it, then either apply the stored choice that still stands or ask the visitor.
  const configProblem = (what) => new Error(`the config ${boot.configUrl} ${what}.`);
  try {
    config = JSON.parse(body);
  } catch (e) {
    throw configProblem(`is not valid JSON (${e.message})`);
  }
  if (!Array.isArray(config?.categories)) throw configProblem('has no list of categories');
  boot.configText = body;
  // A first visit's first layer is fetched now, not after the tracker database: see 25-early-layer.js.
  paintEarly();
  const database = await databaseLoad;
  for (const [name, category, patterns] of database) {
    for (const pattern of patterns.split(' ')) {
      const host = pattern.split('/')[0];
      trackerHosts.set(host, [...(trackerHosts.get(host) || []), [pattern, [name, category]]]);
    }
  }
  for (const c of config.categories) if (c.required) required[c.id] = true;
  k._config = config;
  k._holder = holder;
  k._activate = activate;
  boot.apply = apply;
  boot.emit = emit;
  configKnown();
  const stored = readStored();
  if (stored && stillStands(stored)) {
    apply(stored.g, stored.sg, { id: stored.id, categories: stored.g, services: stored.sg,
      decided_at_ms: stored.at, expires_at_ms: stored.exp });
    emit('consent', window.consentBanner.getConsent());
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
};
