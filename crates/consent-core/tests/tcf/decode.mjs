// Decodes TC strings with IAB Tech Lab's official library (@iabtechlabtcf/core) and prints, for each string given as
// an argument, one JSON line of what it holds. The Rust test `tcf_official_decoder` runs it, so that our encoder is
// judged by the decoder vendors use rather than by our own.
//
//   node crates/consent-core/tests/tcf/decode.mjs <tc string>...
import process from 'node:process';
import { TCString } from '@iabtechlabtcf/core';

/** The ids a Vector of the library holds (bit set), ascending. */
function ids(vector) {
    const out = [];
    vector.forEach((value, id) => {
        if (value) out.push(id);
    });
    return out.sort((a, b) => a - b);
}

for (const encoded of process.argv.slice(2)) {
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
        vendorsDisclosed: ids(model.vendorsDisclosed),
    };
    process.stdout.write(`${JSON.stringify(decoded)}\n`);
}
