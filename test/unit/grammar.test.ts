/** The TextMate injection grammar's patterns, checked as JavaScript regular expressions. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const grammar = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'syntaxes', 'policy-lens.injection.tmLanguage.json'), 'utf8'));
const matches = (rule: string, text: string) => text.match(new RegExp(grammar.repository[rule].match, 'g')) ?? [];

describe('injection grammar', () => {
  const table: [string, string, string[]][] = [
    ['money', 'invest £2.5bn, £300 million and £1.2m', ['£2.5bn', '£300 million', '£1.2m']],
    ['money', '£1,250 per practice and £40k', ['£1,250', '£40k']],
    ['money', 'no currency 2.5bn here, x£5', []],
    ['page-reference', 'as noted (p13) and (Case for change p23)', ['(p13)', '(Case for change p23)']],
    ['page-reference', '(p.23), (pp 4-5) and (page 12)', ['(p.23)', '(pp 4-5)', '(page 12)']],
    ['page-reference', '(see appendix) (p) (q13)', []],
    ['quoted-passage', 'described as “system partners” and "place"', ['“system partners”', '"place"']],
  ];
  for (const [rule, text, expected] of table) {
    it(`${rule}: ${text}`, () => assert.deepStrictEqual(matches(rule, text), expected));
  }
});
