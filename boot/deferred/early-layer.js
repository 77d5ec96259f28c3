/*
 * The first layer, painted before (and, for most first visits, instead of) the banner's WebAssembly (on a phone's
 * network that takes a second or more). The endpoint renders it with the banner's own component
 * (src/early_layer.rs), one file per language, GET /v1/sites/{site}/first-layer/{language}.json (which
 * `consent config export-static` writes for a static host), fetched in the language the banner will choose
 * (language.js). It goes into a <consent-banner> host like the banner's, with the same stylesheet and theme, and the
 * banner, when it runs, replaces it without a visible change (src/early_handover.rs).
 * "Accept all" and "Reject all" take the layer away at once. When the layer carries what they mean (its `choices`,
 * computed by consent-core on the endpoint) they are carried out here (early-choice.js) and the banner's glue and
 * WASM are never downloaded; "Customise" and the policy load the banner, which opens them (the click is kept in
 * boot.early). A layer without `choices` (a policy only the banner can read) keeps every click in boot.early for the
 * banner, which is then loaded at once, as before.
 * Only for a visitor it says nothing particular to: no stored choice (the banner says why it asks again) and no
 * Global Privacy Control signal (the banner names what that keeps off); and only when it was rendered from the
 * very config this page fetched (its SHA-256, which needs a secure context): a page whose config the endpoint did
 * not check, or another revision of it, waits for the banner. If it cannot be had, the banner shows when it runs,
 * as it would without it.
 */
import { attr, boot, loadBanner, preloadBanner, readStored } from './handover.js';
import { doc, get, whenParsed } from './page.js';
import { config } from './site-config.js';
import { chooseLanguage } from './language.js';
import { decide } from './early-choice.js';
import { queuedDecisions } from './stored-choice.js';
import { keepFocus } from './early-focus.js';
import { actOnRegime, forcedRegion } from './regime.js';

const sha256 = (bytes) => crypto.subtle.digest('SHA-256', bytes)
  .then((sha) => [...new Uint8Array(sha)].map((byte) => byte.toString(16).padStart(2, '0')).join(''));

/**
 * Fetches the first layer for a visitor who will be asked, and paints it once the page is parsed. Resolves to
 * whether the painted layer answers for the banner (then the banner is loaded only when the visitor needs it);
 * `ready` resolves once a decision can be applied (the tracker database is in).
 */
export const paintEarly = async (ready) => {
  if (readStored()) return false;
  const gpc = navigator.globalPrivacyControl === true;
  // A preview (data-preview) shows the draft it runs, never the live config's layer. Under GPC the banner asks,
  // unless the answer's regime says GPC is an opt-out (regime.js).
  if ((gpc && !config.regions) || boot.view || boot.preview || !crypto.subtle) {
    preloadBanner();
    return false;
  }
  const digest = sha256(new TextEncoder().encode(boot.configText));
  const language = chooseLanguage([doc.documentElement.lang, ...navigator.languages]);
  const url = `${boot.endpoint.replace(/\/*$/, '')}/v1/sites/${encodeURIComponent(config.site)}/first-layer/` +
    `${language}.json` + (config.regions ? forcedRegion() : '');
  try {
    const [layer, hex] = await Promise.all([fetch(url).then((response) => response.ok && response.json()), digest]);
    if (layer?.config_sha256 !== hex) throw 0;
    // For the IAB APIs of the boot loader's TCF and GPP flavours (their region, the vendor list's versions).
    boot.layer = layer;
    // A regime other than opt-in is carried out without a first layer.
    if (config.regions && actOnRegime(layer, hex, ready, answersHere(layer))) return true;
    if (gpc) throw 0;
    const choices = answersHere(layer) && layer.choices;
    // Without them the banner is needed for any answer: its glue and WASM are fetched now, once the layer is in.
    if (!choices) preloadBanner();
    // Not once the banner is in: it is the one to answer.
    whenParsed(() => doc.querySelector('consent-banner') || paint(layer, choices && carryOut(choices, hex, ready)));
    return !!choices;
  } catch {
    preloadBanner();
    return false;
  }
};

/** Whether an answer may be carried out here: nothing left by an earlier choice (the localStorage mirror of one whose
 * cookie expired, decisions still to send), which the banner weighs. */
const answersHere = (layer) => {
  try {
    return layer.choices && !localStorage.getItem('consent_banner') && !queuedDecisions();
  } catch {
    return false;
  }
};

/**
 * What carries an answer out: once decisions can be applied, and, for a policy the banner fetches by URL, once this
 * page has fetched the very file the records' policy digest was computed from (else the banner answers).
 */
const carryOut = (choices, configSha256, ready) => {
  const policyChecked = choices.policy_file_sha256
    ? fetch(config.policy.url)
      .then((response) => response.arrayBuffer())
      .then(sha256)
      .then((sha) => sha === choices.policy_file_sha256, () => false)
    : true;
  return (action) => Promise.all([policyChecked, ready]).then(([checked]) => {
    if (checked) return decide(choices[action], configSha256);
    boot.early = action;
    loadBanner();
  });
};

const paint = (layer, answer) => {
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
  let answered = false;
  root.addEventListener('click', (event) => {
    const button = event.target.closest('[data-consent-action]');
    if (!button || answered || boot.early) return;
    answered = true;
    const action = get(button, 'data-consent-action');
    const decided = /^(accept|reject)-all$/.test(action);
    if (decided) host.remove();
    else attr(button, 'aria-busy', 'true');
    if (decided && answer) return answer(action);
    boot.early = action;
    // Loaded now when this layer stands in for the banner; at once anyway without it (start.js).
    if (answer) loadBanner();
  });
  host.attachShadow({ mode: 'open' }).append(link, root);
  doc.body.append(host);
  const section = root.querySelector('section');
  section.focus({ preventScroll: true });
  // Once styled: before, it has no size to keep free.
  link.addEventListener('load', () => keepFocus(host, section, get(host, 'data-layout') === 'modal'));
};
