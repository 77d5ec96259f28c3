// Starts the console: loads the WASM next to this file; the app then mounts itself into <body>.
import init from './consent_console.js';

init({ module_or_path: new URL('consent_console_bg.wasm', import.meta.url) });
