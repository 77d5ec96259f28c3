// The stored choice. Mirrors StoredConsent::from_cookie_value; the deferred part checks that it still stands
// (boot/deferred/stored-choice.js).
import { preview } from './embed.js';
import { doc } from './page.js';

const FORMAT_VERSION = 1; // stored::FORMAT_VERSION; the cookie's name, consent_banner, is stored::COOKIE_NAME

/** The visitor's choice as the cookie holds it, if it is well-formed; null otherwise, and always in a preview, which
 * shows what a first visit sees. */
export const readStored = () => {
  if (preview) return null;
  try {
    const stored = JSON.parse(decodeURIComponent(doc.cookie.match(/(?:^|;\s*)consent_banner=([^;]*)/)[1]));
    stored.sg ||= [];
    stored.sd ||= [];
    const lists = [stored.g, stored.d, stored.sg, stored.sd].every(Array.isArray);
    const contradicts = lists && (stored.g.some((id) => stored.d.includes(id)) ||
      stored.sg.some((id) => stored.sd.includes(id)));
    return stored.v === FORMAT_VERSION && lists && !contradicts ? stored : null;
  } catch {
    return null; // none, or not ours: never trusted
  }
};
