// Where the reading layer reads two builds differently: for every document of the corpus, the
// test fixtures and the samples (and the repository's own Markdown, which must not change),
// each place where the reading text of build A differs from build B, with 100 characters
// around it. For judging a change to the reading layer by reading what it changes.
//
//   node scripts/reading-diff.mjs BEFORE_ROOT [AFTER_ROOT] [--counts]
//
// A root is a folder holding a compiled build (its out/ and lexicon/), e.g. a copy of this
// repository's out/ made before the change; AFTER_ROOT defaults to this repository. Each build's
// engine reads every document with its own reading options (captured from its readText()).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const countsOnly = process.argv.includes('--counts');
if (args.length < 1) {
  console.error('usage: node scripts/reading-diff.mjs BEFORE_ROOT [AFTER_ROOT] [--counts]');
  process.exit(2);
}
const roots = [path.resolve(args[0]), path.resolve(args[1] ?? here)];

/** A function reading a text as the build's engine does. */
function readerOf(root) {
  const require = createRequire(path.join(root, 'out', 'x.js'));
  const reading = require(path.join(root, 'out', 'src', 'core', 'text', 'reading.js'));
  const { engineWith } = require(path.join(root, 'out', 'test', 'unit', 'helpers', 'engine.js'));
  const engine = engineWith();
  const original = reading.readText;
  let last;
  reading.readText = (text, options) => (last = original(text, options));
  return (text) => {
    last = undefined;
    engine.sentences(text);
    if (last === undefined) throw new Error('the engine of ' + root + ' did not call readText');
    return last.text;
  };
}

function documents() {
  const out = [];
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(md|txt)$/.test(e.name)) out.push(p);
    }
  };
  const corpus = process.env.POLICY_LENS_CORPUS ?? path.join(here, '..', 'shared', 'corpus');
  walk(fs.existsSync(corpus) ? corpus : '/work/shared/corpus');
  walk(path.join(here, 'test', 'fixtures'));
  walk(path.join(here, 'samples'));
  walk(path.join(here, 'docs'));
  for (const f of ['README.md', 'ARCHITECTURE.md', 'CHANGELOG.md']) out.push(path.join(here, f));
  return out;
}

const isSpace = (c) => c === ' ' || c === '\n' || c === '\r' || c === '\t' || c === '\f';

/** The places where a and b differ: [ia, ib] pairs where they part, after resynchronising. */
function differences(a, b) {
  const found = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) { i++; j++; continue; }
    const ia = i;
    const jb = j;
    // Back to the start of the blank run both are in (a join replaces "\n\n" by " ").
    let i2 = i;
    let j2 = j;
    while (i2 < a.length && isSpace(a[i2])) i2++;
    while (j2 < b.length && isSpace(b[j2])) j2++;
    if (i2 < a.length && j2 < b.length && a[i2] === b[j2] && (i2 > i || j2 > j)) {
      found.push([ia, jb]);
      i = i2;
      j = j2;
      continue;
    }
    // Something else: find the next 40 characters of b in a, near.
    found.push([ia, jb]);
    const key = b.slice(j + 1, j + 41);
    const at = a.indexOf(key, i);
    if (at < 0 || at - i > 2000) break;
    i = at;
    j = j + 1;
  }
  return found;
}

const show = (s) => s.replace(/\n/g, '⏎');

const readers = roots.map(readerOf);
let total = 0;
for (const file of documents()) {
  const text = fs.readFileSync(file, 'utf8');
  const [a, b] = readers.map((r) => r(text));
  if (a === b) continue;
  const diffs = differences(a, b);
  total += diffs.length;
  console.log(`\n## ${path.relative(path.join(here, '..'), file)}: ${diffs.length} change(s)`);
  if (countsOnly) continue;
  for (const [ia, jb] of diffs) {
    console.log(`- before: ${show(a.slice(Math.max(0, ia - 50), ia + 50))}`);
    console.log(`  after:  ${show(b.slice(Math.max(0, jb - 50), jb + 50))}`);
  }
}
console.log(`\n${total} change(s) in all`);
