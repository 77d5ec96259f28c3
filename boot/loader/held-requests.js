// Holding requests and connections to a tracker's hosts.
import { blocker } from './held-urls.js';
import { win } from './page.js';
import { queue } from './queue.js';

/** The browser's own fetch, for the boot loader's own requests and the held ones it releases. */
export const realFetch = win.fetch;

/** Patches fetch, XMLHttpRequest, sendBeacon, WebSocket and EventSource. */
export const holdRequests = () => {
  win.fetch = (input, init) => {
    const url = input?.url ?? input;
    return blocker(url)
      ? new Promise((resolve, reject) => queue(url, () => realFetch(input, init).then(resolve, reject)))
      : realFetch(input, init);
  };

  const xhr = win.XMLHttpRequest.prototype, xhrOpen = xhr.open, xhrSend = xhr.send;
  xhr.open = function (method, url) {
    this.__consentUrl = url;
    return xhrOpen.apply(this, arguments);
  };
  xhr.send = function (...args) {
    const url = this.__consentUrl;
    if (!blocker(url)) return xhrSend.apply(this, args);
    queue(url, () => xhrSend.apply(this, args));
  };

  const nav = win.navigator, realBeacon = nav.sendBeacon?.bind(nav);
  if (realBeacon) {
    // A held beacon reports true, as a queued beacon does: the caller may not learn more.
    nav.sendBeacon = (url, data) => (blocker(url) ? (queue(url, () => realBeacon(url, data)), true) : realBeacon(url, data));
  }

  // A connection cannot wait: the caller holds the object at once. A held one is refused the way a browser refuses a
  // connection its policy forbids (a SecurityError), so no request is made; once allowed, the next attempt connects.
  for (const name of ['WebSocket', 'EventSource']) {
    if (win[name]) {
      win[name] = new Proxy(win[name], {
        construct(Real, args, target) {
          if (blocker(String(args[0]).replace(/^ws/i, 'http'))) {
            throw new DOMException(`consent-banner: ${args[0]} waits for consent.`, 'SecurityError');
          }
          return Reflect.construct(Real, args, target);
        }
      });
    }
  }
};
