/**
 * The reliability suite's tally: every case records its category, whether it passed and how
 * many annotations it lost. A root-level `after` hook writes `test-output/reliability.json`,
 * which `scripts/reliability-summary.mjs` prints as a table at the end of `npm test`.
 *
 * Sizes switch with POLICY_LENS_STRESS=1 (see `STRESS` and `size`).
 */
import * as fs from 'fs';
import * as path from 'path';

export type Category = 'config' | 'sidecar' | 'document' | 'fuzz' | 'faults' | 'security' | 'scale';
export const CATEGORIES: readonly Category[] = ['config', 'sidecar', 'document', 'fuzz', 'faults', 'security', 'scale'];

export interface CaseRecord {
  category: Category;
  name: string;
  passed: boolean;
  annotationsLost: number;
  /** Not run (e.g. no network for `npm audit`, or a known bug marked with it.skip). */
  skipped?: boolean;
  detail?: string;
}

export const STRESS = process.env.POLICY_LENS_STRESS === '1';

/** `size(unit, stress)`: the figure for this run. */
export function size<T>(unit: T, stress: T): T {
  return STRESS ? stress : unit;
}

const records: CaseRecord[] = [];

export function record(r: CaseRecord): void {
  records.push(r);
}

export function recorded(): readonly CaseRecord[] {
  return records;
}

/** What a case body may return: annotations lost (0 when nothing is returned). */
type CaseBody = (this: Mocha.Context) => void | number | Promise<void | number>;

function isPending(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { name?: string; constructor?: { name?: string } };
  return e.name === 'PendingError' || e.constructor?.name === 'Pending' || e.constructor?.name === 'PendingError';
}

/**
 * A mocha `it` that records itself in the tally. The body returns the number of annotations it
 * lost (or nothing); any loss fails the case. `this.skip()` records a skip.
 */
export function rit(category: Category, name: string, body: CaseBody, timeoutMs?: number): Mocha.Test {
  return it(`[${category}] ${name}`, async function () {
    if (timeoutMs !== undefined) this.timeout(timeoutMs);
    let lost = 0;
    try {
      const r = await body.call(this);
      lost = typeof r === 'number' ? r : 0;
    } catch (err) {
      if (isPending(err)) {
        record({ category, name, passed: true, annotationsLost: 0, skipped: true });
      } else {
        record({ category, name, passed: false, annotationsLost: lost, detail: String(err instanceof Error ? err.message : err).slice(0, 300) });
      }
      throw err;
    }
    record({ category, name, passed: lost === 0, annotationsLost: lost, detail: lost ? `${lost} annotations lost` : undefined });
    if (lost > 0) throw new Error(`${lost} annotation(s) lost`);
  });
}

/** A known bug: shown as pending by mocha and counted as skipped in the tally. */
rit.skip = function skipCase(category: Category, name: string, body: CaseBody, timeoutMs?: number, reason?: string): Mocha.Test {
  // POLICY_LENS_RUN_BUGS=1 runs the known-bug cases (to check a fix): they should then pass.
  if (process.env.POLICY_LENS_RUN_BUGS === '1') return rit(category, `${name} (known bug)`, body, timeoutMs);
  record({ category, name, passed: true, annotationsLost: 0, skipped: true, detail: reason ? `BUG: ${reason}` : 'known bug (it.skip)' });
  return it.skip(`[${category}] ${name}`, async function () { /* see BUG: comment at the call site */ });
};

export interface CategoryTotals { tried: number; passed: number; failed: number; skipped: number; annotationsLost: number }

export interface ReliabilityReport {
  mode: 'unit' | 'stress';
  finishedAt: string;
  categories: Record<string, CategoryTotals>;
  totals: CategoryTotals;
  annotationsLost: number;
  failures: { category: string; name: string; detail?: string }[];
  skipped: { category: string; name: string; detail?: string }[];
  /** Free-form figures cases want reported (e.g. npm audit, timings). */
  figures: Record<string, unknown>;
}

const figures: Record<string, unknown> = {};

/** A figure to report in reliability.json (audit result, timings). */
export function figure(key: string, value: unknown): void {
  figures[key] = value;
}

export function summarize(list: readonly CaseRecord[] = records): ReliabilityReport {
  const categories: Record<string, CategoryTotals> = {};
  const totals: CategoryTotals = { tried: 0, passed: 0, failed: 0, skipped: 0, annotationsLost: 0 };
  for (const c of CATEGORIES) categories[c] = { tried: 0, passed: 0, failed: 0, skipped: 0, annotationsLost: 0 };
  for (const r of list) {
    const t = (categories[r.category] ??= { tried: 0, passed: 0, failed: 0, skipped: 0, annotationsLost: 0 });
    for (const x of [t, totals]) {
      if (r.skipped) { x.skipped++; continue; }
      x.tried++;
      if (r.passed) x.passed++; else x.failed++;
      x.annotationsLost += r.annotationsLost;
    }
  }
  for (const c of Object.keys(categories)) {
    const t = categories[c];
    if (t.tried === 0 && t.skipped === 0) delete categories[c];
  }
  return {
    mode: STRESS ? 'stress' : 'unit',
    finishedAt: new Date().toISOString(),
    categories,
    totals,
    annotationsLost: totals.annotationsLost,
    failures: list.filter((r) => !r.skipped && !r.passed).map(({ category, name, detail }) => ({ category, name, detail })),
    skipped: list.filter((r) => r.skipped).map(({ category, name, detail }) => ({ category, name, detail })),
    figures,
  };
}

export function repoRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'lexicon'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}

export function reportPath(): string {
  return process.env.POLICY_LENS_RELIABILITY_JSON ?? path.join(repoRoot(), 'test-output', 'reliability.json');
}

// Root-level hook (this module is imported by every reliability test file): runs once, after
// every test mocha loaded, including the rest of the unit tests.
after(function writeReliabilityReport() {
  if (records.length === 0) return;
  const file = reportPath();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(summarize(), null, 2) + '\n');
});
