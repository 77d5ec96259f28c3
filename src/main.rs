//! The WASM entry point: the boot loader imports the glue, whose init runs this.

fn main() {
    consent_banner::start();
}
