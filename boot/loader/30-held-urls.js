// A part of the boot loader, joined with the others into one script: see 00-scope.js.
  // Which URLs are held: those of every other origin until the config is known, then what the config says.
  const UNKNOWN = { id: '', category: '' };

  const parse = (url) => {
    try {
      return new URL(url, doc.baseURI);
    } catch (e) {
      return null;
    }
  };

  /** null if the URL may load now; otherwise what holds it: a service, a tracker (UNKNOWN while the config and the
   * tracker database are not known: the rules that read them come with them, in the deferred part's
   * 05-held-urls.js). */
  const blocker = (url) => {
    const u = url == null ? null : parse(String(url));
    if (!u || !/^https?:$/.test(u.protocol)) return null;
    if (u.href.startsWith(base) || u.href === parse(configUrl).href) return null; // our own files
    return k._holder ? k._holder(u) : u.origin === location.origin ? null : UNKNOWN;
  };

  const firstBlockedInSrcset = (srcset) =>
    String(srcset).split(',').map((candidate) => candidate.trim().split(/\s+/)[0]).find((url) => url && blocker(url));
