// A part of the boot loader, joined with the others into one script: see 00-scope.js.
  // Google Consent Mode v2: everything denied until the choice is known.
  const dataLayer = (win.dataLayer ||= []);
  function gtag() { dataLayer.push(arguments); }
  const consentModeState = (granted) => {
    const state = {};
    for (const type of ('ad_storage ad_user_data ad_personalization analytics_storage functionality_storage ' +
      'personalization_storage security_storage').split(' ')) {
      const categories = config?.consent_mode?.[type] || [];
      state[type] = granted && categories.length && categories.every((id) => granted[id]) ? 'granted' : 'denied';
    }
    return state;
  };
  gtag('consent', 'default', { ...consentModeState(null), wait_for_update: 500 });
  gtag('set', 'ads_data_redaction', true);
