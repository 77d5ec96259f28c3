/*
 * How the boot loader marks the page's elements, read by both of its pieces (boot/loader/ holds elements,
 * boot/deferred/ releases them), and the banner and the tests select by the same attributes.
 */

/** On an element the boot loader held: its URL moved to data-src (data-href, data-srcset, data-data). */
export const HELD = 'data-consent-held';
/** On a held element that was released (or loaded once from its placeholder): a withdrawal holds it again. */
export const RELEASED = 'data-consent-released';
/** On a script that arrived as HTML text, which a browser never runs: consent must not make markup live either. */
export const INERT = 'data-consent-inert';
/** The attribute that holds the URL each element kind loads (besides srcset, on images and sources). */
export const URL_ATTRIBUTE = { SCRIPT: 'src', IFRAME: 'src', IMG: 'src', SOURCE: 'src', VIDEO: 'src', AUDIO: 'src',
  EMBED: 'src', TRACK: 'src', INPUT: 'src', LINK: 'href', OBJECT: 'data' };
