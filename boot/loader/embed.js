// The boot loader's own <script> tag, as the site embedded it:
//   <script src="/consent/consent-boot.js" data-config="/consent.json" data-endpoint="/"></script>
// (with `data-preview` for a preview: see `preview` below).
import { doc } from './page.js';

/** The tag itself: read while it runs (document.currentScript is null once it has). */
export const script = doc.currentScript;
/** The folder the bundle's files are fetched from: the one this script came from. */
export const base = script.src.slice(0, script.src.lastIndexOf('/') + 1);
export const configUrl = script.getAttribute('data-config') || '/consent.json';
/** `data-preview`: a preview (the console's, a staging page), which shows what a first visit sees, whatever this
 * browser chose, and keeps and sends nothing (the banner reads it from the handle: src/boot.rs). */
export const preview = script.hasAttribute('data-preview');
