// The site's config, as the synchronous part fetched it.
import { boot } from './handover.js';

/** The parsed config, once readConfig has read it. */
export let config;
/** The strictly necessary categories, {id: true}: their services are never held. */
export const required = {};

/** Reads the config's text; throws an Error saying what is wrong with it. */
export const readConfig = (body) => {
  const configProblem = (what) => new Error(`the config ${boot.configUrl} ${what}.`);
  try {
    config = JSON.parse(body);
  } catch (e) {
    throw configProblem(`is not valid JSON (${e.message})`);
  }
  if (!Array.isArray(config?.categories)) throw configProblem('has no list of categories');
  for (const c of config.categories) if (c.required) required[c.id] = true;
};
