/** Browser stand-in for `../node-zlib.ts`: a web worker has no zlib, so the ZIP codec is fflate's (pure JavaScript). */
import { fflateZipCodec } from '../../core/interchange/fflate-codec';
import type * as node from '../node-zlib';

export const zipCodec: typeof node.zipCodec = fflateZipCodec;
