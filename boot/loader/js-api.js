// The JS API for site owners, window.consentBanner. Read-only calls answer at once from the choice in force (none,
// so false, until the config has confirmed the stored choice); the others wait for the banner, which is loaded for
// them. Events go to the listeners registered here (the deferred part's emit calls them).
import { loadBanner } from './banner.js';
import { boot } from './handle.js';
import { state } from './state.js';

/** The listeners the page registered: {event name: [listener]}. */
export const listeners = {};

const later = (name) => (...args) => {
  if (boot.api) return boot.api[name](...args);
  boot.calls.push([name, args]);
  loadBanner();
};

export const consentBanner = {
  acceptedCategory: (id) => !!state._granted?.[id],
  acceptedService: (id) => !!(state._granted && state._services[id]),
  getConsent: () => state._consent && structuredClone(state._consent),
  show: later('show'),
  showPreferences: later('showPreferences'),
  acceptCategories: later('acceptCategories'),
  reset: later('reset'),
  on: (name, listener) => (listeners[name] ||= []).push(listener),
  off: (name, listener) => { listeners[name] = (listeners[name] || []).filter((l) => l !== listener); }
};
