/*
 * Starts the real banner on the console's preview page (preview.html) with the draft the console hands over in the
 * fragment: #scheme=light|dark[&tcf=1]&config=<a blob: URL of the draft, made by the console on this origin>. The boot loader
 * is inserted as the site's embed would have it, with data-preview: the banner then shows what a first visit sees,
 * stores nothing in the browser and sends nothing to the endpoint. A classic script in <head>, so the boot loader is
 * inserted before the page is parsed on (document.currentScript is its tag while it runs); a file, not an inline
 * script, as the console's Content-Security-Policy allows no inline script.
 */
'use strict';
(() => {
  const params = new URLSearchParams(location.hash.slice(1));
  const config = params.get('config') || '';
  // The page's own colours follow the scheme previewed (preview.css), so the banner is seen on a page like it.
  document.documentElement.setAttribute('data-scheme', params.get('scheme') === 'dark' ? 'dark' : 'light');
  // Only a draft the console made on this origin: never a config from elsewhere on the console's origin.
  if (!config.startsWith(`blob:${location.origin}/`)) {
    console.error('consent-banner preview: no draft was handed over; open the preview from the console.');
    return;
  }
  const boot = document.createElement('script');
  // A TCF draft (tcf=1) with the TCF flavour, which loads the banner built with TCF, as a TCF site embeds it.
  boot.src = params.get('tcf') === '1' ? '/consent/consent-boot-tcf.js' : '/consent/consent-boot.js';
  boot.async = false;
  boot.setAttribute('data-preview', '');
  boot.setAttribute('data-config', config);
  boot.setAttribute('data-endpoint', '/');
  document.head.append(boot);
})();
