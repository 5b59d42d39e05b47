/** Currency amounts and page references (core/text/amounts.ts), read from their candidate offsets. */
import * as assert from 'assert';
import { isWordIn, moneyAt, pageRefAt } from '../../src/core/text/amounts';

const spanText = (text: string, span: { start: number; end: number } | null): string | null => (span ? text.slice(span.start, span.end) : null);

describe('amounts: money at a currency sign', () => {
  const cases: [string, string | null][] = [
    ['£2.5bn a year', '£2.5bn'],
    ['£300 million', '£300 million'],
    ['£300 Million', '£300 Million'],
    ['£4 BILLION', '£4 BILLION'],
    ['£1.2m', '£1.2m'],
    ['£5mn', '£5mn'],
    ['£5 mn', '£5'], // (a short unit only when written on)
    ['£5 m', '£5'],
    ['£40k', '£40k'],
    ['£5 billions', '£5'],
    ['£5 trillion', '£5 trillion'],
    ['£5 meetings', '£5'],
    ['£ 12,000', '£ 12,000'],
    ['£x', null],
  ];
  for (const [text, expected] of cases) it(`${text} -> ${expected}`, () => assert.strictEqual(spanText(text, moneyAt(text, 0)), expected));
});

describe('amounts: page references at a bracket', () => {
  const cases: [string, string | null][] = [
    ['(p13) next', '(p13)'],
    ['(p.23)', '(p.23)'],
    ['(Page 4)', '(Page 4)'],
    ['(PARAGRAPHS 3-4)', '(PARAGRAPHS 3-4)'],
    ['(pages 2\u20133)', '(pages 2\u20133)'],
    ['(pg 2)', '(pg 2)'],
    ['(Case for change p23)', '(Case for change p23)'],
    ['(pa 3)', null],
    ['(paper 3)', null],
    ['(xp 3)', null],
    ['(p)', null],
    ['(p 3\n)', null],
  ];
  for (const [text, expected] of cases) it(`${JSON.stringify(text)} -> ${expected}`, () => assert.strictEqual(spanText(text, pageRefAt(text, 0)), expected));
});

describe('amounts: isWordIn', () => {
  const cases: [string, boolean][] = [['pp', true], ['PP', true], ['Pp', true], ['ppp', false], ['p', true], ['', false], ['pq', false]];
  for (const [word, expected] of cases) {
    it(`${JSON.stringify(word)} in [p, pp]: ${expected}`, () => assert.strictEqual(isWordIn(`(${word})`, 1, 1 + word.length, ['p', 'pp']), expected));
  }
});
