import * as assert from 'node:assert';
import { SpanBuffer, splitSentencesAround, splitSentencesInto } from '../../src/core/text/sentences';
import { Span } from '../../src/core/types';
import { SPAN_READINGS } from '../../src/core/analysis/funding';
import { TokenBuffer, tokenize } from '../../src/core/text/tokenizer';
import { Vocabulary } from '../../src/core/text/vocabulary';

/**
 * splitSentencesAround (sentences.ts) splits only the paragraphs the funding rules read. What the
 * rules need of it, checked against the whole split: its sentences are sentences of the whole
 * split; every sentence holding a span start is there; and such a sentence's next sentence "in the
 * same paragraph" (funding.ts's own paragraphBreak) is the same in both. (Near spans
 * are split in one run, and dense ones whole: near 0 and dense 0 show the paragraphs alone.)
 */
function spansOf(buf: SpanBuffer): Span[] {
  const out: Span[] = [];
  for (let k = 0; k < buf.length; k++) out.push({ start: buf.starts[k], end: buf.ends[k] });
  return out;
}

function split(text: string, around: Span[], near = 0, dense = 0): { whole: Span[]; part: Span[] } {
  const bytes = new Uint8Array(text.length * 3 + 4);
  const nb = new TextEncoder().encodeInto(text, bytes).written;
  const buf = new SpanBuffer();
  splitSentencesInto(bytes, nb, buf);
  const whole = spansOf(buf);
  splitSentencesAround(text, bytes, nb, around, buf, undefined, near, dense);
  const part = spansOf(buf);
  // The same with the tokenizer's byte shifts (as the engine passes them): the same sentences.
  const tokens = new TokenBuffer();
  tokenize(text, VOCABULARY, tokens);
  splitSentencesAround(text, bytes, nb, around, buf, tokens.shifts, near, dense);
  assert.deepStrictEqual(spansOf(buf), part, 'with the tokenizer\'s byte shifts');
  return { whole, part };
}

/** Any vocabulary: the byte shifts do not depend on which words are known. */
const VOCABULARY = (() => {
  const vocab = new Vocabulary();
  for (const w of ['fund', 'funded', 'it', 'the', 'plan', 'will', 'be', 'now', 'then', 'next', 'last', 'café', 'quoted', 'a', 'b', 'c', 'd', 'who', 'three']) vocab.add(w);
  vocab.seal();
  return vocab;
})();

const { paragraphBreak } = SPAN_READINGS;

function sameParagraphNext(text: string, list: Span[], k: number): Span | undefined {
  const next = list[k + 1];
  return next !== undefined && !paragraphBreak(text, list[k].end, next.start) ? next : undefined;
}

function checkAround(text: string, around: Span[], near = 0, dense = 0): void {
  const { whole, part } = split(text, around, near, dense);
  const key = (s: Span): string => `${s.start}-${s.end}`;
  const index = new Map(whole.map((s, k) => [key(s), k]));
  let last = -1;
  for (const s of part) {
    const k = index.get(key(s));
    assert.ok(k !== undefined && k > last, `sentence ${key(s)} is not the next one of the whole split`);
    last = k;
  }
  const inPart = new Map(part.map((s, k) => [key(s), k]));
  let si = 0;
  for (const a of around) {
    // As funding.ts's markHits places a hit: the first sentence ending after its start.
    while (si < whole.length && whole[si].end <= a.start) si++;
    if (si >= whole.length || a.start < whole[si].start) continue;
    const k = inPart.get(key(whole[si]));
    assert.ok(k !== undefined, `sentence ${key(whole[si])} holding ${a.start} is missing`);
    assert.deepStrictEqual(sameParagraphNext(text, part, k), sameParagraphNext(text, whole, si), `next sentence after ${key(whole[si])}`);
  }
}

/** Spans at the start of every occurrence of `word`. */
function at(text: string, word: string): Span[] {
  const out: Span[] = [];
  for (let k = text.indexOf(word); k >= 0; k = text.indexOf(word, k + 1)) out.push({ start: k, end: k + word.length });
  return out;
}

describe('splitting only the paragraphs around spans', () => {
  const cases: { name: string; text: string; word: string; sentences: string[] }[] = [
    { name: 'one paragraph of three', text: 'First para. Here.\n\nFund it. Then this.\n\nLast one.', word: 'Fund', sentences: ['Fund it.', 'Then this.'] },
    { name: 'non-ASCII before the paragraph', text: 'Café £5 😀 “quoted”.\n\nFund it — now. Then.\n\nLast.', word: 'Fund', sentences: ['Fund it — now.', 'Then.'] },
    { name: 'CRLF blank lines', text: 'First.\r\n\r\nFund it.\r\nNext.\r\n\r\nLast.', word: 'Fund', sentences: ['Fund it.', 'Next.'] },
    // (funding.ts reads a line of "> " or a form feed as no paragraph break: the split goes on.)
    { name: 'blank lines of blanks, no-break spaces and quote markers', text: 'A.\n \t\u00a0\nFund it.\n> \nB.\n\u000c\nC.\n\nD.', word: 'Fund', sentences: ['Fund it.', 'B.', 'C.'] },
    { name: 'a rule line after the paragraph: its next sentence is read too', text: 'A.\n\nFund it.\n---\n\nNext one.\n\nLast.', word: 'Fund', sentences: ['Fund it.', 'Next one.'] },
    { name: 'a paragraph ending in a line of no words, then only more of them', text: 'Fund it.\n***\n\n---\n\n(  )\n', word: 'Fund', sentences: ['Fund it.'] },
    { name: 'headings, items and table rows inside the paragraph', text: 'Intro.\n\n# Fund heading\n- item one\n| a | b |\nFund text.\n\nAfter.', word: 'Fund', sentences: ['Fund heading', 'item one', '| a | b |', 'Fund text.'] },
    { name: 'fenced code: the whole text is split', text: 'Fund it.\n\n```\n\nCode. Here.\n```\n\nAfter.', word: 'Fund', sentences: ['Fund it.', 'After.'] },
    // (Paragraphs start after a \n only: a blank line after U+2028 is not one.)
    { name: 'line separators', text: 'A.\u2028\nFund it.\u2029Next.\n\nB.', word: 'Fund', sentences: ['A.', 'Fund it.', 'Next.'] },
    { name: 'spans in adjacent paragraphs and at the very start and end', text: 'Fund a.\n\nFund b.\n\nNone.\n\nFund c', word: 'Fund', sentences: ['Fund a.', 'Fund b.', 'Fund c'] },
    { name: 'no spans, no sentences', text: 'A.\n\nB.', word: 'Fund', sentences: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const around = at(c.text, c.word);
      const { part } = split(c.text, around);
      assert.deepStrictEqual(part.map((s) => c.text.slice(s.start, s.end)), c.sentences);
      checkAround(c.text, around);
    });
  }

  it('keeps what the funding rules read on random Markdown and PDF-like text', () => {
    const pieces = ['Fund', 'the plan', 'will be funded', 'e.g.', 'No. 5', '. ', '. ', '? ', ' ', '\n', '\n', '\n\n', '\n \n', '\n> \n', '\r\n', '\r\n\r\n', '\u2028', '\n---\n', '\n# ', '\n- ', '\n1. ', '\n| a | b |\n', '12\n', 'é', '£2m', '😀', '\u00a0', '“', '”', 'approx. three', 'Dr. Who', '\n```\n', '\u000c'];
    let seed = 12345;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let run = 0; run < 400; run++) {
      let text = '';
      const len = 20 + next(200);
      for (let p = 0; p < len; p++) {
        const piece = pieces[next(pieces.length)];
        // Fences in one run of four: the rest exercise the paragraph split.
        text += piece === '\n```\n' && run % 4 !== 0 ? ' ' : piece;
      }
      checkAround(text, at(text, 'Fund'));
      checkAround(text, at(text, 'Fund'), 40);
      checkAround(text, at(text, 'Fund'), 2048, 1024);
    }
  });
});
