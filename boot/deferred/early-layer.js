/*
 * The first layer, painted before the banner's WebAssembly has arrived (on a phone's network that takes a second
 * or more). The endpoint renders it with the banner's own component (src/early_layer.rs), one file per language,
 * GET /v1/sites/{site}/first-layer/{language}.json (which `consent config export-static` writes for a static host),
 * fetched in the language the banner will choose (language.js). It goes into a <consent-banner> host like the
 * banner's, with the same stylesheet and theme, and the banner replaces it without a visible change
 * (src/early_handover.rs).
 * A click on it is kept in boot.early for the banner to carry out when it runs: "Accept all" and "Reject all" take
 * the layer away at once; "Customise" and the policy wait for the banner.
 * Only for a visitor it says nothing particular to: no stored choice (the banner says why it asks again) and no
 * Global Privacy Control signal (the banner names what that keeps off); and only when it was rendered from the
 * very config this page fetched (its SHA-256, which needs a secure context): a page whose config the endpoint did
 * not check, or another revision of it, waits for the banner. If it cannot be had, the banner shows when it runs,
 * as it would without it.
 */
import { attr, boot, preloadBanner, readStored } from './handover.js';
import { doc, get, whenParsed } from './page.js';
import { config } from './site-config.js';
import { chooseLanguage } from './language.js';

/** Fetches the first layer for a visitor who will be asked, and paints it once the page is parsed. */
export const paintEarly = () => {
  if (readStored()) return;
  const digest = crypto.subtle?.digest('SHA-256', new TextEncoder().encode(boot.configText));
  // The banner's glue and WASM are fetched once the layer is in, or at once without one (see the synchronous part's
  // start.js).
  // A preview (data-preview) shows the draft it runs, never the live config's layer.
  if (navigator.globalPrivacyControl === true || boot.view || boot.preview || !digest) return preloadBanner();
  const language = chooseLanguage([doc.documentElement.lang, ...navigator.languages]);
  const url = `${boot.endpoint.replace(/\/*$/, '')}/v1/sites/${encodeURIComponent(config.site)}/first-layer/` +
    `${language}.json`;
  Promise.all([fetch(url).then((response) => response.ok && response.json()), digest])
    .then(([layer, sha]) => {
      preloadBanner();
      const hex = [...new Uint8Array(sha)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
      // Not once the banner is in: it is the one to answer.
      if (layer?.config_sha256 === hex) whenParsed(() => doc.querySelector('consent-banner') || paint(layer));
    })
    .catch(preloadBanner);
};

const paint = (layer) => {
  const host = doc.createElement('consent-banner');
  attr(host, 'data-consent-early', '');
  for (const [name, value] of layer.attributes) attr(host, name, value);
  for (const [name, value] of layer.properties) host.style.setProperty(name, value);
  // Shown once styled, as the banner is: a visitor never sees its text unstyled.
  host.style.visibility = 'hidden';
  const link = doc.createElement('link');
  link.rel = 'stylesheet';
  link.href = boot.stylesheet;
  link.onload = link.onerror = () => host.style.removeProperty('visibility');
  const root = doc.createElement('div');
  root.className = 'cb-root';
  root.lang = layer.language;
  root.innerHTML = layer.html;
  root.addEventListener('click', (event) => {
    const button = event.target.closest('[data-consent-action]');
    if (!button || boot.early) return;
    boot.early = get(button, 'data-consent-action');
    if (/^(accept|reject)-all$/.test(boot.early)) host.remove();
    else attr(button, 'aria-busy', 'true');
  });
  host.attachShadow({ mode: 'open' }).append(link, root);
  doc.body.append(host);
  root.querySelector('section').focus({ preventScroll: true });
};
