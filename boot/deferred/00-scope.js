/*
 * consent-banner boot loader, deferred part.
 *
 * What the boot loader (boot/loader/) does not need before the page parses on: applying a decision and releasing
 * what it allows, the stored choice's check against the config, the floating "Cookie settings" button, the
 * placeholders over held embeds, and starting the banner. The synchronous part holds everything meanwhile and
 * imports this module at once, in parallel with the config and the tracker database (one more request on a first
 * visit, none after: the module is content-hashed and cached immutable); once all three are in, it calls the
 * default export below. Every page view pays for the synchronous part, so this keeps it within its byte budget
 * (scripts/size-report). If this module cannot be loaded, nothing is released.
 *
 * Written as parts with one job each: the files of boot/deferred/, joined in name order and minified into
 * dist/consent-boot-deferred.<hash>.js by scripts/build-banner. This first part opens the function they all share the
 * scope of; 90-start.js, the last, closes it.
 */
/**
 * Takes over from the synchronous part: `k` is what the two share (boot/loader/00-scope.js), `body` the config's
 * text and `databaseLoad` the tracker database on its way. Rejects with an Error saying what is wrong with the config.
 */
export default async (k, body, databaseLoad) => {
  const HELD = 'data-consent-held';
  const RELEASED = 'data-consent-released';
  const INERT = 'data-consent-inert';
  const URL_ATTRIBUTE = { SCRIPT: 'src', IFRAME: 'src', IMG: 'src', SOURCE: 'src', VIDEO: 'src', AUDIO: 'src',
    EMBED: 'src', TRACK: 'src', INPUT: 'src', LINK: 'href', OBJECT: 'data' };
  const doc = document;
  let config; // the parsed config (90-start.js)
  const { _attr: attr, _boot: boot, _blocker: blocker,
    _firstBlockedInSrcset: firstBlockedInSrcset, _scriptType: scriptType, _gtag: gtag, _consentTypes: consentTypes,
    _load: load, _loadBanner: loadBanner, _preloadBanner: preloadBanner, _configKnown: configKnown,
    _listeners: listeners, _readStored: readStored } = k;
  const found = boot.found;
  const required = {}; // strictly necessary categories: their services are never held
  // The page's scripts patch setAttribute (40-hold-elements.js), not these.
  const get = (el, name) => el.getAttribute(name);
  const has = (el, name) => el.hasAttribute(name);
  const all = (selector) => [...doc.querySelectorAll(selector)];
  function whenParsed(run) {
    if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', run);
    else run();
  }
