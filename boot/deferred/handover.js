/*
 * What the synchronous part hands over (its state.js, filled by its start.js): the state both parts read and write,
 * as `state`, and the functions of the synchronous part this one calls, under their names there. Set by takeOver
 * before anything else of this part runs. A function called in one place only (_load, _configKnown, _listeners,
 * _consentTypes) is read from `state` where it is used: shorter, once minified, than a binding of its own.
 */
export let state, attr, boot, blocker, firstBlockedInSrcset, scriptType, gtag, loadBanner, preloadBanner, readStored;

/** Takes the synchronous part's shared state and functions (`shared`: its state.js's `state`). */
export const takeOver = (shared) => {
  state = shared;
  ({ _attr: attr, _boot: boot, _blocker: blocker, _firstBlockedInSrcset: firstBlockedInSrcset,
    _scriptType: scriptType, _gtag: gtag, _loadBanner: loadBanner,
    _preloadBanner: preloadBanner, _readStored: readStored } = shared);
};
