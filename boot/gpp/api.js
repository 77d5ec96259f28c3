/*
 * window.__gpp, IAB Tech Lab's GPP 1.1 CMP API, defined by the GPP flavour of the boot loader
 * (dist/consent-boot-gpp.js) before anything else runs. Every command answers at once, as the spec asks: before the
 * config is in, with cmpStatus `stub`, signalStatus `not ready` and no sections (hasSection, getSection and getField
 * answer null then).
 *
 * The string carries the US National (`usnat`) and California (`usca`) sections, written from the choice in force
 * (sections.js): a visitor who has not granted every category marked sale_or_sharing (marketing by default), or has
 * not chosen, is opted out of sale, sharing and targeted advertising, and so is one whose browser sends Global
 * Privacy Control (`navigator.globalPrivacyControl === true`; Gpc = true in the GPC sub-section). The TC string is
 * not carried: TCF sites read it from __tcfapi (the TCF flavour), as IAB advises. applicableSections: [8] for a
 * Californian, [7] for another US visitor or one of unknown region (the first layer's answer names the region), [-1]
 * for a visitor elsewhere. The string is also kept in the first-party cookie `__gpp` (and the section ids in
 * `__gpp_sid`), as long as the choice, for the site's own server-side tags; a visitor who has not chosen gets none.
 */
import { expose } from '../cmp/frames.js';
import { watchDisplay } from '../cmp/display.js';
import { gppString, usSections } from './sections.js';
import { consentBanner } from '../loader/js-api.js';
import { doc, win } from '../loader/page.js';
import { state } from '../loader/state.js';

const SUPPORTED = ['7:usnat', '8:usca'];
let cmpStatus = 'stub';
let signalStatus = 'not ready';
let cmpId = 0;
let sections = {};
let applicableSections = [0];
/** {listenerId: callback} */
const listeners = new Map();
let lastId = 0;

const ping = () => ({ gppVersion: '1.1', cmpStatus, cmpDisplayStatus: isVisible() ? 'visible' : 'hidden', signalStatus,
  supportedAPIs: SUPPORTED, cmpId, sectionList: sections.usnat ? [7, 8] : [], applicableSections,
  gppString: sections.usnat ? gppString(sections) : '', parsedSections: structuredClone(sections) });

const event = (eventName, data, listenerId) => ({ eventName, listenerId, data, pingData: ping() });
const tell = (eventName, data) => listeners.forEach((callback, id) => callback(event(eventName, data, id), true));

/** A section's fields across its sub-sections, or null: what getField reads. */
const field = (path) => {
  const [name, key] = String(path).split('.');
  const found = sections[name]?.find((part) => key in part);
  return found ? structuredClone(found[key]) : null;
};

const commands = {
  ping,
  addEventListener: (callback) => {
    listeners.set(++lastId, callback);
    return event('listenerRegistered', true, lastId);
  },
  removeEventListener: (callback, id) => listeners.delete(id),
  hasSection: (callback, name) => (signalStatus === 'ready' ? !!sections[name] : null),
  getSection: (callback, name) => structuredClone(sections[name] ?? null),
  getField: (callback, path) => field(path)
};

/** __gpp(command, callback, parameter, version). */
const gpp = (command, callback, parameter) => {
  if (typeof callback !== 'function') return;
  const run = commands[command];
  if (!run) return callback(null, false);
  callback(run(callback, parameter), true);
};

// Listeners a page added on IAB's stub, which answered them itself and keeps them for the CMP (`__gpp('events')`).
try {
  for (const { id, callback } of win.__gpp?.('events') || []) {
    listeners.set(id, callback);
    lastId = Math.max(lastId, id);
  }
} catch {
  // Not IAB's stub: nothing kept.
}

const isVisible = watchDisplay((visible) => tell('cmpDisplayStatus', visible ? 'visible' : 'hidden'));

expose('__gpp', gpp, (call, callback) => [call.command, callback, call.parameter, call.version])();

/** Writes the sections of the choice in force (state._granted: none yet = opted out). */
const update = () => {
  const config = state._config;
  const marketing = config.categories.filter((c) => !c.required && (c.sale_or_sharing ??
    /^(marketing|advertising|ads|targeting|social|social_media)$/.test(c.id)));
  const optedOut = !state._granted || marketing.some((c) => !state._granted[c.id]);
  sections = usSections(marketing.length > 0, optedOut, win.navigator.globalPrivacyControl === true);
  const consent = state._consent;
  if (consent) {
    const age = `; Path=/; Max-Age=${Math.max(0, Math.floor((consent.expires_at_ms - Date.now()) / 1000))}; ` +
      `SameSite=Lax${win.location.protocol === 'https:' ? '; Secure' : ''}`;
    doc.cookie = `__gpp=${gppString(sections)}${age}`;
    doc.cookie = `__gpp_sid=7,8${age}`;
  }
};

/** Called by the deferred part once the config is in and the visitor's case is known (boot/deferred/start.js). */
const ready = () => {
  cmpId = state._config.tcf?.cmp_id || 1; // 1: "not registered", as the spec asks of a CMP without an id
  const region = state._boot.layer?.region;
  const jurisdiction = region?.jurisdiction || '';
  applicableSections = jurisdiction === 'US-CA' ? [8]
    : !region || jurisdiction === 'unknown' || jurisdiction.startsWith('US') ? [7] : [-1];
  update();
  cmpStatus = 'loaded';
  tell('cmpStatus', cmpStatus);
  signalStatus = 'ready';
  tell('signalStatus', signalStatus);
  for (const name of ['consent', 'change']) {
    consentBanner.on(name, () => {
      tell('signalStatus', (signalStatus = 'not ready'));
      update();
      tell('sectionChange', 'usnat');
      tell('sectionChange', 'usca');
      tell('signalStatus', (signalStatus = 'ready'));
    });
  }
};
// Both flavours' APIs may be on one page (consent-boot-tcf-gpp.js): each is told.
const before = state._cmpReady;
state._cmpReady = (standing) => {
  before?.(standing);
  ready();
};
