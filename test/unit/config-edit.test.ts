import * as assert from 'assert';
import { parse } from 'yaml';
import { addCodebookTag, addLexiconAlias, addLexiconEntry, slugId, verifyConfigEdit } from '../../src/core/config-edit';

describe('config-edit: adding to the workspace lexicon', () => {
  const cases: { name: string; input: string; keep: string[] }[] = [
    { name: 'empty file', input: '', keep: [] },
    { name: 'comments and flow lists stay byte-for-byte', input: '# keep me\nexpectedParties: [vcse]  # trailing\n', keep: ['# keep me\nexpectedParties: [vcse]  # trailing\n'] },
    { name: 'existing block list with comments around it', input: '# top\nlexicon:\n  - id: a   # c1\n    label: A\n# between\nrules:\n  party.unmentioned: off\n', keep: ['# top\nlexicon:\n  - id: a   # c1\n    label: A\n', '# between\nrules:\n  party.unmentioned: off\n'] },
    { name: 'no final newline', input: 'expectedParties: [vcse]', keep: ['expectedParties: [vcse]\n'] },
    { name: 'CRLF file stays CRLF', input: '# c\r\nexpectedParties: [vcse]\r\n', keep: ['# c\r\nexpectedParties: [vcse]\r\n'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = addLexiconEntry(c.input, { label: 'ICP  board', kind: 'party' }, new Set());
      assert.ok(result.ok, !result.ok ? result.error : '');
      for (const piece of c.keep) assert.ok(result.text.includes(piece), `kept ${JSON.stringify(piece)} in ${JSON.stringify(result.text)}`);
      const added = (parse(result.text).lexicon as Record<string, unknown>[]).at(-1);
      assert.deepStrictEqual({ ...added, definition: undefined }, { id: 'icp-board', label: 'ICP board', kind: 'party', aliases: ['ICP board'], definition: undefined });
      if (c.input.includes('\r\n')) assert.ok(!/[^\r]\n/.test(result.text), 'no bare LF in a CRLF file');
    });
  }

  const refusals: { name: string; input: string; label: string; error: RegExp }[] = [
    { name: 'unparseable file is never rewritten', input: 'a: [', label: 'x', error: /does not parse \(line 1, column 5\)/ },
    { name: 'top level is a list', input: '- x\n', label: 'x', error: /mapping/ },
    { name: 'lexicon is not a list', input: 'lexicon: 3\n', label: 'x', error: /must be a list/ },
    { name: 'empty selection', input: '', label: '  ', error: /Select/ },
  ];
  for (const r of refusals) {
    it(`refuses: ${r.name}`, () => {
      const result = addLexiconEntry(r.input, { label: r.label, kind: 'term' }, new Set());
      assert.ok(!result.ok);
      assert.match(result.error, r.error);
    });
  }

  it('makes ids unique against existing ones', () => {
    const result = addLexiconEntry('', { label: 'Place', kind: 'term' }, new Set(['place', 'place-2']));
    assert.ok(result.ok && result.id === 'place-3');
  });

  for (const [label, id] of [['Integrated Care Partnership', 'integrated-care-partnership'], ['GP’s federation', 'gp-s-federation'], ['Café network', 'cafe-network'], ['!!!', 'entry']]) {
    it(`slugId(${JSON.stringify(label)}) = ${id}`, () => assert.strictEqual(slugId(label), id));
  }
});

describe('config-edit: aliases, codebook tags and the read-back check', () => {
  it('adds another name to a built-in entry as an override that keeps its other names', () => {
    const result = addLexiconAlias('# mine\nexpectedParties: [vcse]\n', 'vcse', 'VCFSE', ['voluntary sector', 'third sector']);
    assert.ok(result.ok, !result.ok ? result.error : '');
    assert.ok(result.text.startsWith('# mine\nexpectedParties: [vcse]\n'));
    assert.deepStrictEqual(parse(result.text).lexicon, [{ id: 'vcse', aliases: ['voluntary sector', 'third sector', 'VCFSE'] }]);
  });

  it('appends the name to an entry already in the file, keeping its comments', () => {
    const input = 'lexicon:\n  # ours\n  - id: vcse\n    aliases: [third sector]  # short list\n';
    const result = addLexiconAlias(input, 'vcse', 'VCFSE', ['third sector']);
    assert.ok(result.ok, !result.ok ? result.error : '');
    assert.match(result.text, /# ours/);
    assert.match(result.text, /# short list/);
    assert.deepStrictEqual(parse(result.text).lexicon[0].aliases, ['third sector', 'VCFSE']);
  });

  it('adds a codebook tag with its colour, keeping the file as it was', () => {
    const input = '# team codebook\ncodebook:\n  - id: omission   # keep\n    color: "#d33f49"\n';
    const result = addCodebookTag(input, { id: 'risk', label: 'risk', color: '#8c564b' });
    assert.ok(result.ok, !result.ok ? result.error : '');
    assert.ok(result.text.startsWith(input), result.text);
    assert.deepStrictEqual(parse(result.text).codebook[1], { id: 'risk', label: 'risk', color: '#8c564b' });
  });

  it('refuses an edit that would not read back, and says why', () => {
    const bad = addCodebookTag('', { id: 'risk', label: 'risk', color: 'red' });
    assert.ok(!bad.ok);
    assert.match(bad.error, /would not read back \(Codebook color must look like #rrggbb/);
    assert.match(verifyConfigEdit('', 'lexicon: [{ label: x }]\n', () => true) ?? '', /needs an `id`/);
    assert.strictEqual(verifyConfigEdit('', 'lexicon: [{ id: x }]\n', (c) => c.lexicon.some((e) => e.id === 'x')), undefined);
    assert.match(verifyConfigEdit('', 'rules: {}\n', (c) => c.lexicon.length > 0) ?? '', /with the change in it/);
  });
});
