/** Browser stand-in for `../node-realpath.ts`: a web worker cannot resolve symbolic links. */
import type * as node from '../node-realpath';

export const realFilePath: typeof node.realFilePath = undefined;
