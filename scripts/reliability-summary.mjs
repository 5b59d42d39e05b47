// Prints the reliability suite's tally (test-output/reliability.json, written by
// test/unit/reliability/tally.ts) as a fixed-width table.
//
//   import { printReliabilitySummary } from './reliability-summary.mjs';
//   const ok = printReliabilitySummary(path.join(root, 'test-output', 'reliability.json'));
//
// or directly: node scripts/reliability-summary.mjs [path/to/reliability.json]
// (exit 0 when every case passed and no annotation was lost, 1 otherwise).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_RELIABILITY_JSON = path.join(root, 'test-output', 'reliability.json');

/**
 * Print the table; returns true when every case that ran passed and no annotation was lost.
 * A missing or unreadable file prints a line saying so and returns false.
 */
export function printReliabilitySummary(jsonPath = DEFAULT_RELIABILITY_JSON, log = console.log) {
  let report;
  try {
    report = JSON.parse(fs.readFileSync(jsonPath, 'utf8'));
  } catch (err) {
    log(`reliability summary: cannot read ${jsonPath} (${err instanceof Error ? err.message : String(err)})`);
    return false;
  }
  const rows = Object.entries(report.categories ?? {});
  const width = Math.max('category'.length, 'total'.length, ...rows.map(([name]) => name.length));
  const num = (n) => String(n ?? 0).padStart(7);
  const line = (name, t) => `${name.padEnd(width)} | ${num(t.tried)} | ${num(t.passed)} | ${num(t.failed)}`;
  log('');
  log(`Reliability suite (${report.mode ?? 'unit'} sizes)`);
  log(`${'category'.padEnd(width)} | ${'tried'.padStart(7)} | ${'passed'.padStart(7)} | ${'failed'.padStart(7)}`);
  log(`${'-'.repeat(width)}-+-${'-'.repeat(7)}-+-${'-'.repeat(7)}-+-${'-'.repeat(7)}`);
  for (const [name, t] of rows) log(line(name, t));
  const totals = report.totals ?? { tried: 0, passed: 0, failed: 0, skipped: 0 };
  log(`${'-'.repeat(width)}-+-${'-'.repeat(7)}-+-${'-'.repeat(7)}-+-${'-'.repeat(7)}`);
  log(line('total', totals));
  const lost = Number(report.annotationsLost ?? 0);
  log(`annotations lost: ${lost}`);
  const short = (d) => (d ? ` (${String(d).split('\n')[0].slice(0, 160)})` : '');
  const skipped = report.skipped ?? [];
  if (skipped.length > 0) {
    log(`skipped: ${skipped.length} (known bugs kept as pending cases, or nothing to run against)`);
    // Fuzz inputs that hit a known bug are grouped by the bug's id.
    const groups = new Map();
    for (const s of skipped) {
      const bug = /BUG ([\w-]+):/.exec(s.detail ?? '')?.[1];
      const key = bug ? `[${s.category}] ${bug}` : `[${s.category}] ${s.name}${short(s.detail)}`;
      groups.set(key, (groups.get(key) ?? 0) + 1);
    }
    for (const [key, n] of groups) log(`  - ${n > 1 ? `${n} x ` : ''}${key}`);
  }
  for (const f of report.failures ?? []) log(`  FAILED [${f.category}] ${f.name}${short(f.detail)}`);
  return (totals.failed ?? 0) === 0 && (totals.tried ?? 0) > 0 && lost === 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const ok = printReliabilitySummary(process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_RELIABILITY_JSON);
  process.exit(ok ? 0 : 1);
}
