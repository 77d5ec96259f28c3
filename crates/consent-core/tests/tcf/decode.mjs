// Decodes TC strings with IAB Tech Lab's official library (@iabtechlabtcf/core) and prints, for each string given as
// an argument, one JSON line of what it holds, and `officialEncoding`: the same contents encoded again by the
// library's own encoder over the given vendor list (Core String and Disclosed Vendors segment; the library also adds an
// empty Publisher TC segment, left out). The Rust test `tcf_official_decoder` runs it, so that our encoder is judged by
// the library vendors use rather than by our own decoder.
//
//   node crates/consent-core/tests/tcf/decode.mjs <vendor-list.json> <tc string>...
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { GVL, TCString } from '@iabtechlabtcf/core';

/** The ids a Vector of the library holds (bit set), ascending. */
function ids(vector) {
    const out = [];
    vector.forEach((value, id) => {
        if (value) out.push(id);
    });
    return out.sort((a, b) => a - b);
}

const [gvlPath, ...strings] = process.argv.slice(2);
const vendorList = JSON.parse(readFileSync(gvlPath, 'utf8'));

for (const encoded of strings) {
    const model = TCString.decode(encoded);
    const decoded = {
        version: model.version,
        created: model.created.toISOString(),
        lastUpdated: model.lastUpdated.toISOString(),
        cmpId: model.cmpId,
        cmpVersion: model.cmpVersion,
        consentScreen: model.consentScreen,
        consentLanguage: model.consentLanguage,
        vendorListVersion: model.vendorListVersion,
        policyVersion: model.policyVersion,
        isServiceSpecific: model.isServiceSpecific,
        useNonStandardTexts: model.useNonStandardTexts,
        purposeOneTreatment: model.purposeOneTreatment,
        publisherCountryCode: model.publisherCountryCode,
        specialFeatureOptins: ids(model.specialFeatureOptins),
        purposeConsents: ids(model.purposeConsents),
        purposeLegitimateInterests: ids(model.purposeLegitimateInterests),
        vendorConsents: ids(model.vendorConsents),
        vendorLegitimateInterests: ids(model.vendorLegitimateInterests),
        numPublisherRestrictions: model.publisherRestrictions.numRestrictions,
        publisherRestrictions: model.publisherRestrictions.getRestrictions().map((restriction) => ({
            purpose: restriction.purposeId,
            restrictionType: restriction.restrictionType,
            vendors: model.publisherRestrictions.getVendors(restriction),
        })),
        vendorsDisclosed: ids(model.vendorsDisclosed),
    };
    // The encoder takes the language from the vendor list it is given, and drops any signal the list's declarations do
    // not allow (its "semantic pre-encoding"): a string of ours that granted too much would come out different.
    model.gvl = new GVL(vendorList, { language: model.consentLanguage });
    decoded.officialEncoding = TCString.encode(model).split('.').slice(0, 2).join('.');
    process.stdout.write(`${JSON.stringify(decoded)}\n`);
}
