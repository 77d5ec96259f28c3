// What the IAB's page APIs (__tcfapi, __gpp) share: the calls a page queued on a stub before this script ran, and the
// locator frame with its postMessage proxy, through which a script in a cross-origin iframe reaches the API.
import { doc, win } from '../loader/page.js';

/**
 * Defines `window[name]` as `api`, after taking the calls queued on a stub already on the page (the IAB stubs keep
 * them in `.a` (TCF), `.queue` (GPP), or return them when called without arguments), which are answered once the
 * returned function is called. Adds the `${name}Locator` frame (unless a CMP above already has one) and answers
 * `{${name}Call: {command, parameter, version, callId}}` messages with `{${name}Return: {returnValue, success,
 * callId}}`; `toArgs(call, callback)` orders a call's fields as the API takes its arguments.
 */
export const expose = (name, api, toArgs) => {
  const stub = win[name];
  let queued = stub?.a || stub?.queue;
  try {
    queued ||= stub?.();
  } catch {
    // Not a stub that answers its queue: nothing to answer.
  }
  win[name] = api;
  const locator = () => {
    if (win.frames[name + 'Locator']) return;
    if (!doc.body) return setTimeout(locator, 5);
    const frame = doc.createElement('iframe');
    frame.name = name + 'Locator';
    frame.style.display = 'none';
    frame.setAttribute('aria-hidden', 'true');
    doc.body.appendChild(frame);
  };
  locator();
  win.addEventListener('message', (event) => {
    let data = event.data;
    const text = typeof data === 'string';
    try {
      if (text) data = JSON.parse(data);
    } catch {
      return; // not a message for us
    }
    const call = data?.[name + 'Call'];
    if (!call || !event.source) return;
    api(...toArgs(call, (returnValue, success) => {
      const reply = { [name + 'Return']: { returnValue, success, callId: call.callId } };
      event.source.postMessage(text ? JSON.stringify(reply) : reply, '*');
    }));
  });
  return () => Array.isArray(queued) && queued.forEach((args) => api(...args));
};
