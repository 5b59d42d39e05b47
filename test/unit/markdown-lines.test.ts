import * as assert from 'node:assert';
import {
  classifyLine, lineKind, lineWords, LINE_BLANK, LINE_FENCE, LINE_HEADING, LINE_LIST, LINE_RULE, LINE_TABLE, LINE_TEXT, LineKind, skipFence,
} from '../../src/core/text/markdown-lines';
import { Utf8Scratch } from '../../src/core/text/utf8';
import { splitSentences } from '../../src/core/text/sentences';
import { readText } from '../../src/core/text/reading';
import { engineWith, mentionsOf } from './helpers/engine';

const KIND_NAMES: Record<LineKind, string> = {
  [LINE_TEXT]: 'text', [LINE_BLANK]: 'blank', [LINE_HEADING]: 'heading', [LINE_TABLE]: 'table', [LINE_LIST]: 'list', [LINE_FENCE]: 'fence', [LINE_RULE]: 'rule',
};

/** The kind of the first line of `text`, and its words from `text` (as a string). */
function classify(text: string): { kind: string; words: string } {
  const scratch = new Utf8Scratch();
  const nb = scratch.encode(text);
  const line = classifyLine(scratch.bytes, 0, nb);
  const words = new TextDecoder().decode(scratch.bytes.subarray(lineWords(scratch.bytes, line, nb), nb)).split('\n')[0];
  return { kind: KIND_NAMES[lineKind(line)], words };
}

describe('Markdown line classifier', () => {
  const cases: { line: string; kind: string; words?: string }[] = [
    { line: 'The plan sets out', kind: 'text' },
    { line: '', kind: 'blank' },
    { line: ' \t\u00a0\f', kind: 'blank' },
    { line: '\r\nnext', kind: 'blank' },
    { line: '\u2028next', kind: 'blank' },
    { line: '## Funding and resources', kind: 'heading', words: 'Funding and resources' },
    { line: '#hashtag', kind: 'heading', words: 'hashtag' },
    { line: '| a | b |', kind: 'table', words: '| a | b |' },
    { line: '```ts', kind: 'fence' },
    { line: '~~~', kind: 'fence' },
    { line: '``not a fence', kind: 'text' },
    { line: '- item', kind: 'list', words: 'item' },
    { line: '* item', kind: 'list', words: 'item' },
    { line: '+\u00a0item', kind: 'list', words: 'item' },
    { line: '-', kind: 'list', words: '' },
    { line: '-item', kind: 'text' },
    { line: '• glyph bullet', kind: 'list', words: 'glyph bullet' },
    { line: '•glyph without a space', kind: 'list', words: 'glyph without a space' },
    { line: '\uf0b7 Wingdings bullet', kind: 'list', words: 'Wingdings bullet' },
    { line: '– en dash bullet', kind: 'list', words: 'en dash bullet' },
    { line: '–2024 range', kind: 'text' },
    { line: '1. first', kind: 'list', words: 'first' },
    { line: '12) twelfth', kind: 'list', words: 'twelfth' },
    { line: 'a) lettered', kind: 'list', words: 'lettered' },
    { line: 'i. roman', kind: 'list', words: 'roman' },
    { line: 'i.e. a word', kind: 'text' },
    { line: 'and so on', kind: 'text' },
    { line: '---', kind: 'rule' },
    { line: '***', kind: 'rule' },
    { line: '___', kind: 'rule' },
    { line: '=====', kind: 'rule' },
    { line: '--', kind: 'text' },
    { line: '> quoted text', kind: 'text', words: 'quoted text' },
    { line: '> > ## quoted heading', kind: 'heading', words: 'quoted heading' },
    { line: '>', kind: 'blank' },
    { line: '   - indented item', kind: 'list', words: 'indented item' },
    { line: '£150 million', kind: 'text' },
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.line)} -> ${c.kind}`, () => {
      const got = classify(c.line);
      assert.strictEqual(got.kind, c.kind);
      if (c.words !== undefined) assert.strictEqual(got.words, c.words);
    });
  }

  // Where the tokenizer, the sentence splitter and the reading layer used to disagree: the rule
  // chosen, and what each of them now does with it.
  const decided: { line: string; kind: string; why: string }[] = [
    { line: '2024. The plan', kind: 'text', why: 'a hard-wrapped year is not item 2024 (the splitter said list and dropped "2024."; reading said text): one to three digits' },
    { line: '304)', kind: 'text', why: 'a lone number closing a bracket is a table value (reading said empty item): a blank must follow the marker' },
    { line: 'b. Supporting providers', kind: 'list', why: 'a lettered item (only the splitter knew them; reading joined it to the line before)' },
    { line: '– en dash', kind: 'list', why: 'PDF converters write bullets as en dashes (only the splitter knew)' },
    { line: '- - -', kind: 'rule', why: 'a thematic break wins over a list item, as in CommonMark (the splitter and reading said list)' },
    { line: '-\u00a0item', kind: 'list', why: 'a no-break space after a marker (the tokenizer wanted a space or a tab)' },
    { line: '> ## Quoted heading', kind: 'heading', why: 'quote markers are read past (reading said text)' },
  ];
  for (const c of decided) {
    it(`decided: ${JSON.stringify(c.line)} -> ${c.kind}: ${c.why}`, () => assert.strictEqual(classify(c.line).kind, c.kind));
  }

  it('skipFence ends at the line break of the closing fence of the same character', () => {
    const text = '```\n~~~\ncode\n  ```\nafter';
    const scratch = new Utf8Scratch();
    const nb = scratch.encode(text);
    assert.strictEqual(skipFence(scratch.bytes, 0, nb), text.indexOf('\nafter'));
    const open = '~~~\nnever closed';
    assert.strictEqual(skipFence(scratch.bytes, 0, scratch.encode(open)), open.length);
  });

  describe('the three readers agree', () => {
    const split = (text: string): string[] => splitSentences(text).map((s) => text.slice(s.start, s.end));
    const engine = engineWith();

    it('sentences: a line starting with a year goes on the sentence before', () => {
      assert.deepStrictEqual(split('Funding was agreed in\n2024. The plan follows.'), ['Funding was agreed in\n2024.', 'The plan follows.']);
    });
    it('sentences: a thematic break of spaced dashes ends a sentence without leaving a sentence of its own', () => {
      assert.deepStrictEqual(split('Above\n- - -\nBelow.'), ['Above', 'Below.']);
    });
    it('reading: a lettered item is not joined to the fragment before it', () => {
      const text = 'track trends over time\n\nb. Supporting providers';
      assert.strictEqual(readText(text).text, text);
    });
    it('reading: a quoted heading is not joined to the fragment after it', () => {
      const text = '> ## Funding\n\nthe plan';
      assert.strictEqual(readText(text).text, text);
    });
    it('reading: a wrapped fragment still joins the next one', () => {
      assert.strictEqual(readText('the plan for\n\nfunding').text, 'the plan for funding');
    });
    it('tokenizer: a thematic break or a no-break-space item breaks a phrase', () => {
      assert.deepStrictEqual(mentionsOf(engine, 'general\n***\npractice'), []);
      assert.deepStrictEqual(mentionsOf(engine, 'general\n-\u00a0practice'), []);
      assert.deepStrictEqual(mentionsOf(engine, 'general\npractice'), ['general-practice:general\npractice']);
    });
  });
});
