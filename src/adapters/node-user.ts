/**
 * The operating-system user name, the default `author` of new annotations. Node-only: the
 * browser build replaces this module with `web/node-user.ts` (see ARCHITECTURE.md, "Node-only
 * adapters").
 */
import * as os from 'os';

/** undefined when the system does not say (or the call fails). */
export function osUserName(): string | undefined {
  try {
    return os.userInfo().username || undefined;
  } catch {
    return undefined;
  }
}
