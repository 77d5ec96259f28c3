import { state } from './handover.js';

/** Tells the page's listeners (consentBanner.on, registered by the synchronous part) and window's of an event. */
export const emit = (name, detail) => {
  for (const listener of (state._listeners[name] || []).slice()) {
    try {
      listener(detail);
    } catch (e) {
      console.error(e);
    }
  }
  window.dispatchEvent(new CustomEvent('consent:' + name, { detail }));
};
