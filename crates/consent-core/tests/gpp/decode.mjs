// Decodes GPP strings with IAB Tech Lab's official library (@iabgpp/cmpapi) and prints, for each string given as an
// argument, one JSON line: `sectionIds` from the header, `sections` as the library reads each one (its field names,
// as the GPP JS API returns them), and `officialEncoding`: those same fields written again by the library's own
// encoder. The Rust test `gpp_official_decoder` runs it, so that our strings are judged by the library ad tech uses
// rather than by our own decoder.
//
//   node crates/consent-core/tests/gpp/decode.mjs <gpp string>...
import process from 'node:process';
import { GppModel } from '@iabgpp/cmpapi';

for (const encoded of process.argv.slice(2)) {
    const model = new GppModel(encoded);
    const sections = model.toObject();
    const again = new GppModel();
    for (const [section, fields] of Object.entries(sections)) {
        for (const [field, value] of Object.entries(fields)) {
            again.setFieldValue(section, field, value);
        }
    }
    process.stdout.write(
        `${JSON.stringify({ sectionIds: model.getSectionIds(), sections, officialEncoding: again.encode() })}\n`,
    );
}
