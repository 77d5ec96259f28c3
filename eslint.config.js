// ESLint's flat config for the boot loader (boot/), run by scripts/test before the banner bundle is built.
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
  }
];
