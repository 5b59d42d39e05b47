/**
 * The workspace loader's quick sidecar reader against the yaml library: whenever it accepts a
 * file it must read exactly what `parseSidecar` reads (valid, no problems); on the layout Policy
 * Lens writes it must accept ordinary files (that is what makes it fast); anything hand-made or
 * wrong must be left to the yaml library.
 */
import * as assert from 'node:assert';
import { quickReadSidecar } from '../../src/core/annotations/quick-read';
import { parseSidecar, serializeSidecar } from '../../src/core/annotations/sidecar';
import type { Annotation } from '../../src/core/annotations/types';
import { rng } from '../../bench/prng';

const PIECES = ['plan', 'care', ' ', '  ', '\n', '\n\n', '\n\n\n', ': ', ' #', '#', '-', '- ', '?', ',', '[x]', '{y}', '&a', '*b', '!', '|', '>', "'", '"', '%', '@', '`', '\\',
  'é', '–', '’', '😀', '\t', 'true', '12', '0x1f', '1e3', 'null', '~', '.5', 'x:', '---', '...', ' \n', '\n ', '\u2028', '\r', '\u0085', '\u00a0',
  'Paragraph 4.12: commission deliver', 'a much longer run of ordinary words that pushes a string past forty characters',
  // Plain scalars with a colon: a time, a ratio (the reader takes them without asking the yaml library).
  '1:20', '12:30:00', '2026-01-01T10:00:00Z', 'n:1'];

function pieces(random: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(random() * PIECES.length)];
  return s;
}

function annotation(random: () => number, id: string): Annotation {
  const text = () => pieces(random, 1 + Math.floor(random() * 6)) || 'x';
  const a: Annotation = {
    id, tag: random() < 0.8 ? 'omission' : text(), note: random() < 0.1 ? '' : text(), quote: text(),
    prefix: random() < 0.2 ? '' : text(), suffix: text(), start: Math.floor(random() * 5000),
  };
  if (random() < 0.7) { a.author = random() < 0.7 ? 'Ana Jones' : text(); a.created = '2026-01-01T10:00:00Z'; }
  if (random() < 0.3) a.updated = '2026-01-02T10:00:00Z';
  if (random() < 0.2) a.status = random() < 0.5 ? 'resolved' : 'open';
  if (random() < 0.2) a.replies = [{ id: `r${id}`, author: 'bo', created: '2026-01-03T10:00:00Z', body: text() }, { id: `q${id}`, body: text() }];
  return a;
}

describe('quick sidecar reader (workspace loading)', () => {
  it('reads exactly what the yaml library reads, on 300 generated sidecars, and accepts the ordinary ones', function () {
    this.timeout(60_000);
    const random = rng(20261202);
    let accepted = 0;
    let ordinaryAccepted = 0;
    let ordinary = 0;
    for (let n = 0; n < 300; n++) {
      const awkward = n % 2 === 0;
      const annotations = Array.from({ length: 1 + Math.floor(random() * 6) }, (_, i) => {
        const a = annotation(random, `a${n}x${i}`);
        if (awkward) return a;
        // Ordinary: the strings the editor writes (words, paragraph breaks in notes and contexts).
        return { ...a, tag: 'omission', quote: 'care boards and the plan', note: random() < 0.5 ? 'Where is general practice?' : 'First point.\n\n- one\n- two\n', prefix: 'of the plan.\n\nParagraph 4.12: ', suffix: '.\n\nParagraph 4.13: commission deliver', replies: a.replies?.map((r) => ({ ...r, body: 'Agreed.' })), author: 'Ana Jones' };
      });
      const text = serializeSidecar({ version: 1, document: 'plan.md', annotations });
      const full = parseSidecar(text);
      const quick = quickReadSidecar(text);
      if (!awkward) ordinary++;
      if (quick === undefined) continue;
      accepted++;
      if (!awkward) ordinaryAccepted++;
      assert.ok(full.ok, `accepted a file the yaml library refuses:\n${text}`);
      assert.deepStrictEqual(full.problems, [], `accepted a file with problems:\n${text}`);
      assert.deepStrictEqual(quick, full.sidecar, `read differently:\n${text}`);
    }
    assert.strictEqual(ordinaryAccepted, ordinary, 'every ordinary file is read quickly');
    assert.ok(accepted > ordinary, `some awkward files are read quickly too (${accepted - ordinary})`);
  });

  const LEFT_TO_YAML: [string, string][] = [
    ['a comment', 'version: 1\ndocument: plan.md\n# mine\nannotations:\n  - id: a1\n    tag: x\n    quote: q\n'],
    ['flow style', 'version: 1\ndocument: plan.md\nannotations: [{id: a1, tag: x, quote: q}]\n'],
    ['single quotes', "version: 1\ndocument: plan.md\nannotations:\n  - id: a1\n    tag: x\n    quote: 'q'\n"],
    ['an unknown key', 'version: 1\ndocument: plan.md\nannotations:\n  - id: a1\n    tag: x\n    quote: q\n    colour: red\n'],
    ['a repeated key', 'version: 1\ndocument: plan.md\nannotations:\n  - id: a1\n    tag: x\n    tag: y\n    quote: q\n'],
    ['a repeated id', 'version: 1\ndocument: plan.md\nannotations:\n  - id: a1\n    tag: x\n    quote: q\n  - id: a1\n    tag: x\n    quote: r\n'],
    ['suppressions', 'version: 1\ndocument: plan.md\nannotations:\n  - id: a1\n    tag: x\n    quote: q\nsuppressions:\n  - rule: x\n'],
    ['a number as id', 'version: 1\ndocument: plan.md\nannotations:\n  - id: 0012\n    tag: x\n    quote: q\n'],
    ['a number as tag', 'version: 1\ndocument: plan.md\nannotations:\n  - id: a1\n    tag: 12\n    quote: q\n'],
    ['a bad date', 'version: 1\ndocument: plan.md\nannotations:\n  - id: a1\n    tag: x\n    quote: q\n    created: yesterday\n'],
    ['a bad status', 'version: 1\ndocument: plan.md\nannotations:\n  - id: a1\n    tag: x\n    quote: q\n    status: done\n'],
    ['no quote', 'version: 1\ndocument: plan.md\nannotations:\n  - id: a1\n    tag: x\n'],
    ['an empty quote', 'version: 1\ndocument: plan.md\nannotations:\n  - id: a1\n    tag: x\n    quote: ""\n'],
    ['merge markers', 'version: 1\ndocument: plan.md\nannotations:\n<<<<<<< ours\n  - id: a1\n    tag: x\n    quote: q\n'],
    ['CRLF', 'version: 1\r\ndocument: plan.md\r\nannotations:\r\n  - id: a1\r\n    tag: x\r\n    quote: q\r\n'],
    ['version 2', 'version: 2\ndocument: plan.md\nannotations:\n  - id: a1\n    tag: x\n    quote: q\n'],
    ['conflicts', 'version: 1\ndocument: plan.md\nannotations:\n  - id: a1\n    tag: x\n    quote: q\n    conflicts:\n      - field: note\n        theirs: t\n'],
    ['an indentation indicator', 'version: 1\ndocument: plan.md\nannotations:\n  - id: a1\n    tag: x\n    quote: q\n    note: |2\n       indented\n'],
    ['no newline at the end', 'version: 1\ndocument: plan.md\nannotations:\n  - id: a1\n    tag: x\n    quote: q'],
    ['a folded quoted line at column 0', 'version: 1\ndocument: plan.md\nannotations:\n  - id: a1\n    tag: x\n    quote: q\n    suffix: "one\ntwo"\n'],
    ['a folded quoted line indented no deeper than its key', 'version: 1\ndocument: plan.md\nannotations:\n  - id: a1\n    tag: x\n    quote: q\n    suffix: "one\n    two"\n'],
    ['a plain value with ": " (a mapping to yaml)', 'version: 1\ndocument: plan.md\nannotations:\n  - id: a1\n    tag: x\n    quote: care: boards\n'],
    ['a plain value ending with ":"', 'version: 1\ndocument: plan.md\nannotations:\n  - id: a1\n    tag: x\n    quote: care boards:\n'],
    ['a plain value with " #" (a comment to yaml)', 'version: 1\ndocument: plan.md\nannotations:\n  - id: a1\n    tag: x\n    quote: care # boards\n'],
    ['a plain value that yaml reads as a number', 'version: 1\ndocument: plan.md\nannotations:\n  - id: a1\n    tag: x\n    quote: 1e3\n'],
    ['a NUL byte', 'version: 1\ndocument: plan.md\nannotations:\n  - id: a1\n    tag: x\n    quote: q\u0000\n'],
  ];
  for (const [what, text] of LEFT_TO_YAML) {
    it(`leaves ${what} to the yaml library`, () => assert.strictEqual(quickReadSidecar(text), undefined));
  }

  it('reads a block note, a folded context and replies as the yaml library does', () => {
    const text = [
      'version: 1', 'document: plan.md', 'annotations:',
      '  - id: a1', '    tag: omission', '    note: |', '      First.', '', '      - one', '    quote: care boards',
      '    suffix: ".', '', '', '      Paragraph 4.13: commission deliver and more"', '    start: 12',
      '    replies:', '      - id: r1', '        author: bo', '        body: Agreed.', '',
    ].join('\n');
    const full = parseSidecar(text);
    assert.ok(full.ok);
    assert.deepStrictEqual(quickReadSidecar(text), full.sidecar);
  });
});
