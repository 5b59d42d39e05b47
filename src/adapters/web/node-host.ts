/** Browser stand-in for `../node-host.ts`: this build runs in a web worker extension host. */
import type * as node from '../node-host';

export const extensionHost: typeof node.extensionHost = 'web';
