// A part of the boot loader's deferred module, joined with the others: see 00-scope.js.
  // Whether the stored choice (read by the synchronous part's 80-stored-choice.js) still stands. Mirrors
  // StoredConsent::is_valid_for.
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
