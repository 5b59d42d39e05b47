/** Every subcommand's options through `node:util` `parseArgs`, with `--help` and `--version` added and a usage text that names each option. */
import { parseArgs } from 'node:util';
import { CliIo, EXIT_OK, EXIT_USAGE } from './io';

declare const POLICY_LENS_VERSION: string | undefined;
/** package.json's version in the bundle (esbuild `define`); `dev` when run from the tsc output. */
export const VERSION = typeof POLICY_LENS_VERSION === 'string' ? POLICY_LENS_VERSION : 'dev';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Shown in the usage text: `--format <text|json>`. */
  value?: string;
  /** Accepted values, checked after parsing. */
  choices?: readonly string[];
  description: string;
}

export interface CommandSpec {
  /** `analyze`, `check`. */
  name: string;
  /** What follows the command name: `<files or folders...>`. */
  operands: string;
  summary: string;
  options: Record<string, OptionSpec>;
}

const COMMON: Record<string, OptionSpec> = {
  help: { type: 'boolean', short: 'h', description: 'Print this help and exit.' },
  version: { type: 'boolean', description: 'Print the version and exit.' },
};

export function usageOf(spec: CommandSpec): string {
  const options = Object.entries({ ...spec.options, ...COMMON }).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` <${o.value ?? 'value'}>` : ''}`;
    return `  ${flag.padEnd(28)} ${o.description}`;
  });
  return `Usage: policy-lens ${spec.name} ${spec.operands} [options]\n\n${spec.summary}\n\nOptions:\n${options.join('\n')}`;
}

export type Parsed = { values: Record<string, string | boolean | undefined>; positionals: string[] };

/**
 * Parses `args` for `spec`. Returns the values, or an exit code after printing: the usage for
 * `--help`, the version for `--version`, a message and the usage (exit 2) for bad usage.
 */
export function parseCommand(spec: CommandSpec, args: string[], io: CliIo): Parsed | number {
  const all = { ...spec.options, ...COMMON };
  let parsed: Parsed;
  try {
    const options = Object.fromEntries(Object.entries(all).map(([name, o]) => [name, o.short ? { type: o.type, short: o.short } : { type: o.type }]));
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true }) as Parsed;
  } catch (err) {
    return usageError(spec, io, describeParseError(err, all));
  }
  if (parsed.values.help) {
    io.stdout(usageOf(spec) + '\n');
    return EXIT_OK;
  }
  if (parsed.values.version) {
    io.stdout(`${VERSION}\n`);
    return EXIT_OK;
  }
  for (const [name, o] of Object.entries(spec.options)) {
    const v = parsed.values[name];
    if (o.choices && typeof v === 'string' && !o.choices.includes(v)) return usageError(spec, io, `--${name} must be ${o.choices.join(' or ')}, not '${v}'`);
  }
  if (parsed.positionals.length === 0) return usageError(spec, io, 'no files or folders given');
  return parsed;
}

export function usageError(spec: CommandSpec, io: CliIo, message: string): number {
  io.stderr(`policy-lens ${spec.name}: ${message}\n${usageOf(spec)}\n`);
  return EXIT_USAGE;
}

/** parseArgs' errors in our words: `unknown option '--fix'`, `--config needs a value`. */
function describeParseError(err: unknown, options: Record<string, OptionSpec>): string {
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option '${quoted}'`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = Object.keys(options).find((n) => message.includes(`--${n}`));
    if (name && options[name].type === 'string') return `--${name} needs ${options[name].value ? `a value (${options[name].value})` : 'a value'}`;
    if (name) return `--${name} takes no value`;
  }
  return message;
}
