/*
 * Starts the real banner on the console's preview page (preview.html) with the draft the console hands over in the
 * fragment: #scheme=light|dark[&tcf=<blob: URL>|none]&config=<a blob: URL of the draft, made by the console on this
 * origin>. The boot loader is inserted as the site's embed would have it, with data-preview: the banner then shows
 * what a first visit sees, stores nothing in the browser and sends nothing to the endpoint. A classic script in
 * <head>, so the boot loader is inserted before the page is parsed on (document.currentScript is its tag while it
 * runs); a file, not an inline script, as the console's Content-Security-Policy allows no inline script.
 *
 * A TCF draft (tcf=) runs with the TCF flavour of the boot loader, and its banner is answered here what the endpoint
 * serves only for a published config: the first layer's statement and the vendor layer
 * (/v1/sites/{site}/first-layer|vendors/{language}.json), from what the console had the endpoint build for the draft
 * (POST /v1/admin/gvl/preview). So the preview shows the draft's vendors before it is published, and never the
 * published config's; with tcf=none (the endpoint could not build them) the banner gets none, and fails closed.
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
  const tcf = params.get('tcf');
  if (tcf) answerTcfRequests(tcf.startsWith(`blob:${location.origin}/`) ? tcf : null);
  const boot = document.createElement('script');
  // A TCF draft with the TCF flavour, which loads the banner built with TCF, as a TCF site embeds it.
  boot.src = tcf ? '/consent/consent-boot-tcf.js' : '/consent/consent-boot.js';
  boot.async = false;
  boot.setAttribute('data-preview', '');
  boot.setAttribute('data-config', config);
  boot.setAttribute('data-endpoint', '/');
  document.head.append(boot);

  /**
   * Answers the banner's requests for the TCF first layer's statement and the vendor layer from `served` (the blob:
   * URL of the endpoint's answer for the draft: {language, statement, vendors}), or with a 404 without it or in a
   * language it is not in. Every other request goes on as it would.
   */
  function answerTcfRequests(served) {
    const pageFetch = window.fetch.bind(window);
    const answer = served
      ? pageFetch(served).then((response) => response.json()).catch(() => null)
      : Promise.resolve(null);
    const notServed = () =>
      new Response('{"error": "the preview has no vendors for this draft"}', { status: 404 });
    window.fetch = (input, init) => {
      const url = new URL(input?.url ?? input, location.href);
      const asked = url.origin === location.origin &&
        /^\/v1\/sites\/[^/]+\/(first-layer|vendors)\/([^/]+)\.json$/.exec(url.pathname);
      if (!asked) return pageFetch(input, init);
      const [, file, language] = asked;
      return answer.then((draft) => {
        if (!draft || draft.language !== language) return notServed();
        // The banner reads only `tcf` of the first-layer answer in a preview (the boot loader paints no early layer).
        const body = file === 'vendors' ? draft.vendors : { tcf: draft.statement };
        return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });
      });
    };
  }
})();
