import { base, configUrl, preview, script } from './embed.js';
import { FILES } from './files.js';
import { blocker } from './held-urls.js';
import { loadBanner } from './banner.js';

/*
 * The handle the banner reads (src/boot.rs), as window.consentBoot. Besides what is set here, the banner reads, when
 * set:
 *   configText     the config's text once fetched: the banner parses and validates it in Rust;
 *   view           what the banner opens on: 'preferences', 'grant' (a placeholder's "Always allow" for the
 *                  category in grantCategory) or 'sync' (nothing to show: decisions are waiting to be sent);
 *                  unset, the first layer;
 * and sets, once loaded: showPreferences (later "Cookie settings" clicks), grant (a placeholder's "Always allow")
 * and api ({show, showPreferences, acceptCategories, reset}).
 */
export const boot = {
  endpoint: script.getAttribute('data-endpoint') || '/',
  configUrl,
  /** A preview (`data-preview`): nothing is stored and nothing is sent (embed.js). */
  preview,
  /** Where the bundle's files are (the banner fetches its locales/ from here). */
  base,
  /** The banner's stylesheet, which it links in its shadow root. */
  stylesheet: base + FILES.css,
  /** Trackers held on this page that no service of the config names, {name: {name, category, hosts}}, for the
   * preferences to name (auto-blocking adds them: the deferred part's held-urls.js). */
  found: {},
  /** Applies a decision (the banner's, after every choice): set by the deferred part. */
  apply: null,
  /** Tells the page's listeners of an event (the banner's choices): set by the deferred part. */
  emit: null,
  /** JS API calls made before the banner loaded: [name, arguments], for it to answer. */
  calls: [],
  /** Whether a URL would be held now (for the banner's diagnostics and the tests). */
  blocks: (url) => !!blocker(url),
  load: loadBanner
};
