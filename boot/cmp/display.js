// Whether a consent UI is on screen: the first layer the deferred part paints, or the banner's first layer or
// preferences, each in the shadow root of a <consent-banner> host (the painted one is replaced by the banner's, which
// keeps its host once answered). The IAB APIs report it (TCF's displayStatus and cmpuishown, GPP's cmpDisplayStatus).
import { doc } from '../loader/page.js';

const UI = '[data-consent-banner],[data-consent-preferences]';

const shown = () => [...doc.querySelectorAll('consent-banner')].some((host) => host.shadowRoot?.querySelector(UI));

/** Calls `changed(visible)` whenever the UI appears or goes; returns whether it is on screen now. */
export const watchDisplay = (changed) => {
  let visible = false;
  const watched = new Set();
  const observer = new MutationObserver(() => {
    for (const host of doc.querySelectorAll('consent-banner')) {
      if (host.shadowRoot && !watched.has(host)) {
        watched.add(host);
        observer.observe(host.shadowRoot, { childList: true, subtree: true });
      }
    }
    if (shown() !== visible) changed((visible = !visible));
  });
  observer.observe(doc.documentElement, { childList: true, subtree: true });
  return () => visible;
};
