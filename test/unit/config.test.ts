import * as assert from 'node:assert';
import { defaultConfig, parseConfig } from '../../src/core/engine';

describe('parseConfig', () => {
  it('an empty file gives the defaults', () => {
    for (const text of ['', '   \n', '# just a comment\n', '\uFEFF']) {
      const { config, problems } = parseConfig(text);
      assert.deepStrictEqual(problems, []);
      assert.deepStrictEqual(config, defaultConfig());
    }
  });

  it('reads every setting', () => {
    const { config, problems } = parseConfig([
      'version: 1',
      'expectedParties: [general-practice, vcse]',
      'expectedTerms: [arrs, arrs, pcn]',
      'rules:',
      '  funding.unquantified: off',
      '  party.unmentioned: error',
      'fundingPhrases: [golden hello]',
      'existingResourcePhrases:',
      '  - use what we have',
      'lexicon:',
      '  - id: pcn',
      '    aliases: [network]',
      '  - id: widget',
      '    label: Widget',
      '    kind: [party, term]',
      'codebook:',
      '  - { id: gap, label: Gap, color: "#ff0000" }',
    ].join('\r\n'));
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(config.expectedParties, ['general-practice', 'vcse']);
    assert.deepStrictEqual(config.expectedTerms, ['arrs', 'pcn']);
    assert.deepStrictEqual(config.rules, { 'funding.unquantified': 'off', 'party.unmentioned': 'error' });
    assert.deepStrictEqual(config.fundingPhrases, ['golden hello']);
    assert.deepStrictEqual(config.existingResourcePhrases, ['use what we have']);
    assert.strictEqual(config.lexicon.length, 2);
    assert.deepStrictEqual(config.lexicon[1].kinds, ['party', 'term']);
    assert.deepStrictEqual(config.codebook, [{ id: 'gap', label: 'Gap', color: '#ff0000' }]);
  });

  const problemCases: { name: string; text: string; line: number; column: number; severity: 'error' | 'warning'; match: RegExp }[] = [
    { name: 'unknown key warns', text: 'version: 1\nexpectedPartys: [vcse]\n', line: 2, column: 1, severity: 'warning', match: /Unknown setting `expectedPartys`/ },
    { name: 'wrong type errors', text: 'expectedParties: 3\n', line: 1, column: 18, severity: 'error', match: /must be a list/ },
    { name: 'bad severity', text: 'rules:\n  party.unmentioned: loud\n', line: 2, column: 22, severity: 'error', match: /severity must be one of/ },
    { name: 'unknown rule', text: 'rules:\n  party.missing: off\n', line: 2, column: 3, severity: 'warning', match: /Unknown rule/ },
    { name: 'bad colour', text: 'codebook:\n  - id: a\n    color: red\n', line: 3, column: 12, severity: 'error', match: /#rrggbb/ },
    { name: 'syntax error', text: 'rules: [off\nversion: 1\n', line: 2, column: 1, severity: 'error', match: /.+/ },
    { name: 'not a mapping', text: '- a\n- b\n', line: 1, column: 1, severity: 'error', match: /must be a mapping/ },
    { name: 'lexicon entry without id', text: 'lexicon:\n  - label: x\n', line: 2, column: 5, severity: 'error', match: /needs an `id`/ },
    { name: 'BOM keeps columns right', text: '\uFEFFfoo: 1\n', line: 1, column: 2, severity: 'warning', match: /Unknown setting/ },
  ];
  for (const c of problemCases) {
    it(c.name, () => {
      const { problems } = parseConfig(c.text);
      assert.ok(problems.length >= 1, 'expected a problem');
      const p = problems[0];
      assert.match(p.message, c.match);
      assert.deepStrictEqual([p.line, p.column, p.severity], [c.line, c.column, c.severity]);
    });
  }

  it('the default expected parties are the short NHS set', () => {
    assert.deepStrictEqual(defaultConfig().expectedParties,
      ['general-practice', 'icb', 'local-authority', 'vcse', 'community-provider', 'patients-public']);
  });

  it('a wrong key falls back to its default and keeps the rest', () => {
    const { config } = parseConfig('expectedParties: nope: [\nfundingPhrases: [x]\n');
    assert.ok(Array.isArray(config.expectedParties));
    const second = parseConfig('expectedParties: {a: 1}\nfundingPhrases: [x]\n');
    assert.deepStrictEqual(second.config.expectedParties, defaultConfig().expectedParties);
    assert.deepStrictEqual(second.config.fundingPhrases, ['x']);
  });

  it('never throws on garbage, binary or alias bombs', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)}]`);
    const inputs = [bomb.join('\n'), '\u0000\u0001\u0002binary', ':::: - [ {', '{{{{{{{{', 'x: !!binary AAAA', 'rules: *nope', 'a: 1\na: 2'];
    for (const text of inputs) {
      const t0 = Date.now();
      const { config, problems } = parseConfig(text);
      assert.ok(config && Array.isArray(problems));
      assert.ok(Date.now() - t0 < 2000);
      for (const p of problems) assert.ok(p.line >= 1 && p.column >= 1, JSON.stringify(p));
    }
    assert.ok(parseConfig(bomb.join('\n')).problems.some((p) => p.severity === 'error'));
  });

  it('reads every item of a list longer than 200,000 (the old fixed reading cap) in a file under 1 MB', () => {
    const text = `fundingPhrases:\n${Array.from({ length: 220_000 }, (_, i) => `- ${String.fromCharCode(97 + (i % 26))}\n`).join('')}`;
    assert.ok(text.length < 1_000_000);
    const { config, problems } = parseConfig(text);
    assert.deepStrictEqual(problems, []);
    assert.strictEqual(config.fundingPhrases.length, 220_000);
  }).timeout(180_000); // the YAML library alone takes seconds on 840 KB under load

  it('refuses a file over 1 MB with one error at 1:1, without parsing it', () => {
    const { config, problems } = parseConfig(`expectedParties:\n${'- general practice\n'.repeat(60_000)}`);
    assert.deepStrictEqual(problems.map((p) => [p.line, p.column, p.severity]), [[1, 1, 'error']]);
    assert.match(problems[0].message, /^This file is 1\.1 MB; Policy Lens reads configuration and lexicon files up to 1 MB/);
    assert.deepStrictEqual(config, parseConfig('').config, 'the defaults');
  });
});
