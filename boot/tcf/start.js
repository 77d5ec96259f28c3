/*
 * consent-banner boot loader, TCF flavour (dist/consent-boot-tcf.js): the boot loader (boot/loader/start.js) with
 * IAB TCF 2.3's window.__tcfapi defined first (tcf/api.js). A site that enables TCF embeds this instead of
 * consent-boot.js; every other site's pages pay nothing for it.
 */
import './api.js';
import '../loader/start.js';
