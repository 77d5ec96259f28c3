// Held requests (and elements not in the document), which the deferred part runs, once each, when they are allowed.
import { state } from './state.js';

const MAX_QUEUED = 200; // requests held per page view: a runaway tracker must not grow memory without bound

/** Holds `run` until `url` is allowed; past MAX_QUEUED, the oldest is dropped. */
export const queue = (url, run) => {
  if (state._queued.length >= MAX_QUEUED) state._queued.shift();
  state._queued.push({ url, run });
};
