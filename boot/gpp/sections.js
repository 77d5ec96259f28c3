/*
 * The GPP string's US sections as this CMP writes them (IAB Tech Lab's GPP "Consent String Specification", the
 * MSPA US National section `usnat` (id 7, version 2) and the California section `usca` (id 8, version 1), each with
 * its GPC sub-section). consent-core writes the same (crates/consent-core/src/gpp/: choice.rs decides the values,
 * usnat.rs and usca.rs the order); the end-to-end tests hold the two to the same strings and read them with IAB's
 * decoder. The config says nothing of sensitive data or of a visitor's age, so those fields are 0 (not applicable);
 * nor of the MSPA, so the transaction is not a covered one.
 */
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Bits (a string of 0 and 1) as base64url: padded with zeros to whole bytes, then to whole letters. */
const letters = (bits) => {
  const padded = bits.padEnd(Math.ceil(bits.length / 8) * 8, '0');
  return padded.padEnd(Math.ceil(padded.length / 6) * 6, '0').match(/.{6}/g).map((six) => B64[parseInt(six, 2)])
    .join('');
};
const write = (fields) => fields.map(([value, width]) => value.toString(2).padStart(width, '0')).join('');

/** The headers (type 3, version 1, the section ids as a Fibonacci range) of a string with usnat, and with both. */
const HEADER = { 7: letters('000011000001' + '000000000001' + '0' + '01011'),
  78: letters('000011000001' + '000000000001' + '1' + '01011' + '11') };

/**
 * The sections for a site that sells or shares (`sells`: a category marked sale_or_sharing; notices given, opt-outs
 * offered) and a visitor who `optedOut` (refused such a category, or has not chosen) or whose browser sends Global
 * Privacy Control (`gpc`): {usnat: [core, gpc], usca: [core, gpc]}, the parsed form getSection answers.
 */
export const usSections = (sells, optedOut, gpc) => {
  const notice = sells ? 1 : 0; // provided, not applicable
  const optOut = sells ? (optedOut || gpc ? 1 : 2) : 0; // opted out, did not opt out, not applicable
  const mspa = { MspaCoveredTransaction: 2, MspaOptOutOptionMode: 0, MspaServiceProviderMode: 0 };
  const gpcPart = { GpcSegmentType: 1, Gpc: gpc }; // as IAB's @iabgpp/cmpapi names them
  return {
    usnat: [{ Version: 2, SharingNotice: 1, SaleOptOutNotice: notice, SharingOptOutNotice: notice,
      TargetedAdvertisingOptOutNotice: notice, SensitiveDataProcessingOptOutNotice: 0, SensitiveDataLimitUseNotice: 0,
      SaleOptOut: optOut, SharingOptOut: optOut, TargetedAdvertisingOptOut: optOut,
      SensitiveDataProcessing: Array(16).fill(0), KnownChildSensitiveDataConsents: [0, 0, 0], PersonalDataConsents: 0,
      ...mspa }, gpcPart],
    usca: [{ Version: 1, SaleOptOutNotice: notice, SharingOptOutNotice: notice, SensitiveDataLimitUseNotice: 0,
      SaleOptOut: optOut, SharingOptOut: optOut, SensitiveDataProcessing: Array(9).fill(0),
      KnownChildSensitiveDataConsents: [0, 0], PersonalDataConsents: 0, ...mspa }, gpcPart]
  };
};

/** A section's text: its core fields (6 bits the version, 2 bits every other value, in order), then its GPC part. */
const sectionText = ([core, gpc]) => letters(write(Object.entries(core).flatMap(([name, value]) =>
  [value].flat().map((v) => [v, name === 'Version' ? 6 : 2])))) + '.' + letters(write([[1, 2], [+gpc.Gpc, 1]]));

/** The GPP string of `sections` (usnat, and usca when there). */
export const gppString = (sections) => [HEADER[sections.usca ? 78 : 7], sectionText(sections.usnat),
  ...(sections.usca ? [sectionText(sections.usca)] : [])].join('~');
