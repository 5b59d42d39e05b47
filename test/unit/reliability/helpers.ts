/** Shared fixtures for the reliability suite: temp folders, sidecar text, a fault-injecting file system. */
import * as assert from 'node:assert';
import { promises as fsp } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { nodeFileSystem } from '../../../src/adapters/node-fs';
import type { FileSystem } from '../../../src/adapters/sidecar-store';
import { parseSidecar } from '../../../src/core/annotations/sidecar';
import type { Annotation } from '../../../src/core/annotations/types';
import type { FileProblem } from '../../../src/core/types';

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
/** How the extension decodes files: UTF-8, invalid bytes become U+FFFD, never throws. */
export const dec = (b: Uint8Array): string => new TextDecoder('utf-8').decode(b);
export const concat = (...parts: (string | number[] | Uint8Array)[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p as Uint8Array))));

export async function tempDir(prefix = 'pl-rel-'): Promise<string> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), prefix));
  return fsp.realpath(dir);
}

export async function removeDir(dir: string): Promise<void> {
  await fsp.rm(dir, { recursive: true, force: true });
}

/** Files in `dir` (not recursive), sorted. */
export async function listing(dir: string): Promise<string[]> {
  return (await fsp.readdir(dir)).sort();
}

export const PLAN_TEXT = [
  '# Joint forward plan',
  '',
  'Integrated care boards must publish a joint forward plan with local authorities.',
  'Funding comes from existing resources, and additional investment will be made available.',
  'General practice is not named; the VCSE sector is.',
  '',
].join('\n');

export function annotation(id: string, quote: string, text = PLAN_TEXT, extra: Partial<Annotation> = {}): Annotation {
  const start = text.indexOf(quote);
  const s = Math.max(0, start);
  return {
    id, tag: 'question', note: `note for ${id}`, quote,
    prefix: text.slice(Math.max(0, s - 32), s), suffix: text.slice(s + quote.length, s + quote.length + 32), start: s, ...extra,
  };
}

/** A valid sidecar as an analyst might write it: comments, a block note, unknown keys. */
export const VALID_SIDECAR = `# Reviewed by the policy team
version: 1
document: plan.md
annotations:
  - id: a1b2
    tag: omission
    note: |
      General practice is missing from this list.
      See the VCSE bullet.
    quote: "General practice is not named"
    prefix: "will be made available.\\n"
    suffix: "; the VCSE sector is."
    start: 171
    author: Sample Analyst
    created: 2026-11-20T10:00:00Z
  - id: c3d4
    tag: unfunded-claim
    note: No amount given.
    quote: additional investment will be made available
    prefix: "om existing resources, and "
    suffix: ".\\nGeneral practice is not"
    start: 124
`;

export const VALID_CONFIG = `# Workspace settings
version: 1
expectedParties: [general-practice, icb]
rules:
  funding.unquantified: warning
fundingPhrases:
  - transformation money
existingResourcePhrases: [within current budgets]
lexicon:
  - id: neighbourhood-team
    label: neighbourhood team
    kind: party
    definition: A multidisciplinary team for a neighbourhood.
codebook:
  - id: omission
    label: Omission
    color: "#aa3300"
`;

export function problemsArePositioned(problems: readonly FileProblem[]): void {
  for (const p of problems) {
    assert.ok(Number.isInteger(p.line) && p.line >= 1, `line ${p.line} >= 1: ${p.message}`);
    assert.ok(Number.isInteger(p.column) && p.column >= 1, `column ${p.column} >= 1: ${p.message}`);
    assert.ok(typeof p.message === 'string' && p.message.length > 0, 'a message');
  }
}

/** Annotation ids in a sidecar file on disk (throws when it does not parse). */
export async function idsOnDisk(file: string): Promise<string[]> {
  const parsed = parseSidecar(dec(await nodeFileSystem.readFile(file)));
  if (!parsed.ok) throw new Error(`${file} does not parse: ${JSON.stringify(parsed.problems)}`);
  return parsed.sidecar.annotations.map((a) => a.id).sort();
}

/** How many of `expected` ids are missing from the sidecar on disk. */
export async function lostFrom(file: string, expected: readonly string[]): Promise<number> {
  const have = new Set(await idsOnDisk(file));
  return expected.filter((id) => !have.has(id)).length;
}

export interface Faults {
  /** Before writing `path` (the temporary file), after `data` would be written: return true to write half and throw. */
  failWrite?: (path: string) => boolean;
  /** Throw instead of renaming. */
  failRename?: (from: string, to: string) => boolean;
  /** Runs just before a write (the store has read the file by then). */
  beforeWrite?: (path: string) => Promise<void> | void;
  /** Runs just before a rename. */
  beforeRename?: (from: string, to: string) => Promise<void> | void;
  /** Runs just after a rename. */
  afterRename?: (from: string, to: string) => Promise<void> | void;
  /** No exclusive create, so no sidecar lock: a file system of the web, or a writer that takes none. */
  noLock?: boolean;
  /** Runs after each exclusive create (a lock taken: true, or found held: false). */
  afterCreateExclusive?: (path: string, created: boolean) => Promise<void> | void;
}

/** nodeFileSystem with injectable faults; counts operations. */
export function faultyFs(faults: Faults): FileSystem & { ops: string[] } {
  const ops: string[] = [];
  const lock: Pick<FileSystem, 'createExclusive' | 'lockOwner'> = faults.noLock ? {} : {
    async createExclusive(p, data) {
      const created = await nodeFileSystem.createExclusive!(p, data);
      ops.push(`${created ? 'lock' : 'lock busy'} ${path.basename(p)}`);
      await faults.afterCreateExclusive?.(p, created);
      return created;
    },
    lockOwner: nodeFileSystem.lockOwner,
  };
  return {
    ...lock,
    ops,
    readFile: (p) => { ops.push(`read ${path.basename(p)}`); return nodeFileSystem.readFile(p); },
    async writeFile(p, data) {
      ops.push(`write ${path.basename(p)}`);
      await faults.beforeWrite?.(p);
      if (faults.failWrite?.(p)) {
        await nodeFileSystem.writeFile(p, data.slice(0, Math.floor(data.length / 2)));
        throw Object.assign(new Error('ENOSPC: no space left on device (injected)'), { code: 'ENOSPC' });
      }
      return nodeFileSystem.writeFile(p, data);
    },
    async rename(from, to) {
      ops.push(`rename ${path.basename(from)} -> ${path.basename(to)}`);
      await faults.beforeRename?.(from, to);
      if (faults.failRename?.(from, to)) throw Object.assign(new Error('EPERM: operation not permitted (injected)'), { code: 'EPERM' });
      await nodeFileSystem.rename(from, to);
      await faults.afterRename?.(from, to);
    },
    delete: (p) => { ops.push(`delete ${path.basename(p)}`); return nodeFileSystem.delete(p); },
    stat: (p) => nodeFileSystem.stat(p),
    realpath: (p) => nodeFileSystem.realpath!(p),
  };
}

/** Small seeded PRNG (mulberry32): the same seed gives the same corpus on every machine. */
export function prng(seed: number): { next(): number; int(n: number): number; pick<T>(list: readonly T[]): T; chance(p: number): boolean } {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}
