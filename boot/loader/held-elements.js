// Holding elements: the URL moves to data-src (data-href, data-srcset), scripts become inert text.
import { ElementPrototype, attr, get, has } from './attributes.js';
import { blocker, firstBlockedInSrcset, UNKNOWN } from './held-urls.js';
import { HELD, INERT, URL_ATTRIBUTE } from '../markers.js';
import { doc, win } from './page.js';
import { queue } from './queue.js';
import { state } from './state.js';

/** Holds the element if the URL about to be set on it is blocked; true if it was held. */
const guard = (el, name, value) => {
  const url = name === 'srcset' ? firstBlockedInSrcset(value) : value;
  const service = url && blocker(url);
  if (!service) return false;
  attr(el, HELD, '');
  attr(el, 'data-' + name, value);
  if (service !== UNKNOWN) {
    attr(el, 'data-category', service.category);
    attr(el, 'data-service', service.id);
  }
  if (el.tagName === 'SCRIPT' && get(el, 'type') !== 'text/plain') {
    if (has(el, 'type')) attr(el, 'data-type', get(el, 'type'));
    attr(el, 'type', 'text/plain');
  }
  // An element that is not in the document (new Image(), a script not yet inserted) is released from the queue.
  if (!el.isConnected) queue(url, () => state._activate(el));
  return true;
};

/** Replaces the setter of `proto`'s property `name` by `set(element, value, originalSetter)`; returns the original
 * descriptor. */
const redefine = (proto, name, set) => {
  const descriptor = Object.getOwnPropertyDescriptor(proto, name);
  if (descriptor?.set) {
    Object.defineProperty(proto, name, {
      configurable: true,
      enumerable: descriptor.enumerable,
      get: descriptor.get,
      set(value) { set(this, value, descriptor.set); }
    });
  }
  return descriptor;
};

const isUrlAttribute = (el, name) =>
  URL_ATTRIBUTE[el.tagName] === name || (name === 'srcset' && /^(IMG|SOURCE)$/.test(el.tagName));

/**
 * Holds every blocked element of a subtree that the parser made (innerHTML, document.write, the page itself).
 * Scripts that arrive as `inert` HTML (innerHTML, outerHTML, insertAdjacentHTML) never run in a browser, so they
 * are marked to stay that way when their category is granted: consent must not make markup live.
 */
const guardTree = (root, inert) => {
  let found = false;
  for (const el of [...(root.nodeType === 1 ? [root] : []), ...root.querySelectorAll('*')]) {
    // Tags the site marked itself wait for their category (and their URL) when released.
    if (has(el, 'data-category') || has(el, HELD)) continue;
    for (const name of ['src', 'href', 'data', 'srcset']) {
      if (isUrlAttribute(el, name) && has(el, name) && guard(el, name, get(el, name))) {
        el.removeAttribute(name);
        if (inert && el.tagName === 'SCRIPT') attr(el, INERT, '');
        found = true;
      }
    }
  }
  return found;
};

/** HTML with every blocked element held, parsed in an inert template so that nothing in it loads meanwhile. */
const innerHTML = Object.getOwnPropertyDescriptor(ElementPrototype, 'innerHTML');
const cleanHtml = (html, inert) => {
  const template = doc.createElement('template');
  innerHTML.set.call(template, html);
  return guardTree(template.content, inert) ? innerHTML.get.call(template) : html;
};

const guardHtmlMethod = (proto, method, htmlAt, inert) => {
  const original = proto[method];
  proto[method] = function (...args) {
    return original.apply(this, args.map((arg, i) => (i < htmlAt ? arg : cleanHtml(arg, inert))));
  };
};

/** The browser's own `type` property of scripts (holdElements patches it): releasing a script sets it. */
export let scriptType;

/** Patches every way a script can give an element a URL, and watches the markup the parser inserts. */
export const holdElements = () => {
  for (const type of ['Script', 'IFrame', 'Image', 'Source', 'Media', 'Embed', 'Track', 'Input']) {
    redefine(win[`HTML${type}Element`].prototype, 'src', (el, value, set) => guard(el, 'src', value) || set.call(el, value));
  }
  for (const [type, name] of [['Image', 'srcset'], ['Source', 'srcset'], ['Link', 'href'], ['Object', 'data']]) {
    redefine(win[`HTML${type}Element`].prototype, name, (el, value, set) => guard(el, name, value) || set.call(el, value));
  }
  for (const [method, nameAt] of [['setAttribute', 0], ['setAttributeNS', 1]]) {
    const original = ElementPrototype[method];
    ElementPrototype[method] = function (...args) {
      const name = String(args[nameAt]).toLowerCase(), value = args[nameAt + 1];
      if (isUrlAttribute(this, name) && guard(this, name, value)) return;
      // A tracker must not re-enable a script we hold by setting its type back.
      if (name === 'type' && this.tagName === 'SCRIPT' && has(this, HELD)) return attr(this, 'data-type', value);
      return original.apply(this, args);
    };
  }
  scriptType = redefine(win.HTMLScriptElement.prototype, 'type',
    (el, value, set) => (has(el, HELD) ? attr(el, 'data-type', value) : set.call(el, value)));
  for (const name of ['innerHTML', 'outerHTML']) {
    redefine(ElementPrototype, name, (el, html, set) => set.call(el, cleanHtml(html, 1)));
  }
  guardHtmlMethod(ElementPrototype, 'insertAdjacentHTML', 1, 1);
  guardHtmlMethod(win.Document.prototype, 'write', 0);
  guardHtmlMethod(win.Document.prototype, 'writeln', 0);
  guardHtmlMethod(win.Range.prototype, 'createContextualFragment', 0);

  // Markup the parser inserts: scripts are held before they run (observers are called before the parser runs a
  // script), images and iframes before they are seen. Static tags should still be marked type="text/plain": the
  // browser's preload scanner may fetch an unmarked tag's URL before any script sees it.
  new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) if (node.nodeType === 1) guardTree(node);
  }).observe(doc.documentElement, { childList: true, subtree: true });
};
