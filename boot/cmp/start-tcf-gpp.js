/*
 * consent-banner boot loader with both IAB page APIs (dist/consent-boot-tcf-gpp.js): window.__tcfapi (TCF 2.3) and
 * window.__gpp (GPP 1.1), for a site with visitors under both, then the boot loader itself.
 */
import '../tcf/api.js';
import '../gpp/api.js';
import '../loader/start.js';
