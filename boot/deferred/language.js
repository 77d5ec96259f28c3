/*
 * The language the banner will speak to this visitor, chosen here as consent-core's choose_language chooses it
 * (crates/consent-core/src/language.rs), so that the first layer painted before the WebAssembly arrives is fetched
 * in that language: a plain file per language (v1/sites/{site}/first-layer/{language}.json), which a static host can
 * serve as well as the endpoint. The end-to-end tests (agreement.rs) hold the two to the same answers.
 */
import { config } from './site-config.js';

// The languages the bundle has words for (consent-core's BUILT_IN_LANGUAGES).
const BUILT_IN = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt', 'pl', 'zh-CN', 'ja'];

/** A language tag, lower case, if `text` is one (as consent-core's LanguageTag reads it); else undefined. */
const tag = (text) => {
  const written = text.trim().replace(/_/g, '-');
  if (/^[a-z]{2,3}(-[a-z\d]{1,8})*$/i.test(written)) return written.toLowerCase();
};

/** The first of `preferences` (best first) the banner speaks, exactly or by its primary language; else English. */
export const chooseLanguage = (preferences) => {
  const spoken = [...BUILT_IN, config.language, ...Object.keys(config.translations || {})].filter(Boolean);
  const find = (wanted) => spoken.find((language) => language.toLowerCase() === wanted);
  for (const preference of preferences) {
    const wanted = tag(preference);
    if (!wanted) continue;
    const primary = wanted.split('-')[0];
    // Chinese: only a simplified-script visitor gets zh-CN; Traditional readers get no Simplified fallback.
    const found = find(wanted) ||
      (primary === 'zh' ? /^zh(-(cn|sg|my)|-hans(-.*)?)?$/.test(wanted) && find('zh-cn') : find(primary));
    if (found) return found;
  }
  return 'en';
};
