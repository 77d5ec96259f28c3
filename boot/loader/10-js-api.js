// A part of the boot loader, joined with the others into one script: see 00-scope.js.
  // The JS API for site owners. Read-only calls answer at once from the choice in force (none, so false, until
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
