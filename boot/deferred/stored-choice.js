// Whether the stored choice (read by the synchronous part's stored-choice.js) still stands. Mirrors
// StoredConsent::is_valid_for.
import { config } from './site-config.js';

/** Same site, same config revision, not expired, and a decision for every category and service of the config. */
export const stillStands = (stored) => {
  const decided = [...stored.g, ...stored.d];
  const decidedServices = [...stored.sg, ...stored.sd];
  return stored.site === config.site &&
    stored.rev === config.revision &&
    Date.now() < stored.exp &&
    config.categories.every((c) => decided.includes(c.id)) &&
    (config.services || []).every((s) => decidedServices.includes(s.id));
};

/** Whether decisions wait in the banner's queue for the endpoint to acknowledge them (src/sync.rs). */
export const queuedDecisions = () => {
  try {
    return /"consent_id"/.test(localStorage.getItem('consent_banner_queue'));
  } catch {
    return false;
  }
};
