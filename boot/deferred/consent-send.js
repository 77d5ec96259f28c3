/*
 * Sends the record of an answer carried out without the banner (early-choice.js) to the endpoint's
 * POST /v1/consents, through the banner's own queue in localStorage (src/sync.rs, consent_core::sync_queue): queued
 * first, then sent once with keepalive; acknowledged, it leaves the queue and its receipt is kept as the banner keeps
 * it. Refused for good (a 4xx other than 408 and 429, as consent_core::sync_queue::Outcome::from_status has it), it
 * leaves the queue and is reported once, as the banner reports it (the console, an `error` event). Anything else (no
 * network, the endpoint down) leaves it queued and hands it to the banner, loaded without showing itself (the `sync`
 * view), which sends it again (the endpoint stores a consent id once) with retries and backoff and a beacon when the
 * page is hidden; should this page close first, the next one's banner does that (start.js loads it while decisions
 * are queued). Only called when nothing else was queued, so the log keeps the decisions in the order they were made.
 */
import { boot, loadBanner } from './handover.js';
import { emit } from './events.js';

const QUEUE = 'consent_banner_queue';

const queue = (change) => {
  const queued = JSON.parse(localStorage.getItem(QUEUE)) || { pending: [] };
  change(queued.pending);
  if (queued.pending.length) localStorage.setItem(QUEUE, JSON.stringify(queued));
  else localStorage.removeItem(QUEUE);
};

/** Queues `submission` and sends it. */
export const send = (submission) => {
  const id = submission.consent_id;
  const acknowledged = (text) => {
    let receipt = { consent_id: id };
    try {
      receipt = JSON.parse(text);
      localStorage.setItem('consent_banner_receipt', text);
    } catch {
      // A receipt that does not read is not kept; the `sync` event still names the consent.
    }
    emit('sync', receipt);
  };
  try {
    queue((pending) => pending.push({ submission, attempts: 0, not_before_ms: 0 }));
  } catch {
    console.warn('consent-banner: the queue of decisions to send could not be saved; a decision may be lost.');
  }
  fetch(`${boot.endpoint.replace(/\/*$/, '')}/v1/consents`, {
    method: 'POST',
    body: JSON.stringify(submission),
    headers: { 'Content-Type': 'application/json' },
    // A send started just before the visitor leaves still completes.
    keepalive: true
  })
    .then(async (response) => {
      const { ok, status } = response;
      const text = await response.text();
      if (!ok && (status < 400 || status > 499 || status === 408 || status === 429)) throw 0;
      // (Not found, -1 becomes an index past the end: nothing is removed.)
      queue((pending) => pending.splice(pending.findIndex((p) => p.submission.consent_id === id) >>> 0, 1));
      if (ok) return acknowledged(text);
      console.error(`consent-banner: the endpoint refused consent ${id} (HTTP ${status}): ${text}. ` +
        'It will not be sent again.');
      emit('error', { consent_id: id, status, message: text });
    })
    .catch(() => {
      boot.view = 'sync';
      loadBanner();
    });
};
