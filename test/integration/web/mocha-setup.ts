/**
 * First module of the web worker suite bundle (built by esbuild.mjs): loads mocha's browser
 * build, which defines `describe`/`it` on the worker's global before the suites are evaluated.
 * Required, not imported: as a CommonJS module the bundler gives it a `module` of its own, where
 * an import would let its UMD header replace the bundle's exports (the host would then call
 * mocha's own `run` instead of ours).
 */
require('mocha/mocha.js');

mocha.setup({ ui: 'bdd', reporter: 'spec', timeout: 30_000, color: false });
