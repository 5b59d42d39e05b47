/**
 * The fast paths of term matching (text/tokenizer.ts, text/vocabulary.ts, analysis/phrase-trie.ts):
 * the tokenizer's plain-ASCII loop must find exactly the words its general loop finds, the
 * vocabulary's plural fallback must undo the right hash step, and the flat trie must find every
 * phrase of the lexicon and the funding lists in every variant.
 */
import * as assert from 'node:assert';
import { hashStep, hashStep2, hashWord, hashWord2 } from '../../src/core/text/chars';
import { GAP_COMMA, GAP_HARD, GAP_SOFT, GAP_WORD, phraseWords, TokenBuffer, tokenize } from '../../src/core/text/tokenizer';
import { unhash, unhash2, Vocabulary, wordVariants } from '../../src/core/text/vocabulary';
import { compileTrie, PhraseTrie, TERM_BLOCK, TERM_CASE, TERM_CONTEXTUAL } from '../../src/core/analysis/phrase-trie';
import { LexiconMatcher } from '../../src/core/analysis/matcher';
import { FundingMatcher } from '../../src/core/analysis/funding';
import { EXISTING_RESOURCE_PHRASES, FUNDING_PHRASES, FUNDING_SOURCE_PHRASES, NOT_FUNDING_PHRASES } from '../../src/core/analysis/funding-phrases';
import { EngineLexiconEntry } from '../../src/core/lexicon/entry';
import { builtinLexicon, engineWith } from './helpers/engine';

/** A vocabulary of the builtin lexicon and the funding phrases, as the engine builds it. */
function engineVocabulary(): { vocab: Vocabulary; lexicon: LexiconMatcher; funding: FundingMatcher } {
  const vocab = new Vocabulary();
  const lexicon = new LexiconMatcher(vocab, builtinLexicon() as EngineLexiconEntry[]);
  const funding = new FundingMatcher(vocab, [], []);
  vocab.seal();
  return { vocab, lexicon, funding };
}

/** Every folded word of every lexicon and funding phrase, with its spelling and plural variants. */
function everyForm(): string[] {
  const phrases: string[] = [...FUNDING_PHRASES, ...EXISTING_RESOURCE_PHRASES, ...FUNDING_SOURCE_PHRASES, ...NOT_FUNDING_PHRASES];
  for (const e of builtinLexicon() as EngineLexiconEntry[]) phrases.push(e.label, ...e.aliases, ...(e.abbreviations ?? []), ...(e.exclude ?? []));
  const forms = new Set<string>();
  for (const p of phrases) for (const w of phraseWords(p).folded) for (const v of wordVariants(w)) forms.add(v);
  return [...forms];
}

function tokenIds(text: string, vocab: Vocabulary): number[] {
  const buf = new TokenBuffer();
  tokenize(text, vocab, buf);
  return Array.from(buf.word.subarray(0, buf.length));
}

describe('fast term matching', () => {
  it('a vocabulary finds nothing between add() and seal(), and everything after', () => {
    const vocab = new Vocabulary();
    const look = (w: string): number => vocab.lookupWord(hashWord(w), hashWord2(w), w.length, w.charCodeAt(w.length - 1));
    const icb = vocab.add('icb');
    const pcn = vocab.add('pcn');
    assert.deepStrictEqual([look('icb'), look('pcn')], [-1, -1], 'never sealed');
    vocab.seal();
    assert.deepStrictEqual([look('icb'), look('icbs'), look('pcn'), look('place')], [icb, icb, pcn, -1], 'sealed');
    const place = vocab.add('place');
    vocab.add('system');
    assert.deepStrictEqual([look('icb'), look('pcn'), look('place')], [-1, -1, -1], 'added to after sealing');
    vocab.seal();
    assert.deepStrictEqual([look('icb'), look('pcn'), look('place'), look('places')], [icb, pcn, place, place], 'sealed again');
  });

  describe('hash steps can be undone (the plural fallback)', () => {
    const cases = [
      { word: 'pcns', last: 115 },
      { word: 'authorities', last: 115 },
      { word: 'x', last: 120 },
      { word: 'integratedcareboards', last: 115 },
    ];
    for (const c of cases) {
      it(`"${c.word}" without its last letter`, () => {
        const prefix = c.word.slice(0, -1);
        assert.strictEqual(unhash(hashWord(c.word), c.last), hashWord(prefix));
        assert.strictEqual(unhash2(hashWord2(c.word), c.last), hashWord2(prefix));
      });
    }
    it('for any hash and any character', () => {
      for (let h = -(2 ** 31); h < 2 ** 31; h += 104729 * 997) {
        for (const c of [0, 39, 48, 97, 115, 122, 0xe9, 0x3b1]) {
          assert.strictEqual(unhash(hashStep(h | 0, c), c), h | 0);
          assert.strictEqual(unhash2(hashStep2(h | 0, c), c), h | 0);
        }
      }
    });
  });

  describe('the plain-ASCII word loop finds what the general loop finds', () => {
    const { vocab } = engineVocabulary();
    const forms = everyForm();

    it(`every lexicon and funding word form (${forms.length}) is a token, in every case, plural and possessive`, () => {
      for (const form of forms) {
        const id = vocab.idOf(form);
        assert.ok(id >= 0, `"${form}" is not in the vocabulary`);
        // The general loop: a soft hyphen inside the word (left out of it) or a possessive.
        const shy = form.length > 1 ? form[0] + '\u00ad' + form.slice(1) : form;
        const upper = form.toUpperCase();
        const capital = form[0].toUpperCase() + form.slice(1);
        const text = `${form} ${upper} ${capital} ${shy} ${form}'s ${form}\u2019s`;
        assert.deepStrictEqual(tokenIds(text, vocab), [id, id, id, id, id, id], text);
        // A plural "s" finds the singular (or the plural form itself when the vocabulary has it).
        const plural = vocab.idOf(form + 's') >= 0 ? vocab.idOf(form + 's') : form.length >= 2 ? id : -1;
        const pluralShy = shy + 's';
        const expected = plural >= 0 ? [plural, plural, plural] : [];
        assert.deepStrictEqual(tokenIds(`${form}s ${upper}S ${pluralShy}`, vocab), expected, `${form}s`);
      }
    });

    const unknown = [
      { text: 'quick brown fox jumps', why: 'ordinary words' },
      { text: 'pcnx xicb icbb zzs', why: 'near misses' },
      { text: 'caf\u00e9 na\u00efve', why: 'accented words (general loop)' },
      { text: '12345 2024 0', why: 'numbers' },
    ];
    for (const c of unknown) {
      it(`words the lexicon never uses are no tokens: ${c.why}`, () => {
        for (const w of c.text.split(' ')) assert.strictEqual(vocab.idOf(w.toLowerCase()), -1, `"${w}" is in the vocabulary`);
        assert.deepStrictEqual(tokenIds(c.text, vocab), []);
      });
    }

    it('the same tokens when every word is forced through the general loop', () => {
      const text = "The ICBs' plans: Integrated Care Boards (ICBs), PCNs and GP federations work with place-based partners, e.g. the VCSE.";
      const forced = text.replace(/\b([A-Za-z])([A-Za-z])/g, '$1\u00ad$2');
      assert.notStrictEqual(forced, text);
      assert.deepStrictEqual(tokenIds(forced, vocab), tokenIds(text, vocab));
      assert.ok(tokenIds(text, vocab).length > 10);
    });

    it('a word at the very end of the text, and one before an apostrophe or a non-ASCII letter', () => {
      const icb = vocab.idOf('icb');
      assert.deepStrictEqual(tokenIds('ICB', vocab), [icb]);
      assert.deepStrictEqual(tokenIds('zq ICB', vocab), [icb]);
      assert.deepStrictEqual(tokenIds("ICB'", vocab), [icb]);
      assert.deepStrictEqual(tokenIds('ICB\u00e9', vocab), []);
      assert.deepStrictEqual(tokenIds('ICB\u2014ICB', vocab), [icb, icb]);
    });
  });

  describe('the gaps the scan loop sets itself are the ones nonWord() would set', () => {
    const { vocab } = engineVocabulary();
    /** [token text, gap before it] of each token. */
    const tokens = (text: string): [string, number][] => {
      const buf = new TokenBuffer();
      tokenize(text, vocab, buf);
      const out: [string, number][] = [];
      for (let k = 0; k < buf.length; k++) out.push([text.slice(buf.start[k], buf.end[k]), buf.gap[k]]);
      return out;
    };
    const cases: { text: string; gap: number }[] = [
      { text: 'ICB place', gap: GAP_SOFT },
      { text: 'ICB-place', gap: GAP_SOFT },
      { text: 'ICB*place', gap: GAP_SOFT },
      { text: 'ICB \u00ad place', gap: GAP_SOFT },
      { text: 'ICB\u2010place', gap: GAP_SOFT },
      { text: 'ICB, place', gap: GAP_COMMA },
      { text: 'ICB. place', gap: GAP_HARD },
      { text: 'ICB; place', gap: GAP_HARD },
      { text: 'ICB / place', gap: GAP_HARD },
      { text: 'ICB | place', gap: GAP_HARD },
      { text: 'ICB) place', gap: GAP_HARD },
      { text: 'ICB ( place', gap: GAP_HARD },
      { text: "ICB ' place", gap: GAP_HARD },
      { text: 'ICB \u2014 place', gap: GAP_HARD },
      { text: 'ICB, - place', gap: GAP_COMMA },
      { text: 'ICB. - , place', gap: GAP_HARD },
      { text: 'ICB zq. place', gap: GAP_WORD },
      { text: 'ICB. zq place', gap: GAP_WORD },
      // Line starts: run() reads a line that starts with its text itself, startLine() any other.
      { text: 'ICB\nplace', gap: GAP_SOFT },
      { text: 'ICB\r\nplace', gap: GAP_SOFT },
      { text: 'ICB\n place', gap: GAP_SOFT },
      { text: 'ICB\n\tplace', gap: GAP_SOFT },
      { text: 'ICB\n>place', gap: GAP_SOFT },
      { text: 'ICB\n*place', gap: GAP_SOFT },
      { text: 'ICB\n(place', gap: GAP_HARD },
      { text: 'ICB\n\nplace', gap: GAP_HARD },
      { text: 'ICB\n \nplace', gap: GAP_HARD },
      { text: 'ICB\n#place', gap: GAP_HARD },
      { text: 'ICB\n|place', gap: GAP_HARD },
      { text: 'ICB\n- place', gap: GAP_HARD },
      { text: 'ICB\n\u2022place', gap: GAP_HARD },
      { text: 'ICB\n---\nplace', gap: GAP_HARD },
      { text: '# ICB\nplace', gap: GAP_HARD },
      { text: '| ICB\nplace', gap: GAP_HARD },
      { text: '# ICB\n\nplace', gap: GAP_HARD },
      { text: 'ICB\n# x\nzq\nplace', gap: GAP_WORD },
    ];
    for (const c of cases) {
      it(JSON.stringify(c.text), () => assert.deepStrictEqual(tokens(c.text), [['ICB', GAP_HARD], ['place', c.gap]]));
    }

    it('tokens past the buffer\'s growth, pushed by the loop, by "&" and by the general loop', () => {
      // 4 tokens a repeat, 3,000 repeats: the buffer (1,024 to start with) grows in each of the three paths.
      const unit = "ICB & ICB's place. ";
      const text = unit.repeat(3000);
      const got = tokens(text);
      assert.strictEqual(got.length, 12000);
      const one = tokens(unit);
      for (let r = 0; r < 3000; r++) {
        for (let k = 0; k < 4; k++) assert.deepStrictEqual(got[r * 4 + k], [one[k][0], r === 0 || k > 0 ? one[k][1] : GAP_HARD], `repeat ${r}, token ${k}`);
      }
      const buf = new TokenBuffer();
      tokenize(text, vocab, buf);
      assert.strictEqual(buf.start[11999], unit.length * 2999 + unit.indexOf('place'));
    });
  });

  describe('compileTrie: the flat trie has the nodes, children and terminals of the trie', () => {
    it('walks to the same terminals, in order, with their flags', () => {
      const vocab = new Vocabulary();
      const trie = new PhraseTrie(vocab);
      trie.add('integrated care board', { target: 0 });
      trie.add('integrated care', { target: 1, contextual: true });
      trie.add('ICB', { target: 0, caseSensitive: true });
      trie.add('place', { target: 2, contextual: true });
      trie.add('take place', { target: 2, block: true });
      trie.add('voluntary, community sector', { target: 3 });
      vocab.seal();
      const flat = compileTrie(trie);
      const walk = (phrase: string): number => {
        let node = -1;
        for (const w of phraseWords(phrase).folded) {
          const id = vocab.idOf(w);
          if (node < 0) { node = flat.root[id]; continue; }
          let q = flat.kidStart[node];
          while (q < flat.kidStart[node + 1] && flat.kidWord[q] !== id) q++;
          assert.ok(q < flat.kidStart[node + 1], `no child for "${w}" in "${phrase}"`);
          node = flat.kidNode[q];
        }
        return node;
      };
      const termsAt = (phrase: string): string[] => {
        const node = walk(phrase);
        const out: string[] = [];
        for (let i = flat.termStart[node]; i < flat.termStart[node + 1]; i++) {
          assert.strictEqual(flat.terms[i].target, flat.termTarget[i]);
          const f = flat.termFlags[i];
          out.push(`${flat.termTarget[i]}${f & TERM_BLOCK ? ' block' : ''}${f & TERM_CASE ? ' case' : ''}${f & TERM_CONTEXTUAL ? ' context' : ''} ${flat.termCommaMask[i]}`);
        }
        return out;
      };
      assert.deepStrictEqual(termsAt('integrated care board'), ['0 0']);
      assert.deepStrictEqual(termsAt('integrated care'), ['1 0']); // contextual only for one word
      assert.deepStrictEqual(termsAt('icb'), ['0 case 0']);
      assert.deepStrictEqual(termsAt('place'), ['2 context 0']);
      assert.deepStrictEqual(termsAt('take place'), ['2 block 0']);
      assert.deepStrictEqual(termsAt('voluntary community sector'), ['3 2']);
      assert.deepStrictEqual(termsAt('integrated'), []);
      assert.strictEqual(flat.root[vocab.idOf('care')], -1, 'care starts no phrase');
      assert.strictEqual(flat.root[vocab.idOf('board')], -1, 'board starts no phrase');
    });
  });

  describe('every lexicon phrase is found in every variant', () => {
    const engine = engineWith();
    const entries = builtinLexicon() as EngineLexiconEntry[];
    const { vocab } = engineVocabulary();
    /** A plural "s" reads as the singular unless the plural is a word of its own ("GPs with extended roles"). */
    const pluralIsSingular = (phrase: string): boolean => {
      const last = phraseWords(phrase).folded.pop() ?? '';
      return last.length >= 2 && !last.endsWith('s') && [-1, vocab.idOf(last)].includes(vocab.idOf(last + 's'));
    };
    const variants = (phrase: string, abbreviation: boolean): string[] => {
      const out = [phrase, phrase + "'s"];
      if (!abbreviation) out.push(phrase.toUpperCase(), phrase.toLowerCase());
      if (phrase.includes(' ')) out.push(phrase.replace(/ /g, '-'), phrase.replace(/ /g, '\n'), phrase.replace(/ /g, '\u00a0'));
      if (/[a-z]$/i.test(phrase) && pluralIsSingular(phrase)) out.push(phrase + 's');
      return out;
    };
    let checked = 0;
    for (const e of entries) {
      const plain = [e.label, ...e.aliases].filter((p) => !(e.context && !p.trim().includes(' ')));
      // "NHSE/I": a slash ends a phrase (as in the naive regex's word boundaries, it is two words).
      const abbreviations = (e.abbreviations ?? []).filter((p) => !p.includes('/'));
      const phrases = [...plain.map((p) => ({ p, abbr: false })), ...abbreviations.map((p) => ({ p, abbr: true }))];
      it(`${e.id}: ${phrases.length} phrases`, () => {
        for (const { p, abbr } of phrases) {
          for (const v of variants(p, abbr)) {
            const text = `Note: ${v}.`;
            const found = engine.mentions(text);
            const at = text.indexOf(v);
            const m = found.find((x) => x.start === at);
            assert.ok(m, `"${v}" (${e.id}) is not found in ${JSON.stringify(text)}: ${JSON.stringify(found)}`);
            const end = v.endsWith("'s") ? at + v.length - 2 : at + v.length;
            assert.strictEqual(m.end, end, `"${v}" (${e.id}) found as ${JSON.stringify(text.slice(m.start, m.end))}`);
            checked++;
          }
        }
      });
    }
    after(() => assert.ok(checked > 500, `only ${checked} variants checked`));
  });

  describe('every funding phrase is found', () => {
    const { funding, vocab } = engineVocabulary();
    const lists = { funding: FUNDING_PHRASES, existing: EXISTING_RESOURCE_PHRASES, source: FUNDING_SOURCE_PHRASES };
    for (const [name, list] of Object.entries(lists)) {
      it(`${name} phrases (${list.length})`, () => {
        for (const p of list) {
          const text = `Note: ${p}.`;
          const buf = new TokenBuffer();
          tokenize(text, vocab, buf);
          const hits = funding.find(text, buf);
          const blocked = NOT_FUNDING_PHRASES.some((n) => n.toLowerCase().includes(p.toLowerCase()) && n.length > p.length);
          if (blocked) continue;
          const at = text.indexOf(p);
          assert.ok(hits.some((h) => h.start === at && h.end === at + p.length), `"${p}" not found: ${JSON.stringify(hits)}`);
        }
      });
    }
  });
});
