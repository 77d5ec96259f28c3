// Google Consent Mode v2: everything denied until the choice is known (the deferred part updates it then).
import { win } from './page.js';

const dataLayer = (win.dataLayer ||= []);
/** Google's gtag(), which pushes its arguments object (as Google tags expect) onto the page's dataLayer. */
export function gtag() { dataLayer.push(arguments); }
export const CONSENT_TYPES = ('ad_storage ad_user_data ad_personalization analytics_storage functionality_storage ' +
  'personalization_storage security_storage').split(' ');

/** Sets every type to denied before any Google tag can read them. */
export const denyByDefault = () => {
  gtag('consent', 'default', { ...Object.fromEntries(CONSENT_TYPES.map((type) => [type, 'denied'])), wait_for_update: 500 });
  gtag('set', 'ads_data_redaction', true);
};
