/**
 * The merge driver's text fast path against the full (yaml library) path: on generated sidecars
 * (awkward strings, replies, conflicts, status, deletions, additions, the same id added on both
 * sides) both must give the same bytes; the line reader must read what the sidecar reader reads
 * whenever it accepts a file; hand-edited layouts must be left to the full path.
 */
import * as assert from 'node:assert';
import { mergeSidecarTexts } from '../../src/core/annotations/merge-driver';
import { parseSidecar, serializeSidecar } from '../../src/core/annotations/sidecar';
import { cutEntries, entryAt, entryStartByPattern, entryText, readEntry, readLayout } from '../../src/core/annotations/sidecar-text';
import type { Annotation } from '../../src/core/annotations/types';
import { rng } from '../../bench/prng';

const PIECES = ['plan', 'care', ' ', '  ', '\n', '\n\n', ': ', ' #', '#', '-', '- ', '?', ',', '[x]', '{y}', '&a', '*b', '!', '|', '>', "'", '"', '%', '@', '`', '\\',
  'é', '–', '’', '😀', '\t', 'true', '12', '0x1f', '1e3', 'null', '~', '.5', 'x:', '---', '...', ' \n', '\n ', '\u2028', '\r'];

function words(random: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(random() * PIECES.length)];
  return s;
}

/** A string that is sometimes ordinary (a paragraph and a list only for notes and replies), sometimes awkward. */
function text(random: () => number, awkward: number, note = false): string {
  if (random() >= awkward) {
    const ordinary = note ? ['care boards', 'General practice is absent.\n\n- one\n- two\n', 'Note.\n', 'ends here'] : ['care boards', 'the plan', 'funding x', 'of the ', '\n\nThe '];
    return ordinary[Math.floor(random() * ordinary.length)];
  }
  return words(random, 1 + Math.floor(random() * 5));
}

function annotation(random: () => number, id: string, awkward: number): Annotation {
  const a: Annotation = {
    id, tag: random() < 0.9 ? 'omission' : text(random, awkward) || 'x', note: random() < 0.1 ? '' : text(random, awkward, true),
    quote: text(random, awkward) || 'q', prefix: random() < 0.2 ? '' : text(random, awkward), suffix: text(random, awkward), start: Math.floor(random() * 500),
  };
  if (random() < 0.7) { a.author = random() < 0.8 ? 'ana' : text(random, awkward); a.created = '2026-01-01T10:00:00Z'; }
  if (random() < 0.3) a.updated = '2026-01-02T10:00:00Z';
  if (random() < 0.2) a.status = 'resolved';
  if (random() < 0.2) a.replies = [{ id: `r${id}`, author: 'bo', created: '2026-01-03T10:00:00Z', body: text(random, awkward, true) }];
  if (random() < 0.1) a.conflicts = [{ field: 'note', theirs: text(random, awkward, true) }];
  return a;
}

function edit(random: () => number, a: Annotation, side: string, awkward: number): Annotation | undefined {
  const roll = random();
  if (roll < 0.05) return undefined;
  if (roll < 0.15) return { ...a, note: `${side}: ${text(random, awkward, true)}`, updated: '2026-02-01T10:00:00Z' };
  if (roll < 0.2) return { ...a, tag: side === 'ours' ? 'funding' : 'question' };
  if (roll < 0.25) return { ...a, replies: [...(a.replies ?? []), { id: `${side}${a.id}`, author: side, created: '2026-02-02T10:00:00Z', body: text(random, awkward, true) }] };
  if (roll < 0.28) return { ...a, status: a.status ? undefined : 'resolved' };
  if (roll < 0.3) return { ...a, start: a.start + 3 };
  return a;
}

const write = (annotations: Annotation[], document = 'plan.md'): string => serializeSidecar({ version: 1, document, annotations });

/** A deterministic id for theirs when both sides added the same id for different passages. */
const newId = (taken: Set<string>) => { let i = 0; while (taken.has(`n${i}`)) i++; return `n${i}`; };

describe('merge driver: the text fast path gives what the yaml path gives', function () {
  this.timeout(120_000);

  it('the line reader reads what the sidecar reader reads, whenever it accepts a file (600 generated sidecars)', () => {
    const random = rng(7);
    let accepted = 0;
    for (let n = 0; n < 600; n++) {
      const annotations = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, i) => annotation(random, `a${n}x${i}`, 0.3));
      const sidecarText = write(annotations);
      const layout = readLayout(sidecarText);
      if (!layout) continue;
      accepted++;
      const parsed = parseSidecar(sidecarText);
      assert.ok(parsed.ok);
      assert.deepStrictEqual(layout.entries.map((e) => e.annotation), parsed.sidecar.annotations, sidecarText);
      // A new entry is written as the yaml writer writes it.
      for (const e of layout.entries) {
        const written = entryText(e.annotation);
        if (written !== undefined) assert.strictEqual(written, e.text, sidecarText);
      }
    }
    assert.ok(accepted > 150, `the reader accepts most generated files (${accepted} of 600)`);
  });

  it('merges generated histories to the same bytes as the yaml path (400 three-way merges)', () => {
    const random = rng(15);
    let fast = 0;
    for (let n = 0; n < 400; n++) {
      const awkward = n % 2 === 0 ? 0.05 : 0.4;
      const base = Array.from({ length: 2 + Math.floor(random() * 6) }, (_, i) => annotation(random, `a${i}`, awkward));
      const side = (name: string) => {
        const list = base.map((a) => edit(random, a, name, awkward)).filter((a): a is Annotation => a !== undefined);
        if (random() < 0.5) list.push(annotation(random, `${name}${n}`, awkward));
        if (random() < 0.1) list.push(annotation(random, 'same', awkward)); // the same new id on both sides
        return list;
      };
      const texts = [write(base), write(side('ours')), write(side('theirs'))];
      if (random() < 0.1) texts[0] = ''; // both branches added the file
      const full = mergeSidecarTexts(texts[0], texts[1], texts[2], { path: 'full', newId });
      const auto = mergeSidecarTexts(texts[0], texts[1], texts[2], { newId });
      if (auto.ok && auto.via === 'text') fast++;
      assert.deepStrictEqual({ ...auto, via: undefined }, { ...full, via: undefined }, `case ${n}:\n--- base\n${texts[0]}--- ours\n${texts[1]}--- theirs\n${texts[2]}`);
    }
    assert.ok(fast > 80, `the fast path took the merges in our layout (${fast} of 400; awkward strings go to the yaml path)`);
  });

  // What analysts write: quotes from policy text (colons, hashes, quotes, £, %, dashes), notes of
  // paragraphs and lists ending with one line break, none or a blank line (|, |-, |+), replies,
  // resolved threads and recorded conflicts, emoji anywhere. Every merge of these must take the fast path: a
  // fallback here is a reader bug that would otherwise only show as a slow merge.
  const QUOTES = ['Funding will be met from existing resources.', 'ICBs: see annex B', 'the "core" offer', 'item #3 of the plan', 'GP practices’ role – 2026/27',
    '£1.2bn (5%)', 'recovery plan, phase 2', 'Care Quality Commission (CQC)', 'costs: to be agreed', 'x: y # z', '10', '👍 agreed', 'waiting times 📉: "worse"'];
  const NOTES = ['Absent from the list.', 'Two paragraphs.\n\nThe second one.\n', 'A list:\n\n- one\n- two\n', 'Ends with a blank line.\n\n', 'Line one\nline two',
    'Quote: "funding" and ‘care’ – £5m, 3% #tag', '    indented code', '', 'Good point 👍', '🙂\n\n- 📌 pinned\n', 'Ends 🎯: "target"'];
  const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)];
  function ordinary(random: () => number, id: string): Annotation {
    return ordinaryAnnotation(random, id);
  }
  function ordinaryAnnotation(random: () => number, id: string): Annotation {
    const a: Annotation = { id, tag: pick(random, ['omission', 'funding', 'question']), note: pick(random, NOTES), quote: pick(random, QUOTES),
      prefix: random() < 0.2 ? '' : pick(random, QUOTES), suffix: pick(random, QUOTES), start: Math.floor(random() * 50_000), author: pick(random, ['ana', 'Bo Li']), created: '2026-01-01T10:00:00Z' };
    if (random() < 0.3) a.updated = '2026-01-02T10:00:00.000Z';
    if (random() < 0.2) a.status = 'resolved';
    if (random() < 0.3) a.replies = [{ id: `r${id}`, author: 'bo', created: '2026-01-03T10:00:00Z', body: pick(random, NOTES) || 'Agreed.' }];
    if (random() < 0.1) a.conflicts = [{ field: 'note', theirs: pick(random, NOTES) || 'x' }, { field: 'deleted', side: 'theirs' }];
    return a;
  }

  it('takes every merge of files in our own layout: no fallback to the yaml path (300 merges)', () => {
    const random = rng(99);
    const fellBack: string[] = [];
    for (let n = 0; n < 300; n++) {
      const base = Array.from({ length: 3 + Math.floor(random() * 8) }, (_, i) => ordinary(random, `a${i}`));
      const side = (name: string) => {
        const list = base.map((a) => {
          const roll = random();
          if (roll < 0.05) return undefined;
          if (roll < 0.2) return { ...a, note: pick(random, NOTES), updated: '2026-02-01T10:00:00Z' };
          if (roll < 0.3) return { ...a, replies: [...(a.replies ?? []), { id: `${name}${a.id}`, author: name, created: '2026-02-02T10:00:00Z', body: pick(random, NOTES) || 'Yes.' }] };
          if (roll < 0.35) return { ...a, status: a.status ? undefined : 'resolved' as const };
          if (roll < 0.4) return { ...a, start: a.start + 3 };
          return a;
        }).filter((a): a is Annotation => a !== undefined);
        if (random() < 0.5) list.push(ordinary(random, `${name}${n}`));
        return list;
      };
      const texts = [write(base), write(side('ours')), write(side('theirs'))];
      for (const [i, t] of texts.entries()) if (!readLayout(t)) fellBack.push(`case ${n}: the line reader refuses ${['base', 'ours', 'theirs'][i]}:\n${t}`);
      const merged = mergeSidecarTexts(texts[0], texts[1], texts[2], { newId });
      if (!merged.ok || (merged.via !== 'text' && texts[1] !== texts[2] && texts[0] !== texts[1] && texts[0] !== texts[2])) fellBack.push(`case ${n}: the merge went by ${merged.ok ? merged.via : 'failure'}`);
    }
    assert.deepStrictEqual(fellBack.slice(0, 3), [], `${fellBack.length} fallbacks`);
  });

  // The merge checks most entries with one regular expression instead of the line reader: it
  // must accept only entries the line reader accepts, and give the same start hint. Checked on
  // generated entries (ordinary and awkward) and on those entries broken one character or line
  // at a time (near misses are where a too-lenient pattern would show).
  it('the entry pattern accepts only what the line reader accepts (generated entries and near misses)', () => {
    const random = rng(31);
    let matched = 0;
    let ordinaryEntries = 0;
    let ordinaryMatched = 0;
    let nearMisses = 0;
    const MUTATIONS: ((t: string, at: number) => string)[] = [
      (t, at) => t.slice(0, at) + t.slice(at + 1), // a character deleted
      (t, at) => `${t.slice(0, at)} ${t.slice(at)}`, // a space inserted
      (t, at) => `${t.slice(0, at)}\t${t.slice(at)}`,
      (t, at) => `${t.slice(0, at)}\n${t.slice(at)}`,
      (t, at) => `${t.slice(0, at)}#${t.slice(at)}`,
      (t, at) => `${t.slice(0, at)}: ${t.slice(at)}`,
      (t, at) => `${t.slice(0, at)}"${t.slice(at)}`,
      (t, at) => `${t.slice(0, at)}\\${t.slice(at)}`,
      (t, at) => `${t.slice(0, at)}\u0085${t.slice(at)}`,
      (t, at) => `${t.slice(0, at)}\ud83d${t.slice(at)}`, // half an emoji
      (t) => t.replace(/\n(\s*[a-z]+: [^\n]*\n)(\s*[a-z]+: [^\n]*\n)/, '\n$2$1'), // two lines swapped
      (t) => t.replace(/(      - id: )([^\n]*)\n([\s\S]*      - id: )[^\n]*/, '$1$2\n$3$2'), // a reply id twice
      (t) => t.replace(/start: \d+/, 'start: 007'),
      (t) => t.replace(/\n$/, '\n\n'),
    ];
    const check = (sidecarText: string, ordinary: boolean) => {
      const cuts = cutEntries(sidecarText);
      if (!cuts) return;
      for (let i = 0; i < cuts.ids.length; i++) {
        const start = entryStartByPattern(cuts, i);
        if (ordinary) { ordinaryEntries++; if (start >= 0) ordinaryMatched++; }
        if (start < 0) continue;
        matched++;
        const read = readEntry(entryAt(cuts, i), false);
        assert.ok(read, `the pattern accepts an entry the line reader refuses:\n${entryAt(cuts, i)}`);
        assert.strictEqual(read.annotation.id, cuts.ids[i]);
        assert.strictEqual(read.annotation.start, start, entryAt(cuts, i));
      }
    };
    for (let n = 0; n < 500; n++) {
      const ordinary = n % 2 === 0;
      const annotations = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, i) => (ordinary ? ordinaryAnnotation(random, `a${n}x${i}`) : annotation(random, `a${n}x${i}`, 0.3)));
      const sidecarText = write(annotations);
      check(sidecarText, ordinary);
      for (let m = 0; m < 6; m++) {
        const mutate = MUTATIONS[Math.floor(random() * MUTATIONS.length)];
        const header = sidecarText.indexOf('  - id: ');
        const at = header + 8 + Math.floor(random() * (sidecarText.length - header - 8));
        const broken = mutate(sidecarText, at);
        if (broken !== sidecarText) { nearMisses++; check(broken, false); }
      }
    }
    assert.ok(matched > 1000, `the pattern matched ${matched} entries`);
    assert.ok(nearMisses > 2000, `${nearMisses} near misses`);
    assert.ok(ordinaryMatched / ordinaryEntries > 0.9, `the pattern takes ordinary entries (${ordinaryMatched} of ${ordinaryEntries}): the rest cost the line reader's time`);
  });

  it('writes a value the yaml writer quotes (": ", " #", a leading indicator) as the yaml writer does', () => {
    const values = ['ours: the plan', 'item #3', '- point', '? why', '[x] done', '{y}', '&a', '*b', '!important', '|pipe', '>gt', "it's", '%5', '@ana', '`code`',
      'ends with:', 'x: y # z', ',comma', '#tag', 'a\\b: c', 'care – £5m: 3%', 'true: x', "say 'no': now", '-x', ':x', '1_000', '0o17', '.5', 'null', '~'];
    for (const value of values) {
      const a: Annotation = { id: 'a1', tag: 'omission', note: value, quote: value, prefix: value, suffix: value, start: 1 };
      const written = write([a]);
      const text = entryText(a);
      if (text !== undefined) assert.strictEqual(`version: 1\ndocument: plan.md\nannotations:\n${text}`, written, value);
    }
  });

  // Emoji are surrogate pairs in JavaScript strings: the yaml library writes and reads them as they
  // are, so the fast path takes them; half of one (a lone surrogate) the yaml writer escapes, so
  // that file is left to the yaml path.
  const EMOJI: [string, string, 'text' | 'yaml'][] = [
    ['an emoji in a plain note', 'Good point 👍', 'text'],
    ['emoji in a block note', '🙂 first\n\n- 📌 pinned\n', 'text'],
    ['an emoji first and last', '🎯 target 🎯', 'text'],
    ['an emoji in a quoted note', 'ours: 📉 "worse"', 'text'],
    ['an emoji in a double-quoted note', ' 👍 ', 'text'],
    ['half an emoji', 'broken \ud83d here', 'yaml'],
  ];
  for (const [name, note, via] of EMOJI) {
    it(`${name}: the ${via === 'text' ? 'fast' : 'yaml'} path, the yaml path's bytes`, () => {
      const a: Annotation = { id: 'a1', tag: 'omission', note: 'Base.', quote: 'the plan', prefix: '', suffix: '', start: 1 };
      const b: Annotation = { id: 'b2', tag: 'question', note: 'Theirs.', quote: 'care', prefix: '', suffix: '', start: 9 };
      const base = write([a]);
      const ours = write([{ ...a, note }]);
      const theirs = write([a, { ...b, note: `${note} (theirs)` }]);
      const auto = mergeSidecarTexts(base, ours, theirs, { newId });
      const full = mergeSidecarTexts(base, ours, theirs, { path: 'full', newId });
      assert.ok(auto.ok && full.ok);
      assert.strictEqual(auto.via, via);
      assert.strictEqual(auto.text, full.text);
      const back = parseSidecar(auto.text);
      assert.ok(back.ok);
      assert.deepStrictEqual(back.sidecar.annotations.map((x) => x.note), [note, `${note} (theirs)`]);
    });
  }

  // In each style the line reader reads: a whole emoji is read (and the yaml writer writes the
  // file back as it is); half of one is refused (the yaml writer would escape it). Files come
  // from UTF-8, where half an emoji cannot occur, but the reader must not depend on that.
  const STYLES: [string, (v: string) => string][] = [
    ['plain', (v) => `note: ${v} here`],
    ['double-quoted', (v) => `note: " ${v} here"`],
    ['single-quoted', (v) => `note: 'x: "${v}"'`],
    ['block', (v) => `note: |-\n      ${v} here\n\n      - ${v}`],
  ];
  for (const [style, line] of STYLES) {
    it(`reads a whole emoji in a ${style} value, refuses half of one`, () => {
      const file = (v: string) => `version: 1\ndocument: plan.md\nannotations:\n  - id: a1\n    tag: omission\n    ${line(v)}\n    quote: the plan\n    prefix: ""\n    suffix: ""\n    start: 1\n`;
      const whole = file('👍');
      const layout = readLayout(whole);
      assert.ok(layout, whole);
      const parsed = parseSidecar(whole);
      assert.ok(parsed.ok);
      assert.deepStrictEqual(layout.entries.map((e) => e.annotation), parsed.sidecar.annotations);
      assert.strictEqual(serializeSidecar(parsed.sidecar), whole);
      const cuts = cutEntries(whole);
      assert.ok(cuts && entryStartByPattern(cuts, 0) === 1, 'the entry pattern takes it too');
      for (const half of ['\ud83d', '\udc4d', '\udc4d\ud83d']) {
        const broken = file(half);
        assert.strictEqual(readLayout(broken), undefined, JSON.stringify(broken));
        const brokenCuts = cutEntries(broken);
        assert.ok(brokenCuts && entryStartByPattern(brokenCuts, 0) < 0);
      }
    });
  }

  it('refuses a file with the same id twice, and one whose list does not start with an entry', () => {
    const twice = `version: 1\ndocument: plan.md\nannotations:\n${['a1', 'a1'].map((id) => `  - id: ${id}\n    tag: omission\n    quote: the plan\n    start: 1\n`).join('')}`;
    assert.ok(parseSidecar(twice.replace(/a1(?![\s\S]*a1)/, 'b2')).ok, 'the same file with two ids is a sidecar');
    assert.ok(readLayout(twice.replace(/a1(?![\s\S]*a1)/, 'b2')) && cutEntries(twice.replace(/a1(?![\s\S]*a1)/, 'b2')), 'and both readers take it');
    assert.strictEqual(readLayout(twice), undefined);
    assert.strictEqual(cutEntries(twice), undefined);
    const noEntry = 'version: 1\ndocument: plan.md\nannotations:\n  # none yet\n';
    assert.strictEqual(readLayout(noEntry), undefined);
    assert.strictEqual(cutEntries(noEntry), undefined);
  });

  const A = write([{ id: 'a1', tag: 'omission', note: 'Ours.', quote: 'the plan', prefix: '', suffix: '', start: 1 }]);
  const B = write([{ id: 'a1', tag: 'omission', note: 'Base.', quote: 'the plan', prefix: '', suffix: '', start: 1 }]);
  const C = write([{ id: 'a1', tag: 'omission', note: 'Base.', quote: 'the plan', prefix: '', suffix: '', start: 1 }, { id: 'b2', tag: 'question', note: 'Theirs.', quote: 'care', prefix: '', suffix: '', start: 9 }]);
  const HAND_EDITED: [string, (t: string) => string][] = [
    ['a comment line', (t) => t.replace('  - id: a1\n', '  # reviewed\n  - id: a1\n')],
    ['a trailing comment', (t) => t.replace('tag: omission\n', 'tag: omission # why\n')],
    ['single quotes', (t) => t.replace('quote: the plan', "quote: 'the plan'")],
    ['flow style', (t) => t.replace(/annotations:\n[\s\S]*$/, 'annotations: [{id: a1, tag: omission, note: Ours., quote: the plan, start: 1}]\n')],
    ['CRLF line ends', (t) => t.replace(/\n/g, '\r\n')],
    ['an unknown key', (t) => t.replace('    start: 1\n', '    start: 1\n    x-score: 3\n')],
    ['a blank line between entries', (t) => t.replace('  - id: a1\n', '\n  - id: a1\n')],
    ['keys in another order', (t) => t.replace('    tag: omission\n    note: Ours.\n', '    note: Ours.\n    tag: omission\n')],
    ['suppressions after the list', (t) => `${t}suppressions:\n  - rule: party.unmentioned\n`],
    ['a number for an id', (t) => t.replace('id: a1', 'id: 123')],
  ];
  for (const [name, change] of HAND_EDITED) {
    it(`leaves a hand-edited file to the yaml path: ${name}`, () => {
      const ours = change(A);
      const theirs = C;
      const auto = mergeSidecarTexts(B, ours, theirs, { newId });
      const full = mergeSidecarTexts(B, ours, theirs, { path: 'full', newId });
      if (auto.ok) assert.notStrictEqual(auto.via, 'text');
      assert.deepStrictEqual(auto, full);
    });
  }
});


