import { loadBanner } from './banner.js';
import { fail } from './failure.js';
import { boot } from './handle.js';
import { doc } from './page.js';
import { state } from './state.js';

/** Makes "Cookie settings" links anywhere on the page ([data-consent-open]) reopen the preferences, loading the
 * banner if needed. */
export const openPreferencesFromLinks = () => doc.addEventListener('click', (event) => {
  if (!event.target.closest?.('[data-consent-open]')) return;
  event.preventDefault();
  if (boot.showPreferences) return boot.showPreferences();
  if (!state._config) return fail('the preferences cannot open: the config did not load.');
  boot.view = 'preferences';
  loadBanner();
});
