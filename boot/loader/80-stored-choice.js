// A part of the boot loader, joined with the others into one script: see 00-scope.js.
  // The stored choice. Mirrors StoredConsent::from_cookie_value and StoredConsent::is_valid_for.
  const readStored = () => {
    try {
      const stored = JSON.parse(decodeURIComponent(doc.cookie.match(/(?:^|;\s*)consent_banner=([^;]*)/)[1]));
      stored.sg ||= [];
      stored.sd ||= [];
      const lists = [stored.g, stored.d, stored.sg, stored.sd].every(Array.isArray);
      const contradicts = lists && (stored.g.some((id) => stored.d.includes(id)) ||
        stored.sg.some((id) => stored.sd.includes(id)));
      return stored.v === FORMAT_VERSION && lists && !contradicts ? stored : null;
    } catch (e) {
      return null; // none, or not ours: never trusted
    }
  };

  /** Same site, same config revision, not expired, and a decision for every category and service of the config. */
  const stillStands = (stored) => {
    const decided = [...stored.g, ...stored.d];
    const decidedServices = [...stored.sg, ...stored.sd];
    return stored.site === config.site &&
      stored.rev === config.revision &&
      Date.now() < stored.exp &&
      config.categories.every((c) => decided.includes(c.id)) &&
      (config.services || []).every((s) => decidedServices.includes(s.id));
  };

  const queuedDecisions = () => {
    try {
      return /"consent_id"/.test(localStorage.getItem('consent_banner_queue'));
    } catch (e) {
      return false;
    }
  };
