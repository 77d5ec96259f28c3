// Loading the banner (its WASM glue, which fetches the WASM), once a visitor must be asked or a JS API call needs it.
import { base } from './embed.js';
import { FILES, load } from './files.js';
import { hint } from './hints.js';

/*
 * Starts fetching what the banner needs, all at once: its glue script, its WASM (which the glue would otherwise
 * request only once it runs) and its stylesheet (only preloaded: the banner links it inside its shadow root, so the
 * page's document never gets the banner's styles). The glue and the WASM are fetched in CORS mode, as the glue's
 * import and fetch will ask for them, so the preloaded responses are the ones used.
 */
let hinted = false;
export const preloadBanner = () => {
  if (hinted) return;
  hinted = true;
  hint('modulepreload', base + FILES.glue);
  hint('preload', base + FILES.wasm, 'fetch', true);
  hint('preload', base + FILES.css, 'style');
};

// The banner starts from the config: a JS API call may ask for it before the config (and the tracker database)
// arrived, so its files are fetched at once but it is started only then. If they never arrive, it never starts.
/** Called by the deferred part once the config and the tracker database are in. */
export let configKnown;
const configReady = new Promise((resolve) => (configKnown = resolve));

let bannerLoad = null;
/** Loads the banner (once), which starts when the config is known. */
export const loadBanner = () => {
  if (!bannerLoad) {
    preloadBanner();
    bannerLoad = Promise.all([load(FILES.glue), configReady]).then(([glue]) => glue?.default());
  }
  return bannerLoad;
};
