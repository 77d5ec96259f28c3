// Reading and writing elements' attributes with the browser's own methods: the patched setAttribute
// (held-elements.js) would hold the boot loader's own writes.
import { win } from './page.js';

export const ElementPrototype = win.Element.prototype;
const setAttribute = ElementPrototype.setAttribute;
const getAttribute = ElementPrototype.getAttribute;
export const attr = (el, name, value) => setAttribute.call(el, name, value);
export const get = (el, name) => getAttribute.call(el, name);
export const has = (el, name) => el.hasAttribute(name);
