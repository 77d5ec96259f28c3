/*
 * The visitor's privacy regime, for a site whose config has `regions` (used by early-layer.js only then). The
 * endpoint decides the regime from its trusted region header and states it in the first layer's answer (`region`,
 * computed by consent-core's regions::RegimeAnswer: what is on before any choice, with and without Global Privacy
 * Control, and the words to show); this only carries it out:
 * - `opt_out`: what is on before a choice runs, no first layer; a "Do Not Sell or Share My Personal Information"
 *   button opens the preferences (the site may place its own [data-consent-do-not-sell] link instead). A browser
 *   sending Global Privacy Control opts out with no click: the answer's `choices.gpc` is carried out as the first
 *   layer's answers are (early-choice.js), recorded with action `gpc`.
 * - `notice`: what is on before a choice runs; a notice whose OK only hides it (remembered in localStorage, not a
 *   consent record), then the floating "Cookie settings" button.
 * - `none`: what is on before a choice runs; nothing is shown.
 * `opt_in`, an unknown regime or no `region`: nothing is done here (the first layer as everywhere else: fail closed).
 */
import { attr } from './handover.js';
import { doc, whenParsed } from './page.js';
import { config } from './site-config.js';
import { decide } from './early-choice.js';
import { apply } from './release.js';
import { floatingButton } from './floating-button.js';

const NOTICE_SEEN = 'consent_banner_notice';

/** `?region=…` for the first layer's URL when the page forces a region (a testing aid: `data-region` on a script tag
 * or `?consent_region=` on the page's address), else nothing. The endpoint still records the region it decided. */
export const forcedRegion = () => {
  const forced = new URLSearchParams(location.search).get('consent_region') ||
    doc.querySelector('script[data-region]')?.dataset.region;
  return forced ? '?region=' + encodeURIComponent(forced) : '';
};

/**
 * Carries out `layer.region` once `ready` (decisions can be applied) and the page is parsed. Returns whether it
 * answers for the banner (then no first layer is painted and the banner loads only when the visitor opens the
 * preferences); `false` leaves the visit to the first layer. `answerable`: whether an answer may be carried out here
 * (nothing left by an earlier choice), needed for GPC's opt-out.
 */
export const actOnRegime = (layer, configSha256, ready, answerable) => {
  const region = layer.region;
  const regime = region?.regime;
  const gpc = navigator.globalPrivacyControl === true;
  const gpcChoice = regime === 'opt_out' && gpc && answerable && layer.choices?.gpc;
  // GPC under opt_out without the answer to carry out: the banner honours the signal.
  if (!/^(opt_out|notice|none)$/.test(regime) || (regime === 'opt_out' && gpc && !gpcChoice)) return false;
  ready.then(() => {
    if (gpcChoice) return decide(gpcChoice, configSha256);
    const { categories, services } = gpc ? region.with_gpc : region.before_choice;
    // Drawn first: the floating "Cookie settings" button is left out on a page with a [data-consent-open] control.
    const shown = show(regime, region.texts);
    apply(categories, services, null, regime === 'none' || shown);
  });
  return true;
};

/** Looks of the controls drawn here, as the floating button's (floating-button.js). */
const look = (el, css) => {
  el.style.cssText += css + ';z-index:2147482999;background:#fff';
  doc.body.appendChild(el);
};

const button = (text) => {
  const b = doc.createElement('button');
  b.textContent = text;
  b.style.cssText = `min-height:44px;padding:8px 16px;border:2px solid;border-radius:22px;font:600 15px system-ui,` +
    `sans-serif;background:#fff;color:${config.theme?.accent || '#0b57d0'}`;
  return b;
};

/** Draws what `regime` shows; returns whether a notice is up (the floating button waits until it is dismissed). */
const show = (regime, texts) => {
  whenParsed(() => {
    if (regime === 'opt_out' && !doc.querySelector('[data-consent-do-not-sell]')) {
      const link = button(texts.do_not_sell);
      // A settings link: the synchronous part's click handler (settings-links.js) opens the preferences.
      attr(link, 'data-consent-open', '');
      attr(link, 'data-consent-do-not-sell', '');
      look(link, 'position:fixed;bottom:16px;left:16px;max-width:calc(100% - 32px)');
    }
    if (regime !== 'notice' || seen()) return;
    const notice = doc.createElement('section');
    attr(notice, 'data-consent-notice', '');
    attr(notice, 'aria-label', texts.notice.split(/[.,]/)[0]);
    const text = doc.createElement('p');
    text.style.cssText = 'margin:0;flex:1 1 16em';
    text.textContent = texts.notice;
    const ok = button(texts.ok);
    ok.style.minWidth = '88px';
    ok.onclick = () => {
      notice.remove();
      try {
        localStorage.setItem(NOTICE_SEEN, '1');
      } catch { /* shown again on the next page: still not a choice */ }
      floatingButton();
    };
    notice.append(text, ok);
    look(notice, 'font:15px/1.4 system-ui,sans-serif;color:#1f1f1f;position:fixed;left:0;right:0;bottom:0;' +
      'display:flex;flex-wrap:wrap;gap:12px;align-items:center;padding:16px;border-top:1px solid #c4c7c5;box-shadow:0 -2px 8px rgba(0,0,0,.15)');
  });
  return regime === 'notice' && !seen();
};

const seen = () => {
  try {
    return !!localStorage.getItem(NOTICE_SEEN);
  } catch {
    return false;
  }
};
