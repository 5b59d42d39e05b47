/**
 * A seeded, reproducible fuzz corpus: random mutations of valid sidecars and configs through the
 * loaders. No exception escapes, every problem is positioned, and whatever loads survives
 * load -> save -> load unchanged. Each input is one case in the tally; a failure names its seed
 * (re-run one with FUZZ_ONLY=<seed>).
 */
import * as assert from 'node:assert';
import { addAnnotation } from '../../../src/core/annotations/edits';
import { parseSidecar, serializeSidecar, sidecarsEqual } from '../../../src/core/annotations/sidecar';
import type { Sidecar } from '../../../src/core/annotations/types';
import { addLexiconEntry } from '../../../src/core/config-edit';
import { createEngine, parseConfig, PolicyConfig } from '../../../src/core/engine';
import { builtinLexicon } from '../helpers/engine';
import { annotation, dec, enc, PLAN_TEXT, problemsArePositioned, prng, VALID_CONFIG, VALID_SIDECAR } from './helpers';
import { figure, record, size } from './tally';

type Rng = ReturnType<typeof prng>;

export const SIDECAR_BASES = [
  VALID_SIDECAR,
  `version: 1
document: "plan.md"
extraTop: {reviewed: true, by: [a, b]}
annotations:
  - {id: "0012", tag: question, quote: "Integrated care boards", start: 21, prefix: "# Joint forward plan\\n\\n"}
  - id: e-m_1
    tag: omission
    note: "Emoji 👩🏽‍⚕️ and RTL مرحبا and combining e\\u0301"
    quote: 'the VCSE sector is'
    suffix: "."
    start: 195
    custom: {nested: [1, 2, {deep: x}]}
`,
  'version: 1\ndocument: plan.md\nannotations: []\n',
  '# only a comment\n',
];

export const CONFIG_BASES = [
  VALID_CONFIG,
  'version: 1\nlexicon: []\nfundingPhrases: [a, b]\nrules: {party.unmentioned: off}\n',
  `lexicon:
  - id: icb
    aliases: [integrated care system board]
    definition: "Overridden: [x](command:foo) <img src=x onerror=alert(1)>"
  - id: new-thing
    label: new thing
    kind: term
    context: {before: [the]}
expectedParties:
  - icb
  - new-thing
`,
];

const KEYS = ['id', 'tag', 'note', 'quote', 'prefix', 'suffix', 'start', 'author', 'created', 'updated', 'version', 'document',
  'annotations', 'lexicon', 'rules', 'fundingPhrases', 'expectedParties', 'codebook', 'label', 'kind', 'aliases', 'unknownKey',
  '__proto__', 'constructor', 'toString', '"quoted key"', '? complex', '<<', '1234'];
const VALUES = ['123', '-1', '1.5', 'true', 'null', '~', '[]', '{}', '"text"', "''", '&a anchor', '*a', '!!binary aGk=', '!!str 5',
  '|', '>-', '.inf', '.nan', '0x1F', '2026-11-20', '"\\u0000"', '[a, [b, {c: d}]]', '"a: b"', '- item', '123456789012345678901234567890'];
const UNICODE = ['😀', '👩🏽‍⚕️', 'مرحبا', '\u202e', 'e\u0301', '\ufeff', '\ufffd', '\ud800', '\u0000', '\u2028', '\u0085', '\t', '\r', '\u00a0', '𝔘𝔫𝔦'];

const MUTATIONS: Record<string, (text: string, r: Rng) => string> = {
  byteFlip(text, r) {
    const b = enc(text);
    if (b.length === 0) return text;
    const n = 1 + r.int(4);
    for (let i = 0; i < n; i++) b[r.int(b.length)] = r.int(256);
    return dec(b);
  },
  deleteLine(text, r) { const l = text.split('\n'); l.splice(r.int(l.length), 1 + r.int(2)); return l.join('\n'); },
  duplicateLine(text, r) { const l = text.split('\n'); const i = r.int(l.length); l.splice(i, 0, ...l.slice(i, i + 1 + r.int(4))); return l.join('\n'); },
  swapLines(text, r) { const l = text.split('\n'); const i = r.int(l.length); const j = r.int(l.length); [l[i], l[j]] = [l[j], l[i]]; return l.join('\n'); },
  indent(text, r) {
    const l = text.split('\n'); const i = r.int(l.length);
    l[i] = r.chance(0.5) ? ' '.repeat(1 + r.int(4)) + l[i] : l[i].replace(/^ {1,4}/, '');
    return l.join('\n');
  },
  renameKey(text, r) {
    const keys = [...text.matchAll(/^([ -]*)([A-Za-z_]+):/gm)];
    if (keys.length === 0) return text;
    const m = r.pick(keys);
    const at = (m.index ?? 0) + m[1].length;
    return text.slice(0, at) + r.pick(KEYS) + text.slice(at + m[2].length);
  },
  swapType(text, r) {
    const vals = [...text.matchAll(/: (.+)$/gm)];
    if (vals.length === 0) return text;
    const m = r.pick(vals);
    const at = (m.index ?? 0) + 2;
    return text.slice(0, at) + r.pick(VALUES) + text.slice(at + m[1].length);
  },
  truncate(text, r) { return text.slice(0, r.int(text.length + 1)); },
  conflictMarkers(text, r) {
    const l = text.split('\n'); const i = r.int(l.length); const j = Math.min(l.length, i + 1 + r.int(3));
    const ours = l.slice(i, j);
    const theirs = ours.map((x) => x.replace(/: .*/, ': changed'));
    l.splice(i, j - i, '<<<<<<< HEAD', ...ours, ...(r.chance(0.3) ? ['||||||| base', ...ours] : []), '=======', ...theirs, `>>>>>>> ${r.chance(0.5) ? 'theirs' : 'feature/x'}`);
    return l.join('\n');
  },
  unicode(text, r) { const at = r.int(text.length + 1); return text.slice(0, at) + r.pick(UNICODE) + text.slice(at); },
  crlf(text, r) { return r.chance(0.5) ? text.replace(/\n/g, '\r\n') : text.replace(/\n/g, () => (r.chance(0.3) ? '\r\n' : '\n')); },
  bom(text) { return '\ufeff' + text; },
  duplicateBlock(text, r) {
    const blocks = text.split(/(?=^ {2}- )/m);
    if (blocks.length < 2) return text;
    const i = 1 + r.int(blocks.length - 1);
    blocks.splice(i, 0, blocks[i].endsWith('\n') ? blocks[i] : blocks[i] + '\n');
    return blocks.join('');
  },
  anchorsAndAliases(text, r) {
    const vals = [...text.matchAll(/: (.+)$/gm)];
    if (vals.length < 2) return text;
    const a = r.pick(vals); const b = r.pick(vals);
    const [first, second] = (a.index ?? 0) < (b.index ?? 0) ? [a, b] : [b, a];
    const s1 = (first.index ?? 0) + 2; const s2 = (second.index ?? 0) + 2;
    if (s1 === s2) return text;
    return text.slice(0, s1) + '&x ' + text.slice(s1, s2) + '*x' + text.slice(s2 + second[1].length);
  },
};
const NAMES = Object.keys(MUTATIONS);

export function mutate(bases: readonly string[], seed: number): { text: string; steps: string[] } {
  const r = prng(seed);
  let text = bases[r.int(bases.length)];
  const steps: string[] = [];
  const n = 1 + r.int(3);
  for (let i = 0; i < n; i++) {
    const name = r.pick(NAMES);
    steps.push(name);
    text = MUTATIONS[name](text, r);
  }
  return { text, steps };
}

function sidecarRoundTrip(text: string): 'loaded' | 'refused' {
  const parsed = parseSidecar(text);
  problemsArePositioned(parsed.problems);
  if (!parsed.ok) {
    assert.ok(parsed.problems.some((p) => p.severity === 'error'), 'a refusal says why');
    return 'refused';
  }
  // As SidecarStore does: a sidecar without `document` gets the document's name.
  const loaded: Sidecar = parsed.sidecar.document ? parsed.sidecar : { ...parsed.sidecar, document: 'plan.md' };
  for (const [label, out] of [['fresh', serializeSidecar(loaded)], ['in place', serializeSidecar(loaded, parsed.handle)]] as const) {
    const again = parseSidecar(out);
    assert.ok(again.ok, `${label}: what was saved does not load: ${JSON.stringify(again.ok ? [] : again.problems.slice(0, 2))}\n${out.slice(0, 400)}`);
    assert.ok(sidecarsEqual(loaded, again.sidecar), `${label}: load -> save -> load changed the data\n${JSON.stringify(loaded).slice(0, 400)}\n${JSON.stringify(again.sidecar).slice(0, 400)}`);
  }
  // An edit: everything that was there is still there, plus the new annotation.
  const fresh = annotation(loaded.annotations.some((a) => a.id === 'fz01') ? 'fz02' : 'fz01', 'joint forward plan', PLAN_TEXT);
  const edited = addAnnotation(loaded, fresh);
  const afterEdit = parseSidecar(serializeSidecar(edited, parsed.handle));
  assert.ok(afterEdit.ok, 'an edited sidecar loads');
  assert.ok(sidecarsEqual(edited, afterEdit.sidecar), 'load -> edit -> save -> load keeps every annotation');
  return 'loaded';
}

const engineFor = (config: PolicyConfig) => createEngine(builtinLexicon(), config);

let configsSeen = 0;

function configRoundTrip(text: string): 'loaded' | 'refused' {
  const { config, problems } = parseConfig(text);
  problemsArePositioned(problems);
  // Building an engine costs ~10 ms: every 10th config is enough to show it keeps working.
  if (configsSeen++ % 10 === 0) engineFor(config).analyze(PLAN_TEXT);
  if (problems.some((p) => p.severity === 'error')) return 'refused';
  const edit = addLexiconEntry(text, { label: 'care navigator', kind: 'term' }, new Set(config.lexicon.map((e) => e.id)));
  if (!edit.ok) return 'refused';
  const again = parseConfig(edit.text);
  assert.deepStrictEqual(again.problems.filter((p) => p.severity === 'error'), [], `the edited config has errors:\n${edit.text.slice(0, 400)}`);
  const { lexicon, ...rest } = again.config;
  const { lexicon: lexBefore, ...restBefore } = config;
  assert.deepStrictEqual(rest, restBefore, 'load -> add entry -> load keeps every setting');
  assert.deepStrictEqual(lexicon.filter((e) => e.id !== edit.id), lexBefore.filter((e) => e.id !== edit.id), 'and every lexicon entry');
  assert.ok(lexicon.some((e) => e.id === edit.id), 'and adds the new one');
  return 'loaded';
}

/**
 * Failures with a known cause, each also written up as an it.skip BUG case (bad-input.test.ts,
 * faults.test.ts). They are tallied as skipped so that any other failure stays red.
 */
const KNOWN_BUGS: { id: string; kind: 'sidecar' | 'config'; matches: (text: string, message: string) => boolean }[] = [
  {
    // BUG: a comments-only sidecar whose comment starts with U+2028/U+2029 ("#\u2028 note") loads,
    // but serializeSidecar writes "\u2028# note ... version: 1", which no longer parses.
    id: 'sidecar-line-separator-comment', kind: 'sidecar',
    matches: (text, message) => /[\u2028\u2029\u0085]/.test(text) && /what was saved does not load/.test(message),
  },
];

const COUNT = Number(process.env.FUZZ_COUNT ?? size(1000, 20000));
const ONLY = process.env.FUZZ_ONLY ? Number(process.env.FUZZ_ONLY) : undefined;

for (const kind of ['sidecar', 'config'] as const) {
  describe(`reliability: fuzz ${kind}s`, function () {
    this.timeout(size(60_000, 1_200_000));
    it(`[fuzz] ${COUNT} seeded mutations of valid ${kind}s through the loader`, () => {
      const bases = kind === 'sidecar' ? SIDECAR_BASES : CONFIG_BASES;
      const check = kind === 'sidecar' ? sidecarRoundTrip : configRoundTrip;
      const seed0 = kind === 'sidecar' ? 1_000_000 : 2_000_000;
      const failures: string[] = [];
      const outcomes = { loaded: 0, refused: 0 };
      const knownHits: Record<string, number> = {};
      const t0 = Date.now();
      for (let i = 0; i < COUNT; i++) {
        const seed = seed0 + i;
        if (ONLY !== undefined && seed !== ONLY) continue;
        const { text, steps } = mutate(bases, seed);
        let passed = true;
        let skipped = false;
        let detail: string | undefined;
        try {
          outcomes[check(text)]++;
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          const known = KNOWN_BUGS.find((b) => b.kind === kind && b.matches(text, message));
          detail = `seed ${seed} (${steps.join(', ')}): ${known ? `BUG ${known.id}: ` : ''}${message}`.slice(0, 600);
          if (known) { skipped = true; knownHits[known.id] = (knownHits[known.id] ?? 0) + 1; } else { passed = false; failures.push(detail); }
        }
        record({ category: 'fuzz', name: `${kind} #${seed}`, passed, annotationsLost: 0, detail, skipped });
      }
      figure(`fuzz.${kind}`, { inputs: COUNT, ...outcomes, failed: failures.length, knownBugs: knownHits, ms: Date.now() - t0 });
      assert.deepStrictEqual(failures.slice(0, 5), [], `${failures.length} of ${COUNT} inputs failed`);
    });
  });
}
