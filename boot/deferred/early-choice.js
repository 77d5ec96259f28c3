/*
 * "Accept all" and "Reject all" on the painted first layer (early-layer.js), carried out without the banner's
 * WebAssembly: on a first visit most visitors answer there, and the banner's glue and WASM would be most of the
 * visit's bytes. What each answer means was computed by consent-core where the layer was rendered
 * (consent_core::early_choice, in the layer's `choices`); this only copies it and adds what only the browser knows:
 * a fresh id, the time, the page's address, the config's digest and the trackers held on this page. It writes the
 * stored choice as the banner does (src/storage.rs: the cookie the synchronous part's readStored reads, and its
 * localStorage mirror), applies it (release.js), tells the page as the banner does (a `consent` event, getConsent),
 * and sends the record as the banner does (consent-send.js).
 */
import { boot, state } from './handover.js';
import { emit } from './events.js';
import { doc } from './page.js';
import { apply } from './release.js';
import { send } from './consent-send.js';
import { config } from './site-config.js';

const MAX_COOKIE_VALUE_LEN = 3000; // stored::MAX_COOKIE_VALUE_LEN: a longer value is kept in the mirror only

/** Carries out `choice` (the layer's `choices['accept-all']` or `['reject-all']`) under the config whose SHA-256
 * is `configSha256`. */
export const decide = (choice, configSha256) => {
  const at = Date.now();
  const exp = at + choice.lifetime_ms;
  const id = crypto.randomUUID();
  const stored = { ...choice.stored, id, at, exp };
  const json = JSON.stringify(stored);
  const value = encodeURIComponent(json);
  const { hostname, protocol } = location;
  const domain = config.cookie_domain;
  if (value.length <= MAX_COOKIE_VALUE_LEN) {
    doc.cookie = `consent_banner=${value}; Path=/; Max-Age=${Math.floor(choice.lifetime_ms / 1000)}; SameSite=Lax` +
      (protocol === 'https:' ? '; Secure' : '') +
      // The config's cookie_domain when the page is on it, so that subdomains share the choice (as the banner does).
      (domain && (hostname === domain || hostname.endsWith('.' + domain)) ? '; Domain=' + domain : '');
  }
  try {
    localStorage.setItem('consent_banner', json);
  } catch {
    // The cookie alone keeps it, as the banner's storage.rs does when the mirror cannot be written.
  }
  const summary = () => ({ id, categories: [...stored.g], services: [...stored.sg], decided_at_ms: at,
    expires_at_ms: exp });
  // The TCF flavour writes the answer's TC string, dated now (boot/tcf/api.js), and the record carries the string
  // written: none where none was (the plain loader on a TCF site), as a string no cookie holds consents to nothing;
  // nor then the AC string, which goes with a TC string only.
  const tcString = state._cmpDecided?.(choice, at);
  apply(stored.g, stored.sg, summary());
  emit('consent', summary());
  send({ ...choice.submission, tc_string: tcString, ac_string: tcString && choice.submission.ac_string,
    consent_id: id, config_sha256: configSha256, page_url: location.href,
    decided_at_ms: at, expires_at_ms: exp,
    // The trackers no service names that were held on this page, and what the answer means for each.
    found_trackers: Object.values(boot.found || {}).map(({ name, category, hosts }) =>
      ({ name, category, hosts, decision: choice.found_trackers[category] || 'denied' })) });
};
