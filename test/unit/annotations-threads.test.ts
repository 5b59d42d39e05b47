import * as assert from 'node:assert';
import { parseSidecar, serializeSidecar, SidecarHandle } from '../../src/core/annotations/sidecar';
import type { Annotation, Sidecar } from '../../src/core/annotations/types';
import { seeded } from './annotations-anchor.test';

const OLD_FILE = `version: 1
document: plan.md
annotations:
  - id: k3f9
    tag: omission
    note: General practice is missing.
    quote: integrated care boards
    prefix: "The plan says that "
    suffix: " will lead"
    start: 120
    author: ana
    created: 2026-01-02T10:00:00Z
    updated: 2026-01-02T10:00:00Z
    x-review: pending
`;

const THREAD_FILE = `version: 1
document: plan.md
annotations:
  - id: k3f9
    tag: omission
    note: General practice is missing.
    quote: integrated care boards
    start: 120
    status: resolved
    replies:
      # first reply
      - id: r1
        author: bo
        created: 2026-01-03T09:00:00Z
        body: |
          Agreed.

          - see 4.2
        x-reaction: thumbs-up
      - id: "0002"
        author: ana
        created: 2026-01-04T09:00:00Z
        body:
    conflicts:
      - field: note
        theirs: |
          Their note.
      - field: deleted
        side: theirs
`;

function ok(text: string): { sidecar: Sidecar; handle: SidecarHandle } {
  const r = parseSidecar(text);
  assert.ok(r.ok, JSON.stringify(r.ok ? [] : r.problems));
  return r;
}

function withAnnotation(s: Sidecar, id: string, change: (a: Annotation) => Annotation): Sidecar {
  return { ...s, annotations: s.annotations.map((a) => (a.id === id ? change(a) : a)) };
}

describe('sidecar threads: replies, status and conflicts', () => {
  it('a file without them still loads as before, unknown keys kept', () => {
    const { sidecar } = ok(OLD_FILE);
    const a = sidecar.annotations[0];
    assert.strictEqual(a.status, undefined);
    assert.strictEqual(a.replies, undefined);
    assert.strictEqual(a.conflicts, undefined);
    assert.deepStrictEqual(a.extra, { 'x-review': pending() });
  });

  it('reads replies (ids as written, empty body, unknown keys), status and conflict entries', () => {
    const { sidecar } = ok(THREAD_FILE);
    const a = sidecar.annotations[0];
    assert.strictEqual(a.status, 'resolved');
    assert.deepStrictEqual(a.replies, [
      { id: 'r1', author: 'bo', created: '2026-01-03T09:00:00Z', body: 'Agreed.\n\n- see 4.2\n', extra: { 'x-reaction': 'thumbs-up' } },
      { id: '0002', author: 'ana', created: '2026-01-04T09:00:00Z', body: '' },
    ]);
    assert.deepStrictEqual(a.conflicts, [{ field: 'note', theirs: 'Their note.\n' }, { field: 'deleted', side: 'theirs' }]);
  });

  const bad: { name: string; text: string; message: RegExp }[] = [
    { name: 'replies not a list', text: 'replies: yes', message: /'replies' must be a list/ },
    { name: 'reply without id', text: 'replies:\n      - body: hi', message: /reply is missing 'id'/ },
    { name: 'duplicate reply id', text: 'replies:\n      - id: r1\n      - id: r1', message: /duplicate reply id 'r1'/ },
    { name: 'reply body a list', text: 'replies:\n      - id: r1\n        body: [a]', message: /reply 'body' must be text/ },
    { name: 'conflict without field', text: 'conflicts:\n      - theirs: x', message: /needs a 'field'/ },
    { name: 'conflict side not a side', text: 'conflicts:\n      - field: deleted\n        side: both', message: /'side' must be ours or theirs/ },
  ];
  for (const c of bad) {
    it(`refuses ${c.name} with a line and a message`, () => {
      const r = parseSidecar(`version: 1\ndocument: plan.md\nannotations:\n  - id: a1\n    tag: t\n    quote: q\n    ${c.text}\n`);
      assert.ok(!r.ok);
      assert.match(r.problems.map((p) => p.message).join('\n'), c.message);
    });
  }

  it('an unknown status is kept, with a warning (the thread shows as open)', () => {
    const r = parseSidecar('version: 1\ndocument: plan.md\nannotations:\n  - id: a1\n    tag: t\n    quote: q\n    status: wontfix\n');
    assert.ok(r.ok);
    assert.strictEqual(r.sidecar.annotations[0].status, 'wontfix' as never);
    assert.match(r.problems[0].message, /should be open or resolved/);
    assert.strictEqual(serializeSidecar(r.sidecar, r.handle), r.handle.text);
  });

  it('a reply is added after the others; every other line, comment and unknown key stays as it was', () => {
    const { sidecar, handle } = ok(THREAD_FILE);
    const next = withAnnotation(sidecar, 'k3f9', (a) => ({ ...a, replies: [...a.replies!, { id: 'r3', author: 'cy', created: '2026-01-05T09:00:00Z', body: 'Two\n\nparagraphs.' }] }));
    const text = serializeSidecar(next, handle);
    const before = THREAD_FILE.split('\n');
    const after = text.split('\n');
    const conflictsAt = before.indexOf('    conflicts:');
    assert.deepStrictEqual(after.slice(0, conflictsAt), before.slice(0, conflictsAt));
    assert.deepStrictEqual(after.slice(conflictsAt, conflictsAt + 6), [
      '      - id: r3', '        author: cy', '        created: 2026-01-05T09:00:00Z', '        body: |-', '          Two', '',
    ]);
    assert.deepStrictEqual(ok(text).sidecar.annotations[0].replies![2].body, 'Two\n\nparagraphs.');
  });

  it('resolving adds one line; reopening removes only that line', () => {
    const { sidecar, handle } = ok(OLD_FILE);
    const resolved = serializeSidecar(withAnnotation(sidecar, 'k3f9', (a) => ({ ...a, status: 'resolved' })), handle);
    assert.deepStrictEqual(diffLines(OLD_FILE, resolved), ['+    status: resolved']);
    const r = ok(resolved);
    const reopened = serializeSidecar(withAnnotation(r.sidecar, 'k3f9', (a) => { const rest = { ...a }; delete rest.status; return rest; }), r.handle);
    assert.strictEqual(reopened, OLD_FILE);
  });

  it('removing the last conflict removes the list', () => {
    const { sidecar, handle } = ok(THREAD_FILE);
    const text = serializeSidecar(withAnnotation(sidecar, 'k3f9', (a) => { const rest = { ...a }; delete rest.conflicts; return rest; }), handle);
    assert.ok(!text.includes('conflicts:'));
    assert.ok(text.includes('# first reply'));
  });
});

describe('sidecar notes and replies survive byte for byte (seeded awkward strings)', function () {
  this.timeout(30_000);
  const PIECES = [
    'Para one.', '\n', '\n\n', '- item', '  - nested', '1. first', '\t', '  ', ' ', '#', '# heading', ': ', '- ', '|', '>', '"', "'", '\\', '...', '---',
    '\r\n', '\r', '\u2028', '\u2029', '\u0085', '\u00a0', '😀', 'é', 'e\u0301', '*emph*', '`code`', '[link](x)', '{a: b}', '&x', '*y', '!tag', '%', '@', '0012', 'true', 'null', '~', '=', '<<<<<<<',
  ];
  const random = seeded(15);
  const strings: string[] = ['', '\n', '\n\n\n', ' ', 'x\n', '\nx', 'a\n\nb\n- one\n- two\n\n'];
  for (let i = 0; i < 300; i++) {
    const n = 1 + Math.floor(random() * 10);
    strings.push(Array.from({ length: n }, () => PIECES[Math.floor(random() * PIECES.length)]).join(''));
  }
  it(`${strings.length} notes and reply bodies, written new and written as edits of the previous one`, () => {
    let handle: SidecarHandle | undefined;
    let sidecar: Sidecar | undefined;
    for (const s of strings) {
      // A lone "<<<<<<<" line reads as a merge marker: the store refuses such a write; skip it here.
      if (/^(<{7}|={7}|>{7}|\|{7})( |$)/m.test(s.replace(/[\r\u2028\u2029\u0085]/g, '\n'))) continue;
      const next: Sidecar = {
        version: 1, document: 'plan.md', annotations: [{
          id: 'a1', tag: 'omission', note: s, quote: 'q', prefix: '', suffix: '', start: 0,
          replies: [{ id: 'r1', body: s, author: 'ana' }],
        }],
      };
      for (const base of [undefined, handle]) {
        const text = serializeSidecar(next, base);
        const back = parseSidecar(text);
        assert.ok(back.ok, `${JSON.stringify(s)} did not read back: ${JSON.stringify(!back.ok && back.problems)}\n${text}`);
        assert.strictEqual(back.sidecar.annotations[0].note, s, JSON.stringify(s));
        assert.strictEqual(back.sidecar.annotations[0].replies![0].body, s, JSON.stringify(s));
        handle = back.handle;
        sidecar = back.sidecar;
      }
    }
    assert.ok(sidecar);
  });

  it('a note with line breaks is written as a block (readable in review), not a quoted line', () => {
    const text = serializeSidecar({ version: 1, document: 'plan.md', annotations: [{ id: 'a1', tag: 't', note: 'One.\n\nTwo:\n- a\n- b\n\n', quote: 'q', prefix: '', suffix: '', start: 0 }] });
    assert.match(text, /note: \|\+\n {6}One\.\n\n {6}Two:\n {6}- a\n {6}- b\n\n/);
  });
});

function pending(): string {
  return 'pending';
}

/** Lines only in `b` (+) or only in `a` (-), in order. */
function diffLines(a: string, b: string): string[] {
  const x = a.split('\n');
  const y = b.split('\n');
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (x[i] === y[j]) { i++; j++; continue; }
    if (j < y.length && x.indexOf(y[j], i) < 0) { out.push(`+${y[j++]}`); continue; }
    out.push(`-${x[i++]}`);
  }
  return out;
}

describe('sidecar threads: a write reads back whatever order the keys were built in', () => {
  it('a reply built as {id, author, created, body} and a conflict as {field, theirs} pass the store\'s read-back check', async () => {
    const { checkSerialized } = await import('../../src/core/annotations/sidecar');
    const next: Sidecar = {
      version: 1, document: 'plan.md', annotations: [{
        id: 'a1', tag: 't', note: 'n', quote: 'q', prefix: '', suffix: '', start: 0,
        replies: [{ id: 'r1', author: 'ana', created: '2026-01-01T00:00:00Z', body: 'Yes.\n' }],
        conflicts: [{ theirs: 'x', field: 'note' }],
      }],
    };
    const { sidecar, handle } = ok(OLD_FILE);
    assert.deepStrictEqual(checkSerialized(next, serializeSidecar(next, handle), sidecar), []);
  });
});
