/**
 * The words the lexicon and the phrase lists use, each with its spelling and
 * plural variants folded onto one id. The tokenizer looks every word of a document
 * up here by its two hashes and length (a bitmap check, then usually one probe), allocating
 * nothing; words not in the vocabulary get -1.
 */
import { hashWord, hashWord2 } from './chars';

/** 31 * INVERSE_31 = 1 (mod 2^32): undoes one step of hashStep. */
const INVERSE_31 = -1108378657;
/** 0x01000193 * INVERSE_FNV = 1 (mod 2^32): undoes one step of hashStep2. */
const INVERSE_FNV = 899433627;

/** The hashes of a word without its last character `folded`, from the word's hashes (see chars.ts). */
export function unhash(h: number, folded: number): number {
  return Math.imul((h - folded) | 0, INVERSE_31);
}
export function unhash2(g: number, folded: number): number {
  return Math.imul(g, INVERSE_FNV) ^ folded;
}

const FILTER_BITS = 16;
const FILTER_BYTES = 1 << (FILTER_BITS - 3);

/** Int32s per slot of the lookup table: hash, second hash, length, word id + 1 (0: empty slot). */
const SLOT = 4;

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
  /**
   * Open-addressing table, SLOT int32s per slot side by side (one probe reads one cache line):
   * both hashes and the length of a form, and its word id + 1.
   */
  private table = new Int32Array(SLOT);
  private mask = 0;
  /**
   * One bit per value of a hash's low FILTER_BITS bits: set when some form has it. Most words of a
   * document are not in the vocabulary; this small bitmap (8 KB, cache-resident, unlike the table)
   * turns nearly all of them away with one read.
   */
  private filter = new Uint8Array(FILTER_BYTES);
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
    // The table must be rebuilt (seal()); until then nothing is found (an empty filter turns every
    // word away). Only a sealed table is dropped: an engine adds hundreds of words before sealing.
    if (this.mask !== 0) {
      this.table = new Int32Array(SLOT);
      this.filter = new Uint8Array(FILTER_BYTES);
      this.mask = 0;
    }
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
    const table = new Int32Array(size * SLOT);
    const filter = new Uint8Array(FILTER_BYTES);
    const mask = size - 1;
    for (let f = 0; f < this.forms.length; f++) {
      const form = this.forms[f];
      const h = hashWord(form);
      let s = h & mask;
      while (table[s * SLOT + 3] !== 0) s = (s + 1) & mask;
      table[s * SLOT] = h;
      table[s * SLOT + 1] = hashWord2(form);
      table[s * SLOT + 2] = form.length;
      table[s * SLOT + 3] = this.formWord[f] + 1;
      filter[(h >>> 3) & (FILTER_BYTES - 1)] |= 1 << (h & 7);
    }
    this.table = table;
    this.filter = filter;
    this.mask = mask;
  }

  /**
   * Id of the word with these hashes and length, or -1; a plural "s" (`last`, folded) falls back
   * to the singular ("PCNs" -> pcn), whose hashes are the word's with the last step undone.
   */
  lookupWord(h: number, h2: number, len: number, last: number): number {
    const id = this.lookupHashes(h, h2, len);
    if (id >= 0 || last !== 115 || len <= 2) return id;
    return this.lookupHashes(unhash(h, 115), unhash2(h2, 115), len - 1);
  }

  /** Id of the form with these hashes and length, or -1. */
  lookupHashes(h: number, h2: number, len: number): number {
    if ((this.filter[(h >>> 3) & (FILTER_BYTES - 1)] & (1 << (h & 7))) === 0) return -1;
    const table = this.table;
    const mask = this.mask;
    let s = (h & mask) * SLOT;
    let id = table[s + 3];
    while (id !== 0) {
      if (table[s] === h && table[s + 1] === h2 && table[s + 2] === len) return id - 1;
      s = (s + SLOT) & (mask * SLOT + SLOT - 1);
      id = table[s + 3];
    }
    return -1;
  }
}
