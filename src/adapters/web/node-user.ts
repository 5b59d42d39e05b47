/** Browser stand-in for `../node-user.ts`: a web worker has no operating-system user. */
import type * as node from '../node-user';

export const osUserName: typeof node.osUserName = () => undefined;
