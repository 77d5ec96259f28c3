/*
 * window.__tcfapi, IAB Europe's TCF 2.3 CMP API (IAB Tech Lab, "CMP API v2"), defined by the TCF flavour of the boot
 * loader (dist/consent-boot-tcf.js) before anything else runs: `ping` answers at once; `addEventListener` and
 * `removeEventListener` wait until it is known whether GDPR applies (the spec forbids calling back before), which is
 * once the config is in and, on a first visit, the first layer's answer (its `region`): GDPR applies unless the
 * answer names a regime other than opt-in (no region named: the strictest). `getTCData`, deprecated since TCF 2.2,
 * is not offered (answered as an unknown command: callback(null, false)).
 *
 * TCData comes from the `euconsent-v2` cookie (tc-string.js reads it), which this writes when the visitor answers on
 * the first layer the deferred part paints (its early-choice.js calls state._cmpDecided): the endpoint's answer
 * carries the TC string of "Accept all" and of "Reject all", dated here to the day of the choice. A choice made in
 * the banner (its first layer or preferences) carries its own TC string in its event, written by the banner's
 * WebAssembly (src/tcf.rs); one without deletes the cookie (fail closed). eventStatus:
 * `tcloaded` for a returning visitor whose choice still stands and who has a TC string; `cmpuishown` when the first
 * layer or the banner shows; `useractioncomplete` once the visitor's answer wrote a new TC string.
 *
 * Google's Additional Consent string (for Google's ad tech providers outside the list, when the config names some)
 * goes with the TC string: the answer's `ac_string` is kept in the `addtl_consent` cookie, written and deleted with
 * `euconsent-v2`, and TCData carries it as `addtlConsent` (where Google reads it), only beside a TC string.
 */
import { expose } from '../cmp/frames.js';
import { watchDisplay } from '../cmp/display.js';
import { decodeTcString, datedTcString } from './tc-string.js';
import { doc, win } from '../loader/page.js';
import { state } from '../loader/state.js';

/** A TC string of version 2 with nothing set but IsServiceSpecific (bit 138, so letter 23 is 100000), whose fields
 * stand in for TCData's before the visitor has one. */
const EMPTY = 'C'.padEnd(23, 'A') + 'g'.padEnd(17, 'A');
const cookie = (name) => doc.cookie.match(`(?:^|;\\s*)${name}=([^;]*)`)?.[1] || '';
/** Writes both cookies (first-party, for `ageMs` rounded down to seconds; one without a value is deleted). */
const writeCookies = (ageMs) => [['euconsent-v2', tcString], ['addtl_consent', acString]].forEach(([name, value]) => {
  doc.cookie = `${name}=${value}; Path=/; Max-Age=${value ? ageMs / 1e3 | 0 : 0}; SameSite=Lax` +
    (win.location.protocol === 'https:' ? '; Secure' : '');
});

let tcString = cookie('euconsent-v2');
let acString = cookie('addtl_consent');
/** The TCF details of the site (config) and of its Global Vendor List (the first layer's answer or the TC string). */
let cmp = {};
let gdprApplies;
let cmpStatus = 'stub';
let eventStatus;
/** {listenerId: callback}; calls made before GDPR's applying was known wait in `waiting`. */
const listeners = new Map();
let lastId = 0;
let waiting = [];

const tcData = (listenerId) => {
  const base = { tcfPolicyVersion: cmp.tcfPolicyVersion, cmpId: cmp.cmpId, cmpVersion: cmp.cmpVersion, gdprApplies,
    eventStatus, cmpStatus, listenerId };
  if (!gdprApplies) return base;
  // No TC string yet: the fields of an empty one (version 2, nothing set), with an empty tcString.
  // eslint-disable-next-line no-unused-vars
  const { gvlVersion, ...decoded } = decodeTcString(tcString) || { ...decodeTcString(EMPTY), tcString: '' };
  return { ...decoded, ...base, ...(acString && { addtlConsent: acString }) };
};

const notify = () => listeners.forEach((callback, id) => callback(tcData(id), true));

const commands = {
  ping: (callback) => callback({ gdprApplies, cmpLoaded: cmpStatus === 'loaded', cmpStatus,
    displayStatus: isVisible() ? 'visible' : gdprApplies === false ? 'disabled' : 'hidden', apiVersion: '2.3',
    cmpVersion: cmp.cmpVersion, cmpId: cmp.cmpId, gvlVersion: cmp.gvlVersion, tcfPolicyVersion: cmp.tcfPolicyVersion }),
  addEventListener: (callback) => {
    listeners.set(++lastId, callback);
    callback(tcData(lastId), true);
  },
  removeEventListener: (callback, id) => callback(listeners.delete(id))
};

/** __tcfapi(command, version, callback, parameter). */
const tcfapi = (command, version, callback, parameter) => {
  if (typeof callback !== 'function') return;
  const run = commands[command];
  // Version 0, null or undefined asks for the latest; 1 is no longer supported; 2 is this one.
  if (!run || (version && version !== 2)) return command === 'removeEventListener' ? callback(false) : callback(null, false);
  if (command === 'ping' || waiting === null) return run(callback, parameter);
  waiting.push([run, callback, parameter]);
};

// Before the queued calls are answered: ping reports it.
const isVisible = watchDisplay((visible) => {
  if (visible && waiting === null) {
    eventStatus = 'cmpuishown';
    notify();
  }
});

const answerQueued = expose('__tcfapi', tcfapi, (call, callback) => [call.command, call.version, callback, call.parameter]);
answerQueued();


/**
 * Called by the deferred part once the config is in and the visitor's case is known: `standing` when a stored choice
 * still stands (nothing will be asked), else once the first layer's answer (boot.layer) came or could not be had.
 */
state._cmpReady = (standing) => {
  const site = state._config.tcf;
  if (!site) {
    cmpStatus = 'error';
    console.error('consent-banner: __tcfapi answers nothing: the config has no "tcf" section.');
    return;
  }
  const layer = state._boot.layer;
  const stored = decodeTcString(tcString);
  cmp = { cmpId: site.cmp_id, cmpVersion: site.cmp_version, gvlVersion: layer?.tcf?.gvl_version ?? stored?.gvlVersion,
    tcfPolicyVersion: layer?.tcf?.tcf_policy_version ?? stored?.tcfPolicyVersion };
  const regime = layer?.region?.regime;
  gdprApplies = !regime || regime === 'opt_in';
  cmpStatus = 'loaded';
  if (standing && stored) eventStatus = 'tcloaded';
  else if (isVisible()) eventStatus = 'cmpuishown';
  const queued = waiting;
  waiting = null;
  queued.forEach(([run, callback, parameter]) => run(callback, parameter));
};

/** When the last first-layer answer whose TC string this wrote was made: its `consent` event is not the banner's. */
let writtenAt;

/**
 * A choice made on this page in the banner: its event carries the TC string the banner wrote for it
 * (`detail.tc_string`) and, for a site naming Google's providers, its AC string beside it (`detail.ac_string`), which
 * replace the cookies. An event without a TC string (the banner could not read the site's vendor list, or the answer
 * came from the JS API or GPC rather than the banner's layers) deletes both: no TC string, no consent for any vendor
 * (fail closed), so an earlier "Accept all" no longer speaks for a visitor who withdrew. A standing choice announced
 * as the page loads is older than the page and is left alone.
 */
const onBannerChoice = ({ detail }) => {
  const at = detail?.decided_at_ms;
  if (cmpStatus !== 'loaded' || !at || at === writtenAt || at < performance.timeOrigin) return;
  tcString = detail.tc_string || '';
  acString = detail.ac_string || '';
  writeCookies(detail.expires_at_ms - at);
  eventStatus = 'useractioncomplete';
  notify();
};
win.addEventListener('consent:consent', onBannerChoice);
win.addEventListener('consent:change', onBannerChoice);

/**
 * Called by the deferred part when the visitor answers on the painted first layer (`choice`, the answer's
 * `choices[…]`, at `atMs`): its TC string, dated to the choice, becomes the `euconsent-v2` cookie (first-party,
 * as long as the stored choice), and its AC string (`choice.ac_string`, else none) the `addtl_consent` cookie;
 * listeners get `useractioncomplete`. Returns the string written, which the record carries; an answer without a
 * TC string leaves the cookie as it is and returns none.
 */
state._cmpDecided = (choice, atMs) => {
  if (!choice.tc_string || cmpStatus !== 'loaded') return;
  writtenAt = atMs;
  tcString = datedTcString(choice.tc_string, atMs);
  acString = choice.ac_string || '';
  writeCookies(choice.lifetime_ms);
  eventStatus = 'useractioncomplete';
  notify();
  return tcString;
};
