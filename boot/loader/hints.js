import { script } from './embed.js';
import { doc } from './page.js';

/** Hints `href` to the browser's fetcher (`as`: what it is fetched as; `cors`: fetched in CORS mode). */
export const hint = (rel, href, as, cors) => {
  const link = doc.createElement('link');
  link.rel = rel;
  link.href = href;
  if (as) link.as = as;
  if (cors) link.crossOrigin = 'anonymous';
  link.nonce = script.nonce; // a strict CSP checks a module preload like the script it fetches
  doc.head.appendChild(link);
};
