/*
 * consent-banner boot loader, GPP flavour (dist/consent-boot-gpp.js): the boot loader (boot/loader/start.js) with
 * IAB GPP 1.1's window.__gpp defined first (gpp/api.js). A US site that speaks GPP embeds this instead of
 * consent-boot.js; every other site's pages pay nothing for it.
 */
import './api.js';
import '../loader/start.js';
