#!/usr/bin/env node
/** `policy-lens`: the same engine as the extension, for CI and reports. */
import { ANALYZE, runAnalyze } from './cli/analyze';
import { usageOf, VERSION } from './cli/args';
import { CHECK, runCheck } from './cli/check';
import { isMainThread } from 'worker_threads';
import { CliIo, EXIT_OK, EXIT_USAGE } from './cli/io';
import { MERGE_SIDECAR, runMergeSidecar } from './cli/merge-sidecar';
import { EXPORT, IMPORT, runExport, runImport } from './cli/interchange';
import { REPORT, runReport } from './cli/report';

const COMMANDS = [ANALYZE, CHECK, REPORT, EXPORT, IMPORT, MERGE_SIDECAR];

export const USAGE = `Usage:
${COMMANDS.map((c) => `  policy-lens ${c.name} ${c.operands} [options]`).join('\n')}
  policy-lens --help | --version

${COMMANDS.map(usageOf).join('\n\n')}`;

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'analyze':
      return runAnalyze(rest, io);
    case 'check':
      return runCheck(rest, io);
    case 'merge-sidecar':
      return runMergeSidecar(rest, io);
    case 'export':
      return runExport(rest, io);
    case 'import':
      return runImport(rest, io);
    case 'report':
      return runReport(rest, io);
    case '--help':
    case '-h':
    case 'help':
      io.stdout(USAGE + '\n');
      return EXIT_OK;
    case '--version':
    case '-v':
      io.stdout(`${VERSION}\n`);
      return EXIT_OK;
    default:
      io.stderr(`${command ? `policy-lens: unknown command '${command}'` : 'policy-lens: no command given'}\n${USAGE}\n`);
      return EXIT_USAGE;
  }
}

if (require.main === module && isMainThread) {
  // `policy-lens analyze ... | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const io: CliIo = {
    cwd: process.cwd(),
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  };
  main(process.argv.slice(2), io).then(
    (code) => { process.exitCode = code; },
    (err: unknown) => {
      process.stderr.write(`policy-lens: internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
      process.exitCode = EXIT_USAGE;
    },
  );
}
