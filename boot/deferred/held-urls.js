// Which URLs are held once the config is known. Mirrors consent-core's UrlPattern and SiteConfig::hold_for_url.
import { boot, state } from './handover.js';
import { config, required } from './site-config.js';

/** How specific `pattern` (host, optionally a path prefix) is when it covers the host and path: [host length,
 * pattern length]; null when it does not cover them. Mirrors UrlPattern::matches. */
const covers = (pattern, host, path) => {
  const slash = pattern.indexOf('/');
  const patternHost = (slash < 0 ? pattern : pattern.slice(0, slash)).replace(/^\*\./, '').toLowerCase();
  const hostOk = host === patternHost || host.endsWith('.' + patternHost);
  return hostOk && path.startsWith(slash < 0 ? '' : pattern.slice(slash)) ? [patternHost.length, pattern.length] : null;
};

/** Of `[pattern, value]` pairs, the value whose pattern covers the host and path most specifically (longest host,
 * then longest pattern; the first on a tie). */
const mostSpecific = (pairs, host, path) => {
  let best = null, rank = [-1, -1];
  for (const [pattern, value] of pairs) {
    const r = covers(pattern, host, path);
    if (r && (r[0] > rank[0] || (r[0] === rank[0] && r[1] > rank[1]))) best = value, rank = r;
  }
  return best;
};

/** The config's service that covers the host and path. Mirrors SiteConfig::service_for_url. */
const serviceFor = (host, path) =>
  mostSpecific((config.services || []).flatMap((s) => (s.hosts || []).map((pattern) => [pattern, s])), host, path);

/*
 * Auto-blocking (mirrors AutoBlocking::hold): a request no service covers, to a host the tracker database knows,
 * is held under the site category the config's auto_blocking section gives for what it does ('*': every category).
 * Never the page's own host or an allowed one. The database is [[name, category, "pattern pattern …"], …], looked
 * up by host and each parent domain.
 */
const trackerHosts = new Map();

/** Indexes the tracker database by the host of each pattern. */
export const learnTrackers = (database) => {
  for (const [name, category, patterns] of database) {
    for (const pattern of patterns.split(' ')) {
      const host = pattern.split('/')[0];
      trackerHosts.set(host, [...(trackerHosts.get(host) || []), [pattern, [name, category]]]);
    }
  }
};

const trackerFor = (host, path) => {
  for (let h = host; h; h = h.slice(h.indexOf('.') + 1 || h.length)) {
    const tracker = mostSpecific(trackerHosts.get(h) || [], host, path);
    if (tracker) return tracker;
  }
};
const autoHold = (host, path) => {
  const rules = config.auto_blocking;
  if (!rules?.enabled || host === location.hostname || mostSpecific(rules.allow.map((p) => [p, 1]), host, path)) return;
  const tracker = trackerFor(host, path);
  const moved = mostSpecific(Object.entries(rules.hosts), host, path);
  const category = moved || (tracker && (rules.categories[tracker[1]] || '*'));
  if (category && !required[category]) return { id: '', category, tracker: tracker?.[0] || host };
};
const allGranted = () => config.categories.every((c) => c.required || state._granted?.[c.id]);

/** What holds the URL `u` (of another origin, not ours) now: a service or a tracker; null if it may load. Called by
 * the synchronous part's blocker. A tracker no service names is recorded in boot.found for the preferences. */
export const holder = (u) => {
  const host = u.hostname.toLowerCase();
  const service = serviceFor(host, u.pathname);
  if (service) {
    return required[service.category] || (state._granted?.[service.category] && state._services[service.id]) ? null : service;
  }
  const held = autoHold(host, u.pathname);
  if (held) {
    const entry = (boot.found[held.tracker] ||= { name: held.tracker, category: held.category, hosts: [] });
    if (!entry.hosts.includes(host)) entry.hosts.push(host);
  }
  return !held || (held.category === '*' ? allGranted() : state._granted?.[held.category]) ? null : held;
};
