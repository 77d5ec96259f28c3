// A part of the boot loader, joined with the others into one script: see 00-scope.js.
  // Which URLs are held. Mirrors consent-core's UrlPattern and SiteConfig::service_for_url.
  const UNKNOWN = { id: '', category: '' };

  const parse = (url) => {
    try {
      return new URL(url, doc.baseURI);
    } catch (e) {
      return null;
    }
  };

  /** The service whose most specific pattern covers the host and path (longest host, then longest pattern). */
  const serviceFor = (host, path) => {
    let best = null, bestHost = -1, bestLength = -1;
    for (const service of config.services || []) {
      for (const pattern of service.hosts || []) {
        const slash = pattern.indexOf('/');
        const patternHost = (slash < 0 ? pattern : pattern.slice(0, slash)).replace(/^\*\./, '').toLowerCase();
        const hostOk = host === patternHost || host.endsWith('.' + patternHost);
        if (!hostOk || !path.startsWith(slash < 0 ? '' : pattern.slice(slash))) continue;
        if (patternHost.length > bestHost || (patternHost.length === bestHost && pattern.length > bestLength)) {
          best = service, bestHost = patternHost.length, bestLength = pattern.length;
        }
      }
    }
    return best;
  };

  /** null if the URL may load now; otherwise the service it belongs to (UNKNOWN while the config is not known). */
  const blocker = (url) => {
    const u = url == null ? null : parse(String(url));
    if (!u || !/^https?:$/.test(u.protocol)) return null;
    if (u.href.startsWith(base) || u.href === parse(configUrl).href) return null; // our own files
    if (!config) return u.origin === location.origin ? null : UNKNOWN;
    const service = serviceFor(u.hostname.toLowerCase(), u.pathname);
    if (!service || required[service.category]) return null;
    return grantedCategories?.[service.category] && grantedServices[service.id] ? null : service;
  };

  const firstBlockedInSrcset = (srcset) =>
    String(srcset).split(',').map((candidate) => candidate.trim().split(/\s+/)[0]).find((url) => url && blocker(url));
