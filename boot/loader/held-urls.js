// Which URLs are held: those of every other origin until the config is known, then what the config says.
import { base, configUrl } from './embed.js';
import { doc } from './page.js';
import { state } from './state.js';

/** What holds a URL while the config and the tracker database are not known. */
export const UNKNOWN = { id: '', category: '' };

const parse = (url) => {
  try {
    return new URL(url, doc.baseURI);
  } catch {
    return null;
  }
};

/** null if the URL may load now; otherwise what holds it: a service, a tracker (UNKNOWN while the config and the
 * tracker database are not known: the rules that read them come with them, in the deferred part's held-urls.js). */
export const blocker = (url) => {
  const u = url == null ? null : parse(String(url));
  if (!u || !/^https?:$/.test(u.protocol)) return null;
  if (u.href.startsWith(base) || u.href === parse(configUrl).href) return null; // our own files
  return state._holder ? state._holder(u) : u.origin === location.origin ? null : UNKNOWN;
};

/** The first URL of a srcset that is held, if any. */
export const firstBlockedInSrcset = (srcset) =>
  String(srcset).split(',').map((candidate) => candidate.trim().split(/\s+/)[0]).find((url) => url && blocker(url));
