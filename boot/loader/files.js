// The bundle's other files, which the boot loader fetches from the folder it came from.
import { base } from './embed.js';
import { fail } from './failure.js';

/** Their names: scripts/build-banner writes in the content-hashed names of the build (served immutable). */
export const FILES = { glue: 'consent-banner.js', wasm: 'consent-banner_bg.wasm', css: 'banner.css',
  trackers: 'trackers.json', deferred: 'consent-boot-deferred.js' };

/** A module of the bundle; undefined, and the failure on the console, if it cannot be loaded. */
export const load = (file) => import(base + file).catch((e) => fail(`${base + file} could not be loaded (${e.message}).`));
