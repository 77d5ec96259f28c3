/*
 * The TC string (IAB Tech Lab, "Consent string and vendor list formats v2", TCF 2.3) as far as the page needs it: the
 * Core segment read into the fields TCData reports, the Disclosed Vendors segment's vendors, and Created and
 * LastUpdated set to the day of the visitor's choice. The strings are written by consent-core on the endpoint
 * (consent_core::tcf::encode_tc_string), publisher restrictions included (the config's tcf.publisher_restrictions).
 */
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A reader of the segment's bits: read(n) is the next n bits as a number (0 past the end). */
const reader = (segment) => {
  const bits = [...segment].map((c) => B64.indexOf(c).toString(2).padStart(6, '0')).join('');
  let at = 0;
  return (n) => parseInt(bits.slice(at, (at += n)), 2) || 0;
};

/** n one-bit flags, {1: bool, …, n: bool}. */
const flags = (read, n) => {
  const o = {};
  for (let id = 1; id <= n; id++) o[id] = !!read(1);
  return o;
};

/** NumEntries, then ranges of vendor ids, each set to `value` in `o`. */
const ranges = (read, o, value) => {
  for (let entries = read(12); entries--;) {
    const range = read(1), start = read(16), end = range ? read(16) : start;
    for (let id = start; id <= end; id++) o[id] = value;
  }
  return o;
};

/** A vendor set: MaxVendorId, then a bit field or ranges ({vendor id: true}, false for the bit field's zeros). */
const vendors = (read) => {
  const max = read(16), o = {};
  if (read(1)) return ranges(read, o, true);
  for (let id = 1; id <= max; id++) o[id] = !!read(1);
  return o;
};

const letters = (read) => String.fromCharCode(65 + read(6), 65 + read(6));

/** The fields of TCData that `tcString` holds; null if it is no TC string of version 2. */
export const decodeTcString = (tcString) => {
  const [core, ...segments] = String(tcString).split('.');
  if (!/^[\w-]{40,}$/.test(core)) return null;
  const read = reader(core);
  if (read(6) !== 2) return null;
  read(72); // Created, LastUpdated
  const tcData = { tcString, cmpId: read(12), cmpVersion: read(12) };
  read(18); // ConsentScreen, ConsentLanguage
  tcData.gvlVersion = read(12);
  tcData.tcfPolicyVersion = read(6);
  tcData.isServiceSpecific = !!read(1);
  tcData.useNonStandardTexts = !!read(1);
  tcData.specialFeatureOptins = flags(read, 12);
  const purpose = { consents: flags(read, 24), legitimateInterests: flags(read, 24) };
  tcData.purposeOneTreatment = !!read(1);
  tcData.publisherCC = letters(read);
  tcData.purpose = purpose;
  tcData.vendor = { consents: vendors(read), legitimateInterests: vendors(read), disclosedVendors: {} };
  // TCData's {purpose id: {vendor id: restriction type}}.
  const restrictions = {};
  for (let entries = read(12); entries--;) {
    const purposeId = read(6);
    ranges(read, (restrictions[purposeId] ||= {}), read(2));
  }
  for (const segment of segments) {
    const segmentRead = reader(segment);
    if (segmentRead(3) === 1) tcData.vendor.disclosedVendors = vendors(segmentRead);
  }
  tcData.publisher = { consents: {}, legitimateInterests: {}, customPurpose: { consents: {}, legitimateInterests: {} },
    restrictions };
  return tcData;
};

/** 36 bits as six base64url letters. */
const six = (n) => [30, 24, 18, 12, 6, 0].map((shift) => B64[Math.floor(n / 2 ** shift) % 64]).join('');

/**
 * `tcString` with Created and LastUpdated (bits 6 to 41 and 42 to 77 of the Core segment, so its letters 1 to 6 and
 * 7 to 12) set to the day of `atMs`, in deciseconds: since TCF 2.2 both hold "the day-level timestamp of when the TC
 * String was last updated" (consent_core::tcf::tc_string::day_deciseconds writes them alike).
 */
export const datedTcString = (tcString, atMs) => {
  const day = six(Math.floor(atMs / 864e5) * 864e3);
  return tcString[0] + day + day + tcString.slice(13);
};
