import { state as shared } from './handover.js';
import { config } from './site-config.js';

/** Google Consent Mode v2's state for the granted categories: a type is granted when every category the config's
 * consent_mode lists for it is. */
export const consentModeState = (granted) => {
  const state = {};
  for (const type of shared._consentTypes) {
    const categories = config.consent_mode?.[type] || [];
    state[type] = categories.length && categories.every((id) => granted[id]) ? 'granted' : 'denied';
  }
  return state;
};
