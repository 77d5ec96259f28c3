//! The WASM entry point: `start.js` loads the glue, whose init runs this.

fn main() {
    consent_console::start();
}
