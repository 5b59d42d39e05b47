/**
 * Which extension host runs this build: 'node' here, 'web' in the browser build, which replaces
 * this module with `web/node-host.ts`. Features that need Node read it (and the
 * `policyLens.isWeb` context key set from it hides their menus).
 */
export const extensionHost: 'node' | 'web' = 'node';
