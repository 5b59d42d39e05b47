import { CliIo, EXIT_USAGE } from './io';
/** Placeholder: the engine helper replaces this. */
export async function runAnalyze(_args: string[], io: CliIo): Promise<number> {
  io.stderr('policy-lens analyze: not implemented yet\n');
  return EXIT_USAGE;
}
