// A part of the boot loader's deferred module, joined with the others: see 00-scope.js.
  // Google Consent Mode v2: a type is granted when every category the config's consent_mode lists for it is.
  const consentModeState = (granted) => {
    const state = {};
    for (const type of consentTypes) {
      const categories = config.consent_mode?.[type] || [];
      state[type] = categories.length && categories.every((id) => granted[id]) ? 'granted' : 'denied';
    }
    return state;
  };
