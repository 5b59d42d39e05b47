import { CliIo, EXIT_USAGE } from './io';
/** Placeholder: the annotations helper replaces this. */
export async function runCheck(_args: string[], io: CliIo): Promise<number> {
  io.stderr('policy-lens check: not implemented yet\n');
  return EXIT_USAGE;
}
