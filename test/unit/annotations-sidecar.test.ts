import * as assert from 'node:assert';
import { resolveCodebook, DEFAULT_CODEBOOK } from '../../src/core/annotations/codebook';
import { addAnnotation, removeAnnotation, updateAnnotation, updateStartHints } from '../../src/core/annotations/edits';
import { mergeSidecars } from '../../src/core/annotations/merge';
import { emptySidecar, parseSidecar, serializeSidecar, sidecarsEqual } from '../../src/core/annotations/sidecar';
import type { Annotation, Sidecar } from '../../src/core/annotations/types';
import { seeded } from './annotations-anchor.test';

const SAMPLE = `# Annotations on plan.md, reviewed in PR #12
version: 1
document: plan.md
reviewers: [ana, bo] # unknown top-level key
annotations:
  # the headline gap
  - id: k3f9
    tag: omission
    note: |
      General practice is not named as a system partner.

      - compare para 4.2
    quote: integrated care boards
    prefix: "The plan says that "
    suffix: " will lead the work"
    start: 120
    author: ana
    created: 2026-01-02T10:00:00Z
    updated: 2026-01-02T10:00:00Z
    x-review: pending
  - id: m2p0
    tag: funding
    note: No source given.
    quote: within existing resources
    prefix: "delivered "
    suffix: ". The"
    start: 300
    author: bo
    created: 2026-01-03T09:00:00Z
    updated: 2026-01-03T09:00:00Z
`;

function parsed(text: string) {
  const r = parseSidecar(text);
  assert.ok(r.ok, JSON.stringify(r.problems));
  return r;
}

function entryText(text: string, id: string): string {
  const start = text.indexOf(`- id: ${id}`);
  const next = text.indexOf('\n  - ', start + 1);
  return text.slice(start, next < 0 ? undefined : next);
}

const NEW: Annotation = {
  id: 'q7zz', tag: 'question', note: 'Who pays?\nAsk the ICB.', quote: 'the integrator function', prefix: 'funding for ', suffix: ' is unclear',
  start: 200, author: 'cy', created: '2026-02-01T00:00:00Z', updated: '2026-02-01T00:00:00Z',
};

describe('sidecar parse', () => {
  it('reads annotations, defaults and unknown keys', () => {
    const { sidecar, problems } = parsed(SAMPLE);
    assert.deepStrictEqual(problems, []);
    assert.strictEqual(sidecar.document, 'plan.md');
    assert.deepStrictEqual(sidecar.extra, { reviewers: ['ana', 'bo'] });
    assert.strictEqual(sidecar.annotations[0].note, 'General practice is not named as a system partner.\n\n- compare para 4.2\n');
    assert.deepStrictEqual(sidecar.annotations[0].extra, { 'x-review': 'pending' });
  });

  const invalid: { name: string; text: string; message: RegExp; line: number; column?: number }[] = [
    { name: 'git merge conflict markers', text: 'version: 1\ndocument: a.md\nannotations:\n<<<<<<< HEAD\n  - id: a\n=======\n  - id: b\n>>>>>>> theirs\n', message: /unresolved git merge conflict/, line: 4, column: 1 },
    { name: 'not YAML', text: 'version: 1\ndocument: [a.md\n', message: /Flow sequence/, line: 3 },
    { name: 'a tab-indented mapping', text: 'version: 1\ndocument: a.md\nannotations:\n\t- id: x\n', message: /./, line: 4 },
    { name: 'not a mapping', text: '- just\n- a list\n', message: /must be a mapping/, line: 1 },
    { name: 'wrong version', text: 'version: 2\ndocument: a.md\nannotations: []\n', message: /unsupported sidecar version 2/, line: 1, column: 10 },
    { name: 'missing document', text: 'version: 1\nannotations: []\n', message: /missing 'document'/, line: 1 },
    { name: 'annotations not a list', text: 'version: 1\ndocument: a.md\nannotations: 3\n', message: /must be a list/, line: 3, column: 14 },
    { name: 'duplicate ids', text: 'version: 1\ndocument: a.md\nannotations:\n  - {id: ab12, tag: t, quote: q}\n  - id: ab12\n    tag: t\n    quote: r\n', message: /duplicate annotation id 'ab12' \(first used on line 4\)/, line: 5, column: 9 },
    { name: 'start of the wrong type', text: 'version: 1\ndocument: a.md\nannotations:\n  - id: ab12\n    tag: t\n    quote: q\n    start: "12"\n', message: /'start' must be a whole number/, line: 7, column: 12 },
    { name: 'missing quote', text: 'version: 1\ndocument: a.md\nannotations:\n  - id: ab12\n    tag: t\n', message: /missing 'quote'/, line: 4 },
    { name: 'note that is a list', text: 'version: 1\ndocument: a.md\nannotations:\n  - id: ab12\n    tag: t\n    quote: q\n    note: [x]\n', message: /'note' must be text/, line: 7 },
    { name: 'duplicate keys', text: 'version: 1\ndocument: a.md\ndocument: b.md\nannotations: []\n', message: /unique/i, line: 3 },
    { name: 'alias bomb', text: 'a: &a ["x","x","x"]\nb: &b [*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b]\nversion: 1\n', message: /aliases/, line: 2 },
    { name: 'binary garbage', text: 'version: 1\n\u0000\u0001\u0002\u0003PK', message: /binary/, line: 2 },
    { name: 'two YAML documents', text: 'version: 1\n---\nversion: 1\n', message: /./, line: 2 },
  ];
  for (const c of invalid) {
    it(`rejects ${c.name} with a located message`, () => {
      const r = parseSidecar(c.text);
      assert.strictEqual(r.ok, false);
      const p = r.problems[0];
      assert.match(p.message, c.message);
      assert.strictEqual(p.line, c.line, JSON.stringify(r.problems));
      if (c.column !== undefined) assert.strictEqual(p.column, c.column, JSON.stringify(r.problems));
    });
  }

  const accepted: { name: string; text: string; annotations: number; warning?: RegExp }[] = [
    { name: 'an empty file (no annotations, with a warning)', text: '', annotations: 0, warning: /empty sidecar/ },
    { name: 'comments only', text: '# nothing yet\n', annotations: 0, warning: /empty sidecar/ },
    { name: 'a byte order mark', text: '\ufeff' + SAMPLE, annotations: 2 },
    { name: 'CRLF line endings', text: SAMPLE.replace(/\n/g, '\r\n'), annotations: 2 },
    { name: 'an id YAML reads as a number, kept as written', text: 'version: 1\ndocument: a.md\nannotations:\n  - {id: 0012, tag: t, quote: q}\n', annotations: 1 },
    { name: 'a bad date (warning only)', text: 'version: 1\ndocument: a.md\nannotations:\n  - {id: ab, tag: t, quote: q, created: yesterday}\n', annotations: 1, warning: /ISO 8601/ },
  ];
  for (const c of accepted) {
    it(`accepts ${c.name}`, () => {
      const r = parsed(c.text);
      assert.strictEqual(r.sidecar.annotations.length, c.annotations);
      if (c.warning) assert.match(r.problems[0]?.message ?? '', c.warning);
    });
  }
  it('keeps a numeric-looking id as its characters', () => {
    assert.strictEqual(parsed('version: 1\ndocument: a.md\nannotations:\n  - {id: 0012, tag: t, quote: q}\n').sidecar.annotations[0].id, '0012');
  });
  it('CRLF file parses to the same data as LF', () => {
    assert.ok(sidecarsEqual(parsed(SAMPLE.replace(/\n/g, '\r\n')).sidecar, parsed(SAMPLE).sidecar));
  });
});

describe('sidecar serialize', () => {
  it('returns the file byte-for-byte when nothing changed', () => {
    const r = parsed(SAMPLE);
    assert.strictEqual(serializeSidecar(r.sidecar, r.handle), SAMPLE);
  });

  const edits: { name: string; edit: (s: Sidecar) => Sidecar; check: (out: string) => void }[] = [
    {
      name: 'update one start hint: other entries byte-identical, comments kept',
      edit: (s) => updateStartHints(s, [{ id: 'm2p0', status: 'anchored', start: 310, end: 335, method: 'quote', score: 1 }]),
      check: (out) => {
        assert.strictEqual(entryText(out, 'k3f9'), entryText(SAMPLE, 'k3f9'));
        assert.match(out, /start: 310/);
        assert.match(out, /# Annotations on plan.md, reviewed in PR #12\n/);
        assert.match(out, /# the headline gap\n/);
        assert.match(out, /x-review: pending/);
        assert.match(out, /reviewers: \[ ana, bo \]|reviewers: \[ana, bo\]/);
      },
    },
    {
      name: 'add an annotation: placed by position, fixed key order, block note',
      edit: (s) => addAnnotation(s, NEW),
      check: (out) => {
        assert.deepStrictEqual([...out.matchAll(/- id: (\w+)/g)].map((m) => m[1]), ['k3f9', 'q7zz', 'm2p0']);
        assert.match(entryText(out, 'q7zz'), /^- id: q7zz\n {4}tag: question\n {4}note: \|-\n {6}Who pays\?\n {6}Ask the ICB.\n {4}quote: the integrator function\n {4}prefix: "funding for "\n {4}suffix: " is unclear"\n {4}start: 200\n {4}author: cy\n {4}created: 2026-02-01T00:00:00Z\n {4}updated: 2026-02-01T00:00:00Z$/);
        assert.strictEqual(entryText(out, 'm2p0'), entryText(SAMPLE, 'm2p0').trimEnd() + '\n');
      },
    },
    {
      name: 'remove an annotation: the other untouched',
      edit: (s) => removeAnnotation(s, 'k3f9'),
      check: (out) => { assert.ok(!out.includes('k3f9')); assert.ok(out.includes(entryText(SAMPLE, 'm2p0'))); },
    },
    {
      name: 'edit a note: unknown keys of that entry kept',
      edit: (s) => updateAnnotation(s, 'k3f9', { note: 'Shorter.', updated: '2026-03-01T00:00:00Z' }),
      check: (out) => { assert.match(entryText(out, 'k3f9'), /note: Shorter\.\n[^]*updated: 2026-03-01T00:00:00Z\n {4}x-review: pending/); },
    },
  ];
  for (const c of edits) {
    it(c.name, () => {
      const r = parsed(SAMPLE);
      const next = c.edit(r.sidecar);
      const out = serializeSidecar(next, r.handle);
      c.check(out);
      assert.ok(!out.includes('\r'));
      assert.ok(sidecarsEqual(parsed(out).sidecar, next), 'load -> save -> load is lossless');
    });
  }

  it('writes LF even when the file had CRLF', () => {
    const r = parsed(SAMPLE.replace(/\n/g, '\r\n'));
    const out = serializeSidecar(updateAnnotation(r.sidecar, 'k3f9', { tag: 'governance' }), r.handle);
    assert.ok(!out.includes('\r'));
    assert.match(out, /tag: governance/);
  });

  it('writes a fresh sidecar', () => {
    const out = serializeSidecar(addAnnotation(emptySidecar('plan.md'), NEW));
    assert.match(out, /^version: 1\ndocument: plan.md\nannotations:\n {2}- id: q7zz\n/);
    assert.ok(sidecarsEqual(parsed(out).sidecar, addAnnotation(emptySidecar('plan.md'), NEW)));
  });

  it('fills an empty file', () => {
    const r = parsed('# notes for plan.md\n');
    const out = serializeSidecar(addAnnotation({ ...r.sidecar, document: 'plan.md' }, NEW), r.handle);
    assert.match(out, /^# notes for plan.md\n\n?version: 1\ndocument: plan.md\nannotations:\n/);
  });

  describe('property: load -> save -> load is lossless for awkward text', () => {
    const rng = seeded(7);
    const pieces = ['a', ' ', '\n', '  ', ':', '#', '"', "'", '- ', '|', '>', '\t', '{', '}', '[', ']', 'é', '😀', '\\', 'yes', 'null', '0x1F', '1e3', '*', '&', '!', '%', '@', '`', ',', '?'];
    const str = (n: number) => Array.from({ length: n }, () => pieces[Math.floor(rng() * pieces.length)]).join('');
    for (let trial = 0; trial < 25; trial++) {
      it(`trial ${trial}`, () => {
        let s = emptySidecar('plan.md');
        for (let i = 0; i < 4; i++) {
          s = addAnnotation(s, { id: `id${trial}x${i}`, tag: 'question', note: str(Math.floor(rng() * 12)), quote: 'q' + str(Math.floor(rng() * 10)), prefix: str(Math.floor(rng() * 8)), suffix: str(Math.floor(rng() * 8)), start: Math.floor(rng() * 1000), author: str(3) || 'x' });
        }
        const first = serializeSidecar(s);
        const loaded = parsed(first);
        assert.ok(sidecarsEqual(loaded.sidecar, s), first);
        const second = serializeSidecar(updateAnnotation(loaded.sidecar, `id${trial}x0`, { note: str(6) }), loaded.handle);
        const again = parsed(second);
        assert.ok(sidecarsEqual(again.sidecar, updateAnnotation(loaded.sidecar, `id${trial}x0`, { note: again.sidecar.annotations.find((a) => a.id === `id${trial}x0`)!.note })));
        assert.strictEqual(serializeSidecar(again.sidecar, again.handle), second);
      });
    }
  });
});

describe('mergeSidecars', () => {
  const base = parsed(SAMPLE).sidecar;
  const cases: { name: string; mine: (s: Sidecar) => Sidecar; theirs: (s: Sidecar) => Sidecar; ids: string[]; conflicts: string[]; check?: (m: Sidecar) => void }[] = [
    { name: 'different annotations changed: both kept', mine: (s) => updateAnnotation(s, 'k3f9', { note: 'mine' }), theirs: (s) => updateAnnotation(s, 'm2p0', { note: 'theirs' }), ids: ['k3f9', 'm2p0'], conflicts: [], check: (m) => assert.deepStrictEqual(m.annotations.map((a) => a.note), ['mine', 'theirs']) },
    { name: 'both added different annotations', mine: (s) => addAnnotation(s, NEW), theirs: (s) => addAnnotation(s, { ...NEW, id: 'zz99', start: 500 }), ids: ['k3f9', 'q7zz', 'm2p0', 'zz99'], conflicts: [] },
    { name: 'deleted there, untouched here: deleted', mine: (s) => s, theirs: (s) => removeAnnotation(s, 'k3f9'), ids: ['m2p0'], conflicts: [] },
    { name: 'deleted here, untouched there: deleted', mine: (s) => removeAnnotation(s, 'm2p0'), theirs: (s) => s, ids: ['k3f9'], conflicts: [] },
    { name: 'same annotation, different fields: merged', mine: (s) => updateAnnotation(s, 'k3f9', { note: 'mine' }), theirs: (s) => updateAnnotation(s, 'k3f9', { tag: 'governance' }), ids: ['k3f9', 'm2p0'], conflicts: [], check: (m) => assert.deepStrictEqual([m.annotations[0].note, m.annotations[0].tag], ['mine', 'governance']) },
    { name: 'same note changed differently: conflict', mine: (s) => updateAnnotation(s, 'k3f9', { note: 'mine' }), theirs: (s) => updateAnnotation(s, 'k3f9', { note: 'theirs' }), ids: ['k3f9', 'm2p0'], conflicts: ['k3f9'] },
    { name: 'edited here, deleted there: conflict', mine: (s) => updateAnnotation(s, 'k3f9', { note: 'mine' }), theirs: (s) => removeAnnotation(s, 'k3f9'), ids: ['m2p0'], conflicts: ['k3f9'] },
    { name: 'both moved the start hint: no conflict', mine: (s) => updateAnnotation(s, 'k3f9', { start: 130 }), theirs: (s) => updateAnnotation(s, 'k3f9', { start: 140 }), ids: ['k3f9', 'm2p0'], conflicts: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { merged, conflicts } = mergeSidecars(base, c.mine(base), c.theirs(base));
      assert.deepStrictEqual(merged.annotations.map((a) => a.id), c.ids);
      assert.deepStrictEqual(conflicts.map((x) => x.id), c.conflicts);
      c.check?.(merged);
    });
  }
});

describe('codebook', () => {
  it('has the six default tags with #rrggbb colours', () => {
    assert.deepStrictEqual(DEFAULT_CODEBOOK.map((t) => t.id), ['stakeholder', 'funding', 'omission', 'governance', 'timeline', 'question']);
    for (const t of DEFAULT_CODEBOOK) assert.match(t.color, /^#[0-9a-f]{6}$/);
  });
  const cases: { name: string; overrides: Parameters<typeof resolveCodebook>[0]; id: string; expect: object | undefined }[] = [
    { name: 'relabels a default', overrides: [{ id: 'funding', label: 'Money' }], id: 'funding', expect: { label: 'Money', color: '#2ca02c' } },
    { name: 'recolours a default', overrides: [{ id: 'question', color: '#ABCDEF' }], id: 'question', expect: { color: '#abcdef' } },
    { name: 'ignores a bad colour', overrides: [{ id: 'question', color: 'red' }], id: 'question', expect: { color: '#17becf' } },
    { name: 'adds a new tag', overrides: [{ id: 'workforce', color: '#123456' }], id: 'workforce', expect: { label: 'workforce', color: '#123456', description: '' } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const tag = resolveCodebook(c.overrides).find((t) => t.id === c.id);
      for (const [k, v] of Object.entries(c.expect ?? {})) assert.strictEqual((tag as unknown as Record<string, unknown>)[k], v);
    });
  }
});
