/*
 * consent-banner's controls for a visitor's privacy regime, for a site whose config has `regions`: the "Do Not Sell
 * or Share My Personal Information" button of an opt-out regime and the notice of a notice regime. The deferred part
 * (boot/deferred/regime.js) imports this module only when the first layer's answer names one of those regimes, so
 * that sites without `regions` pay nothing for it; it is JavaScript rather than part of the WASM banner because these
 * show on every page view of such a visitor, who may never open the preferences.
 *
 * show(regime, texts, config, floatingButton, keepFocus): `texts` are the answer's `region.texts`; `floatingButton`
 * draws the floating "Cookie settings" button (once the notice is dismissed); `keepFocus` keeps the page's focused
 * element out from under the notice (WCAG 2.2, 2.4.11 Focus Not Obscured: boot/deferred/early-focus.js, as for the
 * painted first layer). Returns whether a notice is up (the floating button waits until it is dismissed). Call it
 * once the page is parsed.
 */
const NOTICE_SEEN = 'consent_banner_notice';

const seen = () => {
  try {
    return !!localStorage.getItem(NOTICE_SEEN);
  } catch {
    return false;
  }
};

/** A button looking like the floating "Cookie settings" button (boot/deferred/floating-button.js). */
const button = (text, accent) => {
  const b = document.createElement('button');
  b.textContent = text;
  b.style.cssText = 'min-height:44px;padding:8px 16px;border:2px solid;border-radius:22px;' +
    `font:600 15px system-ui,sans-serif;background:#fff;color:${accent}`;
  return b;
};

const place = (el, css) => {
  el.style.cssText += css + ';z-index:2147482999;background:#fff';
  document.body.appendChild(el);
};

export default function show(regime, texts, config, floatingButton, keepFocus) {
  const accent = config.theme?.accent || '#0b57d0';
  // The site may place its own link (like its "Cookie settings" links: [data-consent-open] opens the preferences).
  if (regime === 'opt_out' && !document.querySelector('[data-consent-do-not-sell]')) {
    const link = button(texts.do_not_sell, accent);
    // A settings link: the synchronous part's click handler (settings-links.js) opens the preferences.
    link.setAttribute('data-consent-open', '');
    link.setAttribute('data-consent-do-not-sell', '');
    place(link, 'position:fixed;bottom:16px;left:16px;max-width:calc(100% - 32px)');
  }
  if (regime !== 'notice' || seen()) return false;
  const notice = document.createElement('section');
  notice.setAttribute('data-consent-notice', '');
  // Named by its first words ("This site uses cookies and similar technologies").
  notice.setAttribute('aria-label', texts.notice.split(/[.,]/)[0]);
  const text = document.createElement('p');
  text.style.cssText = 'margin:0;flex:1 1 16em';
  text.textContent = texts.notice;
  const ok = button(texts.ok, accent);
  ok.style.minWidth = '88px';
  // Fixed to the bottom of the viewport, in an element at the end of the page that keeps its height free.
  const holder = document.createElement('div');
  // Only hides it: a notice regime asks for no choice, so nothing is stored as one and nothing is sent.
  ok.onclick = () => {
    holder.remove();
    try {
      localStorage.setItem(NOTICE_SEEN, '1');
    } catch { /* shown again on the next page */ }
    floatingButton();
  };
  notice.append(text, ok);
  place(notice, 'font:15px/1.4 system-ui,sans-serif;color:#1f1f1f;position:fixed;left:0;right:0;bottom:0;' +
    'display:flex;flex-wrap:wrap;gap:12px;align-items:center;padding:16px;border-top:1px solid #c4c7c5;' +
    'box-shadow:0 -2px 8px rgba(0,0,0,.15)');
  holder.append(notice);
  document.body.appendChild(holder);
  keepFocus(holder, notice);
  return true;
}
