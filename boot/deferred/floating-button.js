import { attr } from './handover.js';
import { doc } from './page.js';
import { config } from './site-config.js';

/**
 * Draws the floating "Cookie settings" button, so that withdrawing stays one click away on every page once the
 * visitor has chosen ("floating_button": "bottom-left" (default) | "bottom-right" | "none"). A page with its own
 * [data-consent-open] link gets none. The button is such a link itself, so the synchronous part's click handler
 * (settings-links.js) opens the preferences. Its label is the one the banner last showed (src/boot_words.rs), else
 * the config's, else English.
 */
export const floatingButton = () => {
  const side = config.floating_button || 'bottom-left';
  if (side === 'none' || doc.querySelector('[data-consent-open]')) return;
  let words = {};
  try {
    words = JSON.parse(localStorage.getItem('consent_banner_words')) || {};
  } catch { /* no storage: the config's words */ }
  const b = doc.createElement('button');
  b.textContent = words.cookie_settings || config.texts?.cookie_settings || 'Cookie settings';
  if (words.lang) b.lang = words.lang;
  attr(b, 'data-consent-open', '');
  attr(b, 'data-consent-floating', '');
  // side.slice(7) is "left" or "right"; the border takes the text's colour, the accent.
  b.style.cssText = `position:fixed;bottom:16px;${side.slice(7)}:16px;z-index:2147482999;min-height:44px;` +
    'padding:8px 16px;border:2px solid;border-radius:22px;background:#fff;font:600 15px system-ui,sans-serif;' +
    `color:${config.theme?.accent || '#0b57d0'}`;
  doc.body.appendChild(b);
};
