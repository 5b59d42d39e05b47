/**
 * `policy-lens merge-sidecar %O %A %B`: git's merge driver for `*.annotations.yaml`. Merges the
 * three versions by annotation id and writes the result over %A (exit 0). Where both branches
 * changed the same field, ours is kept and theirs recorded in the annotation's `conflicts:`
 * (the file still parses; the editor lists them). When a side does not parse, the driver leaves
 * git's ordinary conflict markers in %A and exits 1, so nothing is lost.
 */
import { promises as fsp } from 'fs';
import { gitMergeFile } from '../adapters/node-git';
import { mergeSidecarTexts } from '../core/annotations/merge-driver';
import { CommandSpec, parseCommand, usageError } from './args';
import { CliIo, EXIT_FINDINGS, EXIT_OK } from './io';

export const MERGE_SIDECAR: CommandSpec = {
  name: 'merge-sidecar',
  operands: '<base> <ours> <theirs>',
  summary: 'Git merge driver for annotation sidecars: merges by annotation id into <ours> (git\'s %O %A %B).\n'
    + 'Install: `*.annotations.yaml merge=policy-lens` in .gitattributes and\n'
    + '`git config merge.policy-lens.driver "policy-lens merge-sidecar %O %A %B"`.\n'
    + 'Exit code 0 when merged (conflicting edits are kept in the file under `conflicts:`), 1 when a side does not parse (git\'s conflict markers are left), 2 on bad usage.',
  options: {},
};

export async function runMergeSidecar(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(MERGE_SIDECAR, args, io);
  if (typeof parsed === 'number') return parsed;
  if (parsed.positionals.length !== 3) return usageError(MERGE_SIDECAR, io, `needs three files (base, ours, theirs), not ${parsed.positionals.length}`);
  const [basePath, oursPath, theirsPath] = parsed.positionals;
  const read = async (p: string) => (await fsp.readFile(p, 'utf8').catch(() => undefined));
  const [base, ours, theirs] = await Promise.all([read(basePath), read(oursPath), read(theirsPath)]);
  if (ours === undefined || theirs === undefined) return usageError(MERGE_SIDECAR, io, `cannot read ${ours === undefined ? oursPath : theirsPath}`);
  const result = mergeSidecarTexts(base ?? '', ours, theirs);
  if (!result.ok) {
    const first = result.problems[0];
    io.stderr(`policy-lens merge-sidecar: ${result.side === 'ours' ? 'our' : result.side === 'theirs' ? 'their' : 'the base'} version does not parse`
      + `${first ? ` (line ${first.line}, column ${first.column}: ${first.message})` : ''}; leaving git's conflict markers to resolve by hand.\n`);
    await gitMergeFile(oursPath, basePath, theirsPath);
    return EXIT_FINDINGS;
  }
  if (result.text !== ours) await fsp.writeFile(oursPath, result.text, 'utf8');
  if (result.recorded > 0) {
    io.stderr(`policy-lens merge-sidecar: ${result.recorded} conflicting change${result.recorded === 1 ? '' : 's'} kept under 'conflicts:' in the merged sidecar (ours applied); run "Policy Lens: Resolve Merge Conflict" or edit the file.\n`);
  }
  return EXIT_OK;
}
