// Placeholders for held iframes, drawn by a module (boot/consent-placeholders.js) loaded only on pages that have one.
import { attr, boot, loadBanner, state } from './handover.js';
import { RELEASED } from '../markers.js';
import { all, get, has } from './page.js';
import { config } from './site-config.js';

let placeholders = null;
/** What a placeholder's buttons do: the boot loader alone sets a held URL. */
const placeholderActions = {
  loadOnce(frame) {
    attr(frame, RELEASED, '');
    attr(frame, 'src', get(frame, 'data-src'));
    removePlaceholder(frame);
  },
  allow(category) {
    if (boot.grant) return boot.grant(category);
    boot.view = 'grant';
    boot.grantCategory = category;
    loadBanner();
  }
};

/** Draws a placeholder over every held frame that has none, loading the module that draws them if there is one. */
export const showPlaceholders = () => {
  const without = () => all(`iframe[data-category]:not([${RELEASED}])`).filter((frame) => !placeholderOf(frame));
  if (!without().length) return;
  placeholders ||= state._load('consent-placeholders.js');
  placeholders.then((module) => module?.default(without(), config, placeholderActions));
};

const placeholderOf = (frame) => {
  const box = frame.previousElementSibling;
  return box && has(box, 'data-consent-placeholder') ? box : null;
};

/** Takes a released frame's placeholder away and shows the frame. */
export const removePlaceholder = (frame) => {
  placeholderOf(frame)?.remove();
  if (frame.style) frame.style.display = '';
};
