// A part of the boot loader's deferred module, joined with the others: see 00-scope.js.
  // Tells the page's listeners (consentBanner.on, registered by the synchronous part) and window's of an event.
  function emit(name, detail) {
    for (const listener of (listeners[name] || []).slice()) {
      try {
        listener(detail);
      } catch (e) {
        console.error(e);
      }
    }
    window.dispatchEvent(new CustomEvent('consent:' + name, { detail }));
  }

