/*
 * consent-banner boot loader.
 *
 * The one script a site includes, first thing in <head>:
 *   <script src="/consent/consent-boot.js" data-config="/consent.json" data-endpoint="/"></script>
 *
 * WebAssembly loads asynchronously, so it cannot run first; this script does, and stays small because every page view
 * pays for it (scripts/build-banner minifies it; it is written in ES2020 so that the minified form is short). It
 *   1. sets Google Consent Mode v2 defaults to denied before any Google tag can read them;
 *   2. holds every way a tracker can load or send before the visitor agrees: scripts, iframes, images, links and media
 *      inserted by other scripts (property setters, setAttribute, innerHTML, insertAdjacentHTML, document.write),
 *      markup the parser inserts, fetch, XMLHttpRequest and sendBeacon requests, and WebSocket and EventSource
 *      connections (refused while held: a connection cannot wait). Requests are matched to services
 *      by the config's URL patterns; a third-party request made before the config is known waits for it;
 *   3. fetches the config, the tracker database and its own deferred part (boot/deferred/) in parallel, which then,
 *      for a returning visitor whose stored choice still stands, releases what they allowed without downloading the
 *      WASM. The rules mirror consent-core (StoredConsent::is_valid_for, UrlPattern::matches,
 *      SiteConfig::service_for_url); the end-to-end tests hold the two to the same answers;
 *   4. otherwise asks the visitor: a first visitor on the first layer the deferred part paints, which carries out
 *      "Accept all" and "Reject all" itself (its early-choice.js); the banner (WASM, and its CSS preloaded) from the
 *      folder this script came from only when needed (Customise, the policy, a settings link or JS API call, a GPC
 *      visitor, a visitor asked again, decisions to send);
 *   5. defines the JS API (window.consentBanner); the deferred part draws the floating "Cookie settings" button.
 * The banner hands its decisions back through window.consentBoot.apply(), so releasing has one implementation.
 * If anything fails, nothing is released: the page keeps working and every tracker stays blocked.
 *
 * This synchronous part is what must be in place before the page parses on (holding, the JS API, the stored choice,
 * the requests a first visit needs); it must stay within 3,072 bytes brotli (scripts/size-report fails above that),
 * and whatever can wait goes to the deferred part. It is one script (one request, and it must run before any other):
 * the modules of boot/loader/, one job each, bundled from this entry by scripts/build-banner (esbuild, as one
 * function scope) and minified into dist/consent-boot.js. The modules only define and capture the browser's
 * originals; everything that changes the page runs here, in this order.
 */
'use strict';
import { base, configUrl } from './embed.js';
import { attr } from './attributes.js';
import { configKnown, loadBanner, preloadBanner } from './banner.js';
import { CONSENT_TYPES, denyByDefault, gtag } from './consent-mode.js';
import { fail } from './failure.js';
import { FILES, load } from './files.js';
import { boot } from './handle.js';
import { holdElements, scriptType } from './held-elements.js';
import { holdRequests, realFetch } from './held-requests.js';
import { blocker, firstBlockedInSrcset } from './held-urls.js';
import { hint } from './hints.js';
import { consentBanner, listeners } from './js-api.js';
import { win } from './page.js';
import { openPreferencesFromLinks } from './settings-links.js';
import { state } from './state.js';
import { readStored } from './stored-choice.js';

win.consentBoot = boot;
win.consentBanner = consentBanner;
denyByDefault();
holdElements();
holdRequests();

// A visitor with no choice stored will be asked: the banner's stylesheet is fetched alongside the config, not after;
// its glue and WASM once the first layer the deferred part paints is on its way (its early-layer.js), so that on a
// slow network they do not share the bandwidth with what that layer needs.
if (!readStored()) hint('preload', base + FILES.css, 'style');

openPreferencesFromLinks();

// The tracker database (immutable, so cached for good after the first visit) and the deferred part of the boot
// loader (the same) are fetched alongside the config; once the config and the deferred part are in, it takes over
// (and waits for the database before it releases anything).
const trackersLoad = realFetch(base + FILES.trackers).then((response) => {
  if (!response.ok) throw new Error(`the tracker database could not be loaded (HTTP ${response.status}).`);
  return response.json();
});
trackersLoad.catch(() => {}); // reported once, with the config's outcome, below
const deferred = load(FILES.deferred);
// What the deferred part calls (boot/deferred/handover.js takes them over).
Object.assign(state, { _attr: attr, _boot: boot, _blocker: blocker,
  _firstBlockedInSrcset: firstBlockedInSrcset, _scriptType: scriptType, _gtag: gtag, _consentTypes: CONSENT_TYPES,
  _load: load, _loadBanner: loadBanner, _preloadBanner: preloadBanner, _configKnown: configKnown,
  _listeners: listeners, _readStored: readStored });
realFetch(configUrl, { credentials: 'same-origin' })
  .then((response) => {
    if (!response.ok) throw new Error(`the config ${configUrl} could not be loaded (HTTP ${response.status}).`);
    return Promise.all([response.text(), deferred]);
  })
  // A deferred part that could not be loaded has said so (see load): nothing is released.
  .then(([body, module]) => module?.default(state, body, trackersLoad))
  .catch((e) => fail(e instanceof TypeError ? `the config ${configUrl} could not be loaded (${e.message}).` : e.message));
