/*
 * consent-banner boot loader, deferred part.
 *
 * What the boot loader (boot/loader/) does not need before the page parses on: applying a decision and releasing
 * what it allows, the stored choice's check against the config, the floating "Cookie settings" button, the
 * placeholders over held embeds, and starting the banner. The synchronous part holds everything meanwhile and
 * imports this module at once, in parallel with the config and the tracker database (one more request on a first
 * visit, none after: the module is content-hashed and cached immutable); once all three are in, it calls the
 * default export below. Every page view pays for the synchronous part, so this keeps it within its byte budget
 * (scripts/size-report). If this module cannot be loaded, nothing is released.
 *
 * Written as modules with one job each: those of boot/deferred/, bundled from this entry by scripts/build-banner
 * (esbuild) and minified into dist/consent-boot-deferred.<hash>.js.
 */
// In the order the default export uses them (which the bundle keeps, and brotli compresses best).
import { boot, loadBanner, readStored, takeOver } from './handover.js';
import { config, readConfig } from './site-config.js';
import { paintEarly } from './early-layer.js';
import { queuedDecisions, stillStands } from './stored-choice.js';
import { activate, apply, releaseAll } from './release.js';
import { whenParsed } from './page.js';
import { holder, learnTrackers } from './held-urls.js';
import { emit } from './events.js';

/**
 * Takes over from the synchronous part: `shared` is what the two share (boot/loader/state.js), `body` the config's
 * text and `databaseLoad` the tracker database on its way. Rejects with an Error saying what is wrong with the config.
 * Reads the config, then either applies the stored choice that still stands or asks the visitor.
 */
export default async (shared, body, databaseLoad) => {
  takeOver(shared);
  readConfig(body);
  boot.configText = body;
  // A first visit's first layer is fetched now, not after the tracker database: see early-layer.js. An answer on it
  // is applied once the database is in (`setUp`).
  let setUp;
  const painting = paintEarly(new Promise((resolve) => (setUp = resolve)));
  learnTrackers(await databaseLoad);
  shared._config = config;
  shared._holder = holder;
  shared._activate = activate;
  boot.apply = apply;
  boot.emit = emit;
  shared._configKnown();
  setUp();
  const stored = readStored();
  const standing = stored && stillStands(stored);
  if (standing) {
    apply(stored.g, stored.sg, { id: stored.id, categories: stored.g, services: stored.sg,
      decided_at_ms: stored.at, expires_at_ms: stored.exp });
    emit('consent', window.consentBanner.getConsent());
    // Decisions not yet acknowledged by the endpoint are sent by the banner, loaded without showing itself.
    if (queuedDecisions()) {
      boot.view = 'sync';
      whenParsed(loadBanner);
    }
  } else {
    // The config is known, so third-party requests it does not list may go; trackers wait for an answer.
    releaseAll();
    // The banner is loaded to ask, unless the painted first layer asks for it (and loads it when the visitor needs
    // it: Customise, the policy).
    if (!(await painting)) whenParsed(loadBanner);
  }
  // The IAB APIs of the boot loader's TCF and GPP flavours answer from now on (boot/tcf/api.js, boot/gpp/api.js).
  shared._cmpReady?.(standing);
};
