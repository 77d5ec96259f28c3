// A part of the boot loader, joined with the others into one script: see 00-scope.js.
  // Google Consent Mode v2: everything denied until the choice is known (the deferred part updates it then).
  const dataLayer = (win.dataLayer ||= []);
  function gtag() { dataLayer.push(arguments); }
  const CONSENT_TYPES = ('ad_storage ad_user_data ad_personalization analytics_storage functionality_storage ' +
    'personalization_storage security_storage').split(' ');
  gtag('consent', 'default', { ...Object.fromEntries(CONSENT_TYPES.map((type) => [type, 'denied'])), wait_for_update: 500 });
  gtag('set', 'ads_data_redaction', true);
