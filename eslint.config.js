// ESLint's flat config for the boot loader (boot/) and the console's own scripts (crates/consent-console/static/),
// run by scripts/test before the bundles are built.
// The boot loader is written as ES modules that import what they use: these rules catch a name used without its
// import (no-undef: only the browser's globals are declared), one imported or declared but not used, a name that
// shadows another; esbuild itself fails the build on an import of a name the module does not export.
const js = require('@eslint/js');
const globals = require('globals');

module.exports = [
  js.configs.recommended,
  {
    files: ['boot/**/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: globals.browser },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'no-unused-vars': ['error', { args: 'after-used', caughtErrors: 'all' }],
      'no-shadow': 'error',
      'no-use-before-define': ['error', { functions: false, variables: false }],
      'no-var': 'off',
      eqeqeq: ['error', 'smart']
    }
  },
  // The console's page scripts: start.js is a module (it imports the wasm-bindgen glue); preview.js is a classic
  // script in <head>, so that the boot loader it inserts runs before the preview page is parsed on.
  {
    files: ['crates/consent-console/static/start.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module', globals: globals.browser },
    rules: { 'no-unused-vars': ['error', { caughtErrors: 'all' }], 'no-shadow': 'error', eqeqeq: ['error', 'smart'] }
  },
  {
    files: ['crates/consent-console/static/preview.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'script', globals: globals.browser },
    rules: { 'no-unused-vars': ['error', { caughtErrors: 'all' }], 'no-shadow': 'error', eqeqeq: ['error', 'smart'] }
  }
];
