import * as assert from 'node:assert';
import { SpanBuffer, splitSentences, splitSentencesInto } from '../../src/core/text/sentences';
import { documentStats, LineIndex } from '../../src/core/engine';

function split(text: string): string[] {
  return splitSentences(text).map((s) => text.slice(s.start, s.end));
}

describe('sentence splitting', () => {
  const cases: { name: string; text: string; expected: string[] }[] = [
    { name: 'two plain sentences', text: 'One thing. Another thing.', expected: ['One thing.', 'Another thing.'] },
    { name: 'a wrapped line goes on', text: 'One long\nthing. Another\n thing.', expected: ['One long\nthing.', 'Another\n thing.'] },
    { name: 'the line after a heading starts a sentence', text: '# Title\nBody text\ngoes on.', expected: ['Title', 'Body text\ngoes on.'] },
    { name: 'the line after a table row starts a sentence', text: '| a | b |\nText here\nand here.', expected: ['| a | b |', 'Text here\nand here.'] },
    { name: 'a list item starts a sentence', text: 'Intro text\n- item one\n2. item two\na) item three', expected: ['Intro text', 'item one', 'item two', 'item three'] },
    { name: 'e.g. and i.e.', text: 'Partners (e.g. VCSE) agree, i.e. all of them. Next.', expected: ['Partners (e.g. VCSE) agree, i.e. all of them.', 'Next.'] },
    { name: 'titles and No.', text: 'Dr Fuller and Dr. Smith met No. 10 staff. Done.', expected: ['Dr Fuller and Dr. Smith met No. 10 staff.', 'Done.'] },
    { name: 'page references', text: 'See p.23 and p. 24 for detail. Then stop.', expected: ['See p.23 and p. 24 for detail.', 'Then stop.'] },
    { name: 'decimals and money', text: 'It costs £2.5bn. It also costs £1.2m.', expected: ['It costs £2.5bn.', 'It also costs £1.2m.'] },
    { name: 'a sentence that starts with a pound sign', text: 'Within existing resources.\n£150 million will follow. Done.', expected: ['Within existing resources.', '£150 million will follow.', 'Done.'] },
    { name: 'a no-break space before a lower-case word goes on', text: 'approx.\u00a0three more. Done.', expected: ['approx.\u00a0three more.', 'Done.'] },
    { name: 'etc. before a capital ends', text: 'Staff, rooms etc. The plan follows.', expected: ['Staff, rooms etc.', 'The plan follows.'] },
    { name: 'vs. and initials', text: 'Place vs. system as C. Fuller said. End.', expected: ['Place vs. system as C. Fuller said.', 'End.'] },
    { name: 'closing quotes', text: 'They said “it will be funded.” Nobody agreed.', expected: ['They said “it will be funded.”', 'Nobody agreed.'] },
    { name: 'question and exclamation', text: 'Is it funded? No! Fine.', expected: ['Is it funded?', 'No!', 'Fine.'] },
    { name: 'bullets are sentences', text: 'Aims:\n- better care\n- more staff\n* and money', expected: ['Aims:', 'better care', 'more staff', 'and money'] },
    { name: 'numbered lists', text: '1. First item\n2) Second item', expected: ['First item', 'Second item'] },
    { name: 'heading ends a sentence', text: '## Funding and resources\nThe plan sets out.', expected: ['Funding and resources', 'The plan sets out.'] },
    { name: 'line without punctuation before a blank line', text: 'A title line\n\nBody text here.', expected: ['A title line', 'Body text here.'] },
    { name: 'wrapped line continues', text: 'This sentence is\nwrapped over lines.', expected: ['This sentence is\nwrapped over lines.'] },
    { name: 'CRLF and lone CR', text: 'One.\r\nTwo\r\rThree.', expected: ['One.', 'Two', 'Three.'] },
    { name: 'table rows', text: '| a | b |\n|---|---|\n| c | d |\nAfter.', expected: ['| a | b |', '| c | d |', 'After.'] },
    { name: 'blockquote', text: '> Quoted text\n> continues here. Next one.', expected: ['Quoted text\n> continues here.', 'Next one.'] },
    { name: 'blanks at the end of a run of text are trimmed', text: 'Trailing blanks \t \nand more  \t\n\nNext  .  Then \u00a0', expected: ['Trailing blanks \t \nand more', 'Next  .', 'Then'] },
    { name: 'a run that is only blanks after content', text: 'Word,   \n\n(  )  \t', expected: ['Word,'] },
    { name: 'fenced code skipped', text: 'Before.\n```\ncode. here.\n```\nAfter.', expected: ['Before.', 'After.'] },
    { name: 'ellipsis', text: 'Wait… Then go.', expected: ['Wait…', 'Then go.'] },
    { name: 'horizontal rule', text: 'Above\n---\nBelow.', expected: ['Above', 'Below.'] },
    // The abbreviation test reads the word before the dot as a number (sentences.ts, wordKey).
    { name: 'an abbreviation in capitals', text: 'It met on 3 SEPT. Meeting notes follow. Done.', expected: ['It met on 3 SEPT. Meeting notes follow.', 'Done.'] },
    { name: 'every abbreviation of the list', text: 'E.g. Ie. Viz. Cf. Vs. V. Dr. Mr. Mrs. Ms. Prof. No. Nos. P. Pp. Para. Paras. Fig. Figs. Vol. St. Cllr. Ch. Sec. Sect. Ref. Refs. Ed. Eds. Al. Inc. Ltd. Co. Dept. Govt. Rt. Hon. Est. Approx. Jr. Sr. Mt. Op. Cit. Ibid. Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec. End. Next.', expected: ['E.g. Ie. Viz. Cf. Vs. V. Dr. Mr. Mrs. Ms. Prof. No. Nos. P. Pp. Para. Paras. Fig. Figs. Vol. St. Cllr. Ch. Sec. Sect. Ref. Refs. Ed. Eds. Al. Inc. Ltd. Co. Dept. Govt. Rt. Hon. Est. Approx. Jr. Sr. Mt. Op. Cit. Ibid. Jan. Feb. Mar. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec. End.', 'Next.'] },
    { name: 'words one letter off an abbreviation end', text: 'Drs. Seps. Vols. Ltds. Mrsa. Eg. Next.', expected: ['Drs.', 'Seps.', 'Vols.', 'Ltds.', 'Mrsa.', 'Eg. Next.'] },
    { name: 'inner dots of up to six characters', text: 'In the U.K. Plans follow. At 9 a.m. Staff met. Then a.b.c.d. Next. And .ab. Here.', expected: ['In the U.K. Plans follow.', 'At 9 a.m. Staff met.', 'Then a.b.c.d.', 'Next.', 'And .ab.', 'Here.'] },
    { name: 'eight letters and nine', text: 'Ibidibid. Approxima. Next.', expected: ['Ibidibid.', 'Approxima.', 'Next.'] },
  ];
  for (const c of cases) {
    it(c.name, () => assert.deepStrictEqual(split(c.text), c.expected));
  }

  it('offsets are UTF-16 after astral characters', () => {
    const text = 'Emoji 😀 here. Next.';
    assert.deepStrictEqual(split(text), ['Emoji 😀 here.', 'Next.']);
  });

  it('is linear on a long single paragraph', () => {
    const text = 'The ICB will work with partners at place. '.repeat(50000);
    const t0 = Date.now();
    assert.strictEqual(splitSentences(text).length, 50000);
    assert.ok(Date.now() - t0 < 2000);
  });

  it('bytes without the 0 after the text are read as far as the text goes', () => {
    const bytes = new TextEncoder().encode('One thing. Another thing');
    const out = new SpanBuffer();
    splitSentencesInto(bytes, bytes.length, out);
    assert.deepStrictEqual([...out.starts.subarray(0, out.length)], [0, 11]);
    assert.deepStrictEqual([...out.ends.subarray(0, out.length)], [10, 24]);
    const longer = new TextEncoder().encode('One thing. Another thing. And more');
    splitSentencesInto(longer, 24, out);
    assert.deepStrictEqual([...out.ends.subarray(0, out.length)], [10, 24]);
  });

  it('bytes with the 0 after the text but no room after it are read as far as the text goes', () => {
    // The content scan reads four bytes a step: it must never run past the end of the array.
    const text = 'Ab cdefg hij. Klmn opq rstu vw';
    for (let n = 1; n <= text.length; n++) {
      const part = text.slice(0, n);
      const encoded = new TextEncoder().encode(part);
      for (const room of [1, 2, 3, 4]) {
        const bytes = new Uint8Array(encoded.length + room);
        bytes.set(encoded);
        const out = new SpanBuffer();
        splitSentencesInto(bytes, encoded.length, out);
        const spans = [...out.starts.subarray(0, out.length)].map((s, k) => part.slice(s, out.ends[k]));
        assert.deepStrictEqual(spans, split(part), `${JSON.stringify(part)} with ${room} byte(s) after it`);
      }
    }
  });

  it('documentStats counts words and sentences', () => {
    assert.deepStrictEqual(documentStats("It's one. Two words."), { words: 4, sentences: 2 });
  });
});

describe('LineIndex', () => {
  const cases: { text: string; offset: number; line: number; character: number }[] = [
    { text: 'ab\ncd', offset: 3, line: 1, character: 0 },
    { text: 'ab\r\ncd', offset: 4, line: 1, character: 0 },
    { text: 'ab\rcd', offset: 4, line: 1, character: 1 },
    { text: 'ab', offset: 99, line: 0, character: 2 },
    { text: '', offset: 0, line: 0, character: 0 },
  ];
  for (const c of cases) {
    it(`positionAt ${JSON.stringify(c.text)} @${c.offset}`, () => {
      const index = new LineIndex(c.text);
      assert.deepStrictEqual(index.positionAt(c.offset), { line: c.line, character: c.character });
    });
  }
  it('offsetAt round-trips', () => {
    const text = 'one\r\ntwo\rthree\nfour';
    const index = new LineIndex(text);
    for (let o = 0; o <= text.length; o++) {
      const p = index.positionAt(o);
      if (text[o - 1] === '\r' && text[o] === '\n') continue; // inside a CRLF
      assert.strictEqual(index.offsetAt(p.line, p.character), o);
    }
  });
});
