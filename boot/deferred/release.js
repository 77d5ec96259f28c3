// Releasing what a decision allows, and holding again what it withdraws.
import { consentModeState } from './consent-mode.js';
import { floatingButton } from './floating-button.js';
import { attr, blocker, firstBlockedInSrcset, gtag, scriptType, state } from './handover.js';
import { HELD, INERT, RELEASED, URL_ATTRIBUTE } from '../markers.js';
import { all, doc, get, has, whenParsed } from './page.js';
import { removePlaceholder, showPlaceholders } from './placeholders.js';
import { config } from './site-config.js';

/** Activates a held element if what it belongs to is allowed now; stops a released frame that no longer is. */
export const activate = (el) => {
  const service = get(el, 'data-service');
  const name = has(el, 'data-srcset') ? 'srcset' : URL_ATTRIBUTE[el.tagName] || 'src';
  const url = get(el, 'data-' + name) || get(el, 'data-src');
  const urlAllowed = !blocker(name === 'srcset' ? firstBlockedInSrcset(url) : url);
  const allowed = has(el, HELD)
    ? urlAllowed
    : urlAllowed && state._granted?.[get(el, 'data-category')] && (!service || state._services[service]);
  if (has(el, RELEASED)) {
    // Withdrawn: frames and media stop; scripts cannot be stopped once run, images and links are done.
    if (!allowed && !/^(SCRIPT|IMG|LINK)$/.test(el.tagName)) {
      el.removeAttribute(RELEASED);
      el.removeAttribute(name);
      if (el.tagName === 'IFRAME') attr(el, 'src', 'about:blank');
    }
    return;
  }
  if (!allowed) return;
  attr(el, RELEASED, '');
  removePlaceholder(el);
  if (el.tagName !== 'SCRIPT') {
    if (url) attr(el, name, url);
    // A media element picks a new <source> only when told to load again.
    if (el.tagName === 'SOURCE') el.parentNode?.load?.();
    return;
  }
  if (get(el, 'type') !== 'text/plain' || has(el, INERT)) return;
  const type = get(el, 'data-type') || 'text/javascript';
  // A script runs only when it is inserted as runnable: copy it without the type that held it back.
  const live = doc.createElement('script');
  for (const { name: attribute, value } of el.attributes) {
    if (attribute !== 'type' && attribute !== 'data-src') attr(live, attribute, value);
  }
  scriptType.set.call(live, type);
  live.nonce = el.nonce;
  // Keep document order for markup scripts unless they asked for async; inserted ones were async anyway.
  live.async = has(el, 'async') || has(el, HELD);
  if (url) attr(live, 'src', url);
  else live.text = el.text;
  if (el.parentNode) return el.parentNode.replaceChild(live, el);
  // Not inserted yet: make the element itself runnable, so that it runs when its code inserts it.
  scriptType.set.call(el, type);
  if (url) attr(el, 'src', url);
};

/** Activates every held element that is allowed now and runs every held request that is. */
export const releaseAll = () => {
  all(`[data-category],[${HELD}]`).forEach(activate);
  // Held requests whose URL is allowed now go, once each.
  const waiting = state._queued;
  state._queued = [];
  for (const item of waiting) blocker(item.url) ? state._queued.push(item) : item.run();
  // Once the config names the services, held embeds say what they are, before a choice too.
  if (config) showPlaceholders();
};

/**
 * Applies a decision: categories and services granted for this page view, and the choice the JS API reports.
 * Called on a returning visit, and by the banner after every choice. Withdrawn ones are held again from now on;
 * the banner deletes their cookies. `noButton`: no floating "Cookie settings" button (regime.js, before a choice).
 */
export const apply = (categories, services, choice, noButton) => {
  state._consent = choice || null;
  const granted = (state._granted = {});
  const grantedServices = (state._services = {});
  for (const id of categories) granted[id] = true;
  for (const id of services || []) grantedServices[id] = true;
  const consentMode = consentModeState(granted);
  gtag('consent', 'update', consentMode);
  gtag('set', 'ads_data_redaction', consentMode.ad_storage === 'denied');
  releaseAll();
  whenParsed(releaseAll);
  noButton || whenParsed(floatingButton);
};
