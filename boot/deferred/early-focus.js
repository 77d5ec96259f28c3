/*
 * Keyboard focus around the painted first layer, which now stands in for the banner until the visitor answers, as
 * the banner's own first layer does it (src/first_layer.rs):
 * - a bar or box (not modal) keeps the page's focused element out from under it (WCAG 2.2, 2.4.11 Focus Not
 *   Obscured; src/focus_not_obscured.rs): its height is reserved as the page's scroll padding (a constructed
 *   stylesheet, which a strict Content-Security-Policy allows, taken away with the layer; never the page's own inline
 *   style, which the banner's reservation saves and restores) and as the height of the element it is in (the page's
 *   end scrolls clear), and an element focused under it anyway is scrolled up;
 * - a modal one keeps Tab inside it (the WAI-ARIA dialog pattern; src/focus_trap.rs).
 * The notice of a notice regime (boot/consent-regime.js) is kept clear of the same way: its `host` is an in-flow
 * element at the end of <body> holding the fixed notice.
 */
import { doc } from './page.js';

const MARGIN_PX = 8; // focus_not_obscured::MARGIN_PX
const FOCUSABLE = 'a[href],button:not([disabled]),[tabindex]:not([tabindex="-1"])';

/** Applies the above to the painted layer `section`, in `host` (or to a notice, in its in-flow holder). */
export const keepFocus = (host, section, modal) => {
  if (modal) {
    section.addEventListener('keydown', (event) => {
      if (event.key !== 'Tab' || event.altKey || event.ctrlKey || event.metaKey) return;
      const controls = [...section.querySelectorAll(FOCUSABLE)].filter((el) => el.getClientRects().length);
      const active = host.shadowRoot.activeElement;
      const [first, last] = [controls[0], controls[controls.length - 1]];
      const target = event.shiftKey ? (active === first || active === section) && last : active === last && first;
      if (target) {
        event.preventDefault();
        target.focus();
      }
    });
    return;
  }
  const top = () => section.getBoundingClientRect().top - MARGIN_PX;
  const sheet = new CSSStyleSheet();
  const update = () => {
    const height = Math.max(0, Math.ceil(innerHeight - top()));
    sheet.replaceSync(`html{scroll-padding-bottom:${height}px}`);
    section.parentElement.style.height = height + 'px';
  };
  // After the browser's own scrolling into view, which comes after the event.
  const uncover = () => requestAnimationFrame(() => {
    const active = doc.activeElement;
    const covered = active && active !== doc.body && !host.contains(active) &&
      active.getBoundingClientRect().bottom - top();
    if (covered > 0) scrollBy(0, covered);
  });
  // `focusin` for the page's own elements; the window's `blur` for an iframe, whose focus events happen inside it.
  const listeners = [['resize', update], ['focusin', uncover], ['blur', uncover]];
  for (const [name, listener] of listeners) addEventListener(name, listener);
  doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  update();
  // Taken away with the layer (answered, or replaced by the banner).
  const gone = new MutationObserver(() => {
    if (host.isConnected) return;
    gone.disconnect();
    for (const [name, listener] of listeners) removeEventListener(name, listener);
    doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
  });
  gone.observe(doc.body, { childList: true });
};
