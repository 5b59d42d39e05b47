/**
 * The funding rules read a money statement from its span of the text, and build its one-line text
 * (white space collapsed) only for the patterns and the statement itself (analysis/funding.ts,
 * sentence-scan.ts). Each reading of the span must give what the same reading of the one-line text
 * gave before: here each is compared with its one-line form, written out as it was, on cases that
 * put white space, emphasis and quotes where they matter, and on every sentence of the fixtures,
 * the samples, the corpus and generated text.
 */
import * as assert from 'assert';
import { PREFILTERED_PATTERNS, SPAN_READINGS } from '../../src/core/analysis/funding';
import { scanSentence, scannedLine, scannedLineLastSpace, scannedLinePrefix } from '../../src/core/analysis/sentence-scan';
import { collapseSpaces } from '../../src/core/text/spaces';
import { engineWith } from './helpers/engine';
import { allDocuments, NamedText } from './helpers/documents';

const { notAStatement, countFigures, lastCodeIn, plainCue, plainCueOf, mayBeRiskOrLog, RISK_OR_LOG, openingOf } = SPAN_READINGS;

/* The one-line readings as they were (funding.ts before the span readings). */

function openingOfLine(s: string): string {
  if (s.length <= 64) return s;
  const cut = s.lastIndexOf(' ', 60);
  return s.slice(0, cut > 30 ? cut : 60) + '…';
}

function lastCodeOfLine(s: string): number {
  let i = s.length - 1;
  while (i >= 0) {
    const c = s.charCodeAt(i);
    if (c === 42 || c === 95 || c === 32 || c === 34 || c === 39 || c === 0x201d || c === 0x2019) i--;
    else return c;
  }
  return 0;
}

function countFiguresOfLine(s: string): number {
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) continue;
    const before = i > 0 ? s.charCodeAt(i - 1) : 32;
    let j = i + 1;
    while (j < s.length) {
      const d = s.charCodeAt(j);
      if ((d >= 48 && d <= 57) || ((d === 44 || d === 46) && j + 1 < s.length && s.charCodeAt(j + 1) >= 48 && s.charCodeAt(j + 1) <= 57)) j++;
      else break;
    }
    const wordBefore = (before >= 65 && before <= 90) || (before >= 97 && before <= 122);
    if (!wordBefore) count++;
    i = j;
  }
  return count;
}

/** The pattern itself (the test is about reading it from a span, not about what it holds). */
const NOT_A_CLAIM_OF_LINE = PREFILTERED_PATTERNS.find(([name]) => name === 'NOT_A_CLAIM')![1];

function notAStatementOfLine(s: string): boolean {
  const facts = scanSentence(s);
  if (s.charCodeAt(0) === 35) return true;
  if (s.startsWith('**') && /\*\*[.:]?$/.test(s) && s.indexOf('**', 2) >= s.length - 4) return true;
  const last = lastCodeOfLine(s);
  const closed = last === 46 || last === 33 || last === 63 || last === 59 || last === 58 || last === 41 || last === 0x2026;
  if (!closed && facts.letterRuns < 8) return true;
  if (NOT_A_CLAIM_OF_LINE.test(s)) return true;
  const figures = countFiguresOfLine(s);
  return figures >= 4 && figures * 2 >= facts.letterRuns;
}

/** Every reading of text[from, to) against its one-line form; the differences found. */
function differences(text: string, from: number, to: number): string[] {
  const line = collapseSpaces(text.slice(from, to));
  const out: string[] = [];
  const facts = scanSentence(text, from, to);
  const built = scannedLine(text, from, to);
  if (built !== line) out.push(`scannedLine ${JSON.stringify(built)} for ${JSON.stringify(line)}`);
  if (openingOf(text, from, to, line) !== openingOfLine(line)) out.push(`openingOf: ${JSON.stringify(line)}`);
  for (let at = 0; at < line.length; at += 7) {
    if (scannedLineLastSpace(text, from, to, at) !== line.lastIndexOf(' ', at)) out.push(`scannedLineLastSpace ${at}: ${JSON.stringify(line)}`);
    if (scannedLinePrefix(text, from, to, at) !== line.slice(0, at)) out.push(`scannedLinePrefix ${at}: ${JSON.stringify(line)}`);
  }
  if (notAStatement(text, from, to, facts, undefined) !== notAStatementOfLine(line)) out.push(`notAStatement: ${JSON.stringify(line)}`);
  if (lastCodeIn(text, from, to) !== lastCodeOfLine(line)) out.push(`lastCode: ${JSON.stringify(line)}`);
  if (countFigures(text, from, to) !== countFiguresOfLine(line)) out.push(`countFigures: ${JSON.stringify(line)}`);
  if (RISK_OR_LOG.test(line) && !mayBeRiskOrLog(text, from, to)) out.push(`mayBeRiskOrLog ruled out: ${JSON.stringify(line)}`);
  if (plainCueOf(text, from, to) !== plainCue(text.slice(from, to))) out.push(`plainCueOf: ${JSON.stringify(line)}`);
  return out;
}

describe('funding rules: a sentence read from its span reads as its one-line text', () => {
  // Each case is the span between « and »; white space, emphasis and quotes at the edges and inside.
  const cases: [string, string][] = [
    ['one line', 'x «We will invest £2m in services.» y'],
    ['a line break inside', '«We will invest in\nservices.»'],
    ['CRLF, tabs and runs of spaces', '«We  will\r\ninvest\tin   services.»'],
    ['no-break and other Unicode spaces', '«We\u00a0will\u2028invest\u3000in\u202fservices\ufeff.»'],
    ['white space at both ends', '« \n We will invest in services. \t»'],
    ['emphasis and a line break after the stop', '«We will invest in services.*\n*»'],
    ['quotes and a tab after the stop', '«We said "we will invest."\t\u201d»'],
    ['a question', '«Will we invest in services?\n**»'],
    ['a lone space at the end', '«Funding for services »'],
    ['an empty span', 'x«»y'],
    ['only white space', 'x« \n\t »y'],
    ['a heading', '«# Funding and investment»'],
    ['a bold heading', '«**Capital\ninvestment**»'],
    ['a bold heading with a stop', '«**Capital investment**.»'],
    ['bold that is not a heading', '«**Funding** will follow for all of the services we run.»'],
    ['a row of figures', '«Funding 1,234 (7,599)\n12.5% 4.0 2025»'],
    ['figures split by a line break', '«Funding 1,\n234 and 5.\n6 and 7 8 9.»'],
    ['figures after letters', '«Funding ABC123 x4 y5 z6 w7.»'],
    ['an accounting word across a line break', '«The carrying\namount of the funding is stated.»'],
    ['a URL', '«Funding: see https://example.org/x.»'],
    ['a risk, after marks', '«* - \u2022 If funding stops then this could fail.»'],
    ['a risk, after a line break', '«\n\nRisk 3: funding may stop.»'],
    ['an action log line', '«**Action:** X to provide information about funding»'],
    ['no risk: a lower-case start', '«_- investment if we could.»'],
    ['a cue with emphasis', '«efficiency** opportunities»'],
    ['a cue across a line break', '«existing\nresources»'],
    ['a cue with a run of spaces', '«existing  resources»'],
    ['a long sentence cut at a word', '«We will invest in\nservices for\tpeople who live in the neighbourhoods  of the city and its towns.»'],
    ['a long sentence with a run at the cut', '«We will invest in services for people who live in the neigh\n\nbourhoods of the city and its towns.»'],
    ['a long sentence without spaces', '«Investment:' + 'x'.repeat(80) + '.»'],
    ['a long sentence with runs at its start', '«\n\n  We will invest in services for people who live in the neighbourhoods of the city.»'],
  ];
  for (const [name, marked] of cases) {
    it(name, () => {
      const from = marked.indexOf('«');
      const to = marked.indexOf('»') - 1;
      const text = marked.replace('«', '').replace('»', '');
      assert.deepStrictEqual(differences(text, from, to), []);
    });
  }

  it('collapses what a line break, a tab or two spaces make of a sentence, and nothing else', () => {
    const text = 'Spend\n£1,234.5  on   IFRS16\u00a0(p12)\tnow';
    scanSentence(text, 0, text.length);
    assert.strictEqual(scannedLine(text, 0, text.length), 'Spend £1,234.5 on IFRS16 (p12) now');
    scanSentence(text, 0, 5);
    assert.strictEqual(scannedLine(text, 0, 5), 'Spend');
  });
});

function documents(): NamedText[] {
  return allDocuments({ kb: 200, seed: 5 });
}

describe('funding rules: every sentence of the documents we have reads the same from its span', () => {
  const engine = engineWith({ expectedParties: [] });
  for (const doc of documents()) {
    it(doc.name, () => {
      const found: string[] = [];
      for (const s of engine.sentences(doc.text)) {
        found.push(...differences(doc.text, s.start, s.end));
        // (And with the white space around it: spans are trimmed, the readings must not rely on it.)
        found.push(...differences(doc.text, Math.max(0, s.start - 2), Math.min(doc.text.length, s.end + 2)));
      }
      assert.deepStrictEqual(found.slice(0, 10), []);
    });
  }
});
