/**
 * `policy-lens check --since <rev> <paths...>`: which annotations were added, edited,
 * re-anchored, orphaned or deleted between a revision and the working tree. The old sidecars are
 * read through git (`ls-tree` + one `cat-file --batch`): no checkout, nothing written. A sidecar
 * whose text and whose document both have the revision's blob id is skipped unread: nothing in
 * it can have changed (an annotation already orphaned at the revision is not reported again;
 * `check` without `--since` lists every orphan).
 */
import { createHash } from 'crypto';
import { promises as fsp } from 'fs';
import * as path from 'path';
import { gitListBlobs, gitReadFiles, gitResolve, gitTopLevel } from '../adapters/node-git';
import { SIDECAR_SUFFIX } from '../core/annotations/sidecar';
import { sinceEntry, sinceHasProblems, SinceReport, sinceText } from '../core/annotations/since';
import { CliIo, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './io';
import { displayPath } from './display';
import { walkFolder } from './node-files';

export type { SinceReport, SinceSidecar } from '../core/annotations/since';

/** Git's id for a blob holding `bytes` (SHA-1, or SHA-256 in a repository that uses it). */
function blobId(bytes: Buffer, like: string): string {
  return createHash(like.length === 64 ? 'sha256' : 'sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

export async function runCheckSince(rev: string, inputs: string[], format: 'text' | 'json', io: CliIo): Promise<number> {
  const top = await gitTopLevel(io.cwd);
  if (!top) { io.stderr('policy-lens check --since: not in a git repository (or git is not installed)\n'); return EXIT_USAGE; }
  const commit = await gitResolve(io.cwd, rev);
  if (!commit) { io.stderr(`policy-lens check --since: '${rev}' is not a commit, branch or tag here\n`); return EXIT_USAGE; }
  const realTop = await fsp.realpath(top);
  const cwd = await fsp.realpath(io.cwd).catch(() => io.cwd);

  const roots: string[] = [];
  const current = new Set<string>();
  for (const input of inputs) {
    const absolute = path.resolve(io.cwd, input);
    const stat = await fsp.stat(absolute).catch(() => undefined);
    const real = stat ? await fsp.realpath(absolute) : absolute;
    roots.push(real);
    if (stat?.isDirectory()) for (const f of await walkFolder(io.cwd, absolute, (name) => name.endsWith(SIDECAR_SUFFIX), [])) current.add(await fsp.realpath(f));
    else if (stat && real.endsWith(SIDECAR_SUFFIX)) current.add(real);
    else if (stat && await fsp.stat(real + SIDECAR_SUFFIX).catch(() => undefined)) current.add(real + SIDECAR_SUFFIX);
  }
  const under = (file: string) => roots.some((r) => file === r || file === r + SIDECAR_SUFFIX || file.startsWith(r + path.sep));
  const blobs = (await gitListBlobs(top, commit)) ?? new Map<string, string>();
  const relOf = (file: string) => path.relative(realTop, file).split(path.sep).join('/');
  const oldPaths = [...blobs.keys()].filter((p) => p.endsWith(SIDECAR_SUFFIX) && under(path.join(realTop, p)));

  // Skip the pairs git already says are the same: the sidecar and its document both unchanged.
  const nowBytes = new Map<string, Buffer | undefined>();
  const unchanged = new Set<string>();
  for (const file of current) {
    const bytes = await fsp.readFile(file).catch(() => undefined);
    nowBytes.set(file, bytes);
    const oldSidecar = blobs.get(relOf(file));
    if (!bytes || !oldSidecar || blobId(bytes, oldSidecar) !== oldSidecar) continue;
    const implied = path.basename(file).slice(0, -SIDECAR_SUFFIX.length);
    // The document the sidecar names, when it is the usual one (else the full path decides).
    const named = /^document: (.*)$/m.exec(bytes.toString('utf8'))?.[1];
    if (named !== implied) continue;
    const documentFile = file.slice(0, -SIDECAR_SUFFIX.length);
    const oldDocument = blobs.get(relOf(documentFile));
    const documentBytes = oldDocument ? await fsp.readFile(documentFile).catch(() => undefined) : undefined;
    if (documentBytes && blobId(documentBytes, oldDocument!) === oldDocument) unchanged.add(file);
  }
  const toRead = oldPaths.filter((p) => !unchanged.has(path.join(realTop, p)));
  const oldTexts = (await gitReadFiles(top, commit, toRead)) ?? new Map<string, string | undefined>();

  const all = new Set<string>([...oldPaths.map((p) => path.join(realTop, p)), ...current]);
  const report: SinceReport = { version: 1, since: rev, commit, sidecars: [] };
  for (const file of [...all].sort()) {
    if (unchanged.has(file)) continue;
    const folder = path.dirname(file);
    const entry = await sinceEntry({
      path: displayPath(file, cwd),
      oldText: oldTexts.get(relOf(file)),
      nowText: current.has(file) ? nowBytes.get(file)?.toString('utf8') : undefined,
      documentText: async (name) => {
        const documentPath = path.join(folder, name || path.basename(file).slice(0, -SIDECAR_SUFFIX.length));
        return documentPath.startsWith(folder + path.sep) ? fsp.readFile(documentPath, 'utf8').catch(() => undefined) : undefined;
      },
    }, rev);
    if (entry.errors.length > 0 || entry.changes.length > 0) report.sidecars.push(entry);
  }

  if (format === 'json') io.stdout(JSON.stringify(report, null, 2) + '\n');
  else io.stdout(sinceText(report));
  return sinceHasProblems(report) ? EXIT_FINDINGS : EXIT_OK;
}
