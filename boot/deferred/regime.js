/*
 * The visitor's privacy regime, for a site whose config has `regions` (early-layer.js calls this only then). The
 * endpoint decides the regime from its trusted region header and states it in the first layer's answer (`region`,
 * computed by consent-core's regions::RegimeAnswer: what is on before any choice, with and without Global Privacy
 * Control, and the words to show); this only carries it out:
 * - `opt_out`: what is on before a choice runs, no first layer; a "Do Not Sell or Share My Personal Information"
 *   button opens the preferences. A browser sending Global Privacy Control opts out with no click: the answer's
 *   `choices.gpc` is carried out as the first layer's answers are (early-choice.js), recorded with action `gpc`.
 * - `notice`: what is on before a choice runs; a notice whose OK only hides it (not a consent record).
 * - `none`: what is on before a choice runs; nothing is shown (not even the floating "Cookie settings" button).
 * The button and the notice are drawn by boot/consent-regime.js, loaded only then. `opt_in`, an unknown regime or no
 * `region`: nothing is done here (the first layer, as everywhere else: fail closed); and should that module not load,
 * nothing is released and the banner asks.
 *
 * Google Consent Mode: the synchronous part set every type `denied` by default before any tag could read it, for
 * every visitor (it cannot know the region: the endpoint decides it, from the site's trusted header, so Google's own
 * `region` parameter, which Google's tags match against their own geolocation, would only be a second opinion that
 * can disagree with the record). The regime's state before a choice (the answer's `consent_mode`, computed by
 * consent-core) follows as an `update` as soon as what it lets run may run: at once for `none` and for a GPC
 * opt-out, once the link or the notice can be drawn for `opt_out` and `notice` (a tag is not told it may use cookies
 * while the "Do Not Sell or Share" link is missing), not after the tracker database and the page's parsing, which
 * releasing the held tags waits for. Within the default's `wait_for_update` Google's tags wait for it; later, they
 * start denied and follow the update. An opt-in or unknown visitor gets no update until they choose.
 */
import { gtag, loadBanner, state } from './handover.js';
import { doc, whenParsed } from './page.js';
import { config } from './site-config.js';
import { decide } from './early-choice.js';
import { apply } from './release.js';
import { floatingButton } from './floating-button.js';
import { keepFocus } from './early-focus.js';

/** `?region=…` for the first layer's URL when the page forces a region (a testing aid: `data-region` on a script tag
 * or `?consent_region=` on the page's address), else nothing. The endpoint still records the region it decided. */
export const forcedRegion = () => {
  const forced = new URLSearchParams(location.search).get('consent_region') ||
    doc.querySelector('script[data-region]')?.dataset.region;
  return forced ? '?region=' + encodeURIComponent(forced) : '';
};

/**
 * Carries out `layer.region` once `ready` (decisions can be applied). Returns whether it answers for the banner (then
 * no first layer is painted and the banner loads only when the visitor opens the preferences); `false` leaves the
 * visit to the first layer. `answerable`: whether an answer may be carried out here (nothing left by an earlier
 * choice), which GPC's opt-out needs.
 */
export const actOnRegime = (layer, configSha256, ready, answerable) => {
  const region = layer.region;
  const regime = region?.regime;
  const gpc = navigator.globalPrivacyControl === true;
  const gpcChoice = regime === 'opt_out' && gpc && answerable && layer.choices?.gpc;
  // GPC under opt_out without an answer to carry out here: the banner honours the signal.
  if (!/^(opt_out|notice|none)$/.test(regime) || (regime === 'opt_out' && gpc && !gpcChoice)) return false;
  const { categories, services, consent_mode: consentMode } = gpc ? region.with_gpc : region.before_choice;
  const drawn = regime !== 'none' && !gpcChoice && state._load('consent-regime.js');
  const signal = () => {
    gtag('consent', 'update', consentMode);
    gtag('set', 'ads_data_redaction', consentMode.ad_storage !== 'granted');
  };
  drawn ? drawn.then((module) => module && signal()) : signal();
  ready.then(async () => {
    if (gpcChoice) return decide(gpcChoice, configSha256);
    const module = await drawn;
    if (drawn && !module) return loadBanner();
    // Drawn first: the floating "Cookie settings" button is left out on a page with a [data-consent-open] control.
    whenParsed(() => apply(categories, services, null,
      !module || module.default(regime, region.texts, config, floatingButton, keepFocus)));
  });
  return true;
};
