// Reading the page. The page's scripts patch setAttribute (the synchronous part's held-elements.js), not these.
export const doc = document;
export const get = (el, name) => el.getAttribute(name);
export const has = (el, name) => el.hasAttribute(name);
export const all = (selector) => [...doc.querySelectorAll(selector)];

/** Runs `run` once the document is parsed (at once if it is). */
export const whenParsed = (run) => {
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', run);
  else run();
};
