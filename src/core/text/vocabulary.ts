/**
 * The words the lexicon and the phrase lists use, each with its spelling and
 * plural variants folded onto one id. The tokenizer looks every word of a document
 * up here with one hash probe, allocating nothing; words not in the vocabulary get -1.
 */
import { hashWord, hashWord2 } from './chars';

/** British -> American pairs; either spelling finds the other. Order matters (longest first). */
const SPELLING_PAIRS: ReadonlyArray<[string, string]> = [
  ['isation', 'ization'], ['ising', 'izing'], ['ised', 'ized'], ['ise', 'ize'], ['yse', 'yze'],
  ['ourhood', 'orhood'], ['behaviour', 'behavior'], ['colour', 'color'], ['labour', 'labor'], ['favour', 'favor'],
  ['centre', 'center'], ['programme', 'program'], ['paed', 'ped'], ['anaes', 'anes'], ['haem', 'hem'],
  ['oedema', 'edema'], ['licence', 'license'], ['defence', 'defense'], ['ageing', 'aging'],
  ['judgement', 'judgment'], ['fulfil', 'fulfill'], ['enrol', 'enroll'], ['catalogue', 'catalog'],
];

function applyPairs(word: string, toAmerican: boolean): string {
  let w = word;
  for (const [gb, us] of SPELLING_PAIRS) {
    const from = toAmerican ? gb : us;
    const to = toAmerican ? us : gb;
    if (w.includes(from)) w = w.split(from).join(to);
  }
  return w;
}

const VOWELS = 'aeiou';

/** Every surface form a lexicon word may take: spellings, singular and plural. */
export function wordVariants(word: string): string[] {
  const out = new Set<string>();
  for (const base of [word, applyPairs(word, true), applyPairs(word, false)]) {
    out.add(base);
    const n = base.length;
    const last = base[n - 1];
    if (n > 2 && last === 'y' && !VOWELS.includes(base[n - 2])) out.add(base.slice(0, -1) + 'ies');
    if (n > 2 && (last === 'x' || last === 'z' || base.endsWith('ch') || base.endsWith('sh') || base.endsWith('ss'))) out.add(base + 'es');
    if (n > 4 && base.endsWith('ies')) out.add(base.slice(0, -3) + 'y');
    else if (n > 3 && last === 's' && !base.endsWith('ss') && !base.endsWith('us') && !base.endsWith('is')) out.add(base.slice(0, -1));
  }
  return [...out];
}

export class Vocabulary {
  private readonly forms: string[] = [];
  private readonly formWord: number[] = [];
  private readonly byForm = new Map<string, number>();
  /** Open-addressing table: slot -> (form index + 1), with both hashes and the length of the form. */
  keys = new Int32Array(0);
  keys2 = new Int32Array(0);
  lens = new Int32Array(0);
  slots = new Int32Array(0);
  slotWord = new Int32Array(0);
  mask = 0;
  private wordCount = 0;

  get size(): number {
    return this.wordCount;
  }

  /** Registers a lower-case word and its variants; returns its id (shared with any variant already known). */
  add(word: string): number {
    const variants = wordVariants(word);
    let id = -1;
    for (const v of variants) {
      const known = this.byForm.get(v);
      if (known !== undefined) { id = known; break; }
    }
    if (id < 0) id = this.wordCount++;
    for (const v of variants) {
      if (this.byForm.has(v)) continue;
      this.byForm.set(v, id);
      this.forms.push(v);
      this.formWord.push(id);
    }
    this.mask = 0; // table must be rebuilt
    return id;
  }

  /** Id of an exact lower-case form, or -1. */
  idOf(word: string): number {
    return this.byForm.get(word) ?? -1;
  }

  /** Builds the open-addressing table; call after the last add(). */
  seal(): void {
    let size = 64;
    while (size < this.forms.length * 4) size <<= 1;
    this.keys = new Int32Array(size);
    this.keys2 = new Int32Array(size);
    this.lens = new Int32Array(size);
    this.slots = new Int32Array(size);
    this.slotWord = new Int32Array(size);
    this.mask = size - 1;
    for (let f = 0; f < this.forms.length; f++) {
      const form = this.forms[f];
      const h = hashWord(form);
      let s = h & this.mask;
      while (this.slots[s] !== 0) s = (s + 1) & this.mask;
      this.keys[s] = h;
      this.keys2[s] = hashWord2(form);
      this.lens[s] = form.length;
      this.slots[s] = f + 1;
      this.slotWord[s] = this.formWord[f];
    }
  }

  /** Id of the form with these hashes and length, or -1. */
  lookupHashes(h: number, h2: number, len: number): number {
    const mask = this.mask;
    let s = h & mask;
    while (this.slots[s] !== 0) {
      if (this.keys[s] === h && this.keys2[s] === h2 && this.lens[s] === len) return this.slotWord[s];
      s = (s + 1) & mask;
    }
    return -1;
  }
}
