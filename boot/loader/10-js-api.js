// A part of the boot loader, joined with the others into one script: see 00-scope.js.
  // The JS API for site owners. Read-only calls answer at once from the choice in force (none, so false, until
  // the config has confirmed the stored choice); the others wait for the banner, which is loaded for them. Events
  // go to the listeners registered here (the deferred part's emit calls them).
  const later = (name) => (...args) => {
    if (boot.api) return boot.api[name](...args);
    boot.calls.push([name, args]);
    loadBanner();
  };

  win.consentBanner = {
    acceptedCategory: (id) => !!k._granted?.[id],
    acceptedService: (id) => !!(k._granted && k._services[id]),
    getConsent: () => k._consent && structuredClone(k._consent),
    show: later('show'),
    showPreferences: later('showPreferences'),
    acceptCategories: later('acceptCategories'),
    reset: later('reset'),
    on: (name, listener) => (listeners[name] ||= []).push(listener),
    off: (name, listener) => { listeners[name] = (listeners[name] || []).filter((l) => l !== listener); }
  };
