/*
 * What the synchronous part shares with the deferred one (boot/deferred/, loaded once this has run: see start.js):
 * the state both read and write, and, once start.js has added them, the functions the deferred part calls. The names
 * start with one `_`, which scripts/build-banner shortens alike in both parts, so they cost no bytes; nothing outside
 * the boot loader reads them.
 */
export const state = {
  _config: null, // the parsed config, once it and the tracker database are fetched
  _granted: null, // {category id: true} once the visitor's choice is known for this page view
  _services: {}, // {service id: true} granted with it
  _consent: null, // {id, categories, services, decided_at_ms, expires_at_ms} of the choice in force
  _queued: [] // held requests: {url, run}
  // Set by the deferred part once the config is in: _holder(url) (what holds a URL, by the config's rules) and
  // _activate(element) (releases a held element if it is allowed now).
};
