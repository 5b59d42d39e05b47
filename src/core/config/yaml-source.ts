/**
 * Reading a user-written YAML file into nodes we can validate with positions.
 * Never throws: every failure becomes a FileProblem with a 1-based line and column.
 */
import { Document, isAlias, isMap, isScalar, isSeq, LineCounter, Node, parseDocument, Scalar } from 'yaml';
import { FileProblem } from '../types';

/** Anchors/aliases beyond this are refused (billion-laughs style files). */
const MAX_ALIAS_COUNT = 100;
/**
 * Nodes visited while validating, on top of one per character of the file: a file cannot hold
 * more nodes than characters, so only aliases repeating large parts of it reach the cap (the
 * alias count check above refuses most of those first). Sized by the file, not fixed: a valid
 * 205,000-phrase config once ran past a fixed 200,000 and got thousands of misleading errors.
 */
const MAX_EXTRA_VISITS = 200_000;
/**
 * Configuration and lexicon files longer than this (in characters) are refused at once with one
 * error: the YAML library takes seconds on a 5 MB file, and a few thousand entries or phrases
 * take well under 1 MB.
 */
export const MAX_YAML_CHARS = 1_000_000;

/** The one error for a file over MAX_YAML_CHARS. */
export function tooLargeMessage(length: number): string {
  return `This file is ${(length / 1_000_000).toFixed(1)} MB; Policy Lens reads configuration and lexicon files up to ${MAX_YAML_CHARS / 1_000_000} MB. Nothing in it was loaded: shorten its lists (a few thousand entries or phrases fit easily)`;
}

export class YamlSource {
  readonly problems: FileProblem[] = [];
  readonly root: Node | null;
  private readonly lineCounter = new LineCounter();
  private readonly doc: Document.Parsed | null;
  private visited = 0;
  private stopped = false;
  /** The alias followed last: where a cap error points, since aliases are what multiply visits. */
  private lastAlias: Node | null = null;
  private maxVisits = MAX_EXTRA_VISITS;
  private offsetShift = 0;

  constructor(rawText: string) {
    let text = typeof rawText === 'string' ? rawText : '';
    if (text.charCodeAt(0) === 0xfeff) {
      text = text.slice(1);
      this.offsetShift = 1;
    }
    this.maxVisits = MAX_EXTRA_VISITS + text.length;
    let doc: Document.Parsed | null = null;
    try {
      if (text.length > MAX_YAML_CHARS) {
        this.add(tooLargeMessage(text.length), 0, 'error');
      } else if (text.indexOf('\u0000') >= 0) {
        this.add('The file looks binary (it contains NUL characters), not YAML', 0, 'error');
      } else {
        doc = parseDocument(text, { lineCounter: this.lineCounter, prettyErrors: false, uniqueKeys: true });
        const badByte = text.indexOf('\ufffd');
        if (badByte >= 0) this.add('The file contains bytes that are not valid UTF-8 (shown as \ufffd): fix its encoding', badByte, 'error');
        for (const err of doc.errors) this.add(firstLine(err.message), err.pos[0], 'error');
        for (const warn of doc.warnings) this.add(firstLine(warn.message), warn.pos[0], 'warning');
        // Expanding aliases once with the library's limit catches alias bombs before we walk.
        if (doc.errors.length === 0) doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      }
    } catch (err) {
      this.add(`Cannot read this YAML: ${firstLine(err instanceof Error ? err.message : String(err))}`, 0, 'error');
      doc = null;
    }
    this.doc = doc;
    this.root = doc && doc.errors.length === 0 ? (doc.contents as Node | null) : null;
  }

  /**
   * Follows an alias to its anchored node; counts visits so a hostile file cannot make us loop for
   * long. Past the cap it reports one error, where it stopped, and returns null from then on.
   */
  resolve(node: unknown): Node | null {
    if (this.exhausted) return null;
    if (++this.visited > this.maxVisits) {
      const range = (this.lastAlias ?? (node as { range?: [number, number, number] } | null))?.range;
      this.add('Policy Lens stopped reading this file here: its aliases (*name) repeat large parts of it too many times. Write those lists out instead; the settings from here on were not loaded', range ? range[0] : 0);
      this.stopped = true;
      return null;
    }
    if (isAlias(node)) {
      this.lastAlias = node;
      return this.doc ? ((node.resolve(this.doc) as Node | undefined) ?? null) : null;
    }
    return (node as Node | null) ?? null;
  }

  /** True once the visit cap was reached: the one error is reported and later problems would only repeat it. */
  get exhausted(): boolean {
    return this.stopped;
  }

  add(message: string, offset: number, severity: 'error' | 'warning' = 'error'): void {
    if (this.stopped) return;
    const pos = this.lineCounter.linePos(Math.max(0, offset));
    const line = Math.max(1, pos.line);
    const column = Math.max(1, line === 1 ? pos.col + this.offsetShift : pos.col);
    this.problems.push({ message, line, column, severity });
  }

  /** Reports at the start of a node (or 1:1 when it has no position). */
  at(node: unknown, message: string, severity: 'error' | 'warning' = 'error'): void {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    this.add(message, range ? range[0] : 0, severity);
  }
}

function firstLine(message: string): string {
  const nl = message.indexOf('\n');
  return (nl >= 0 ? message.slice(0, nl) : message).replace(/:\s*$/, '');
}

export function describeNode(node: unknown): string {
  if (node == null) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'null';
    if (typeof v === 'string') return 'text';
    return `a ${typeof v}`;
  }
  return 'an unsupported value';
}

export function scalarString(node: unknown): string | undefined {
  if (isScalar(node) && typeof node.value === 'string') return node.value;
  return undefined;
}

export function keyName(key: unknown): string {
  if (isScalar(key)) return String((key as Scalar).value);
  return String(key);
}

/** A list of non-empty strings; reports and skips anything else. */
export function readStringList(src: YamlSource, node: unknown, what: string): string[] | undefined {
  const n = src.resolve(node);
  if (isScalar(n) && typeof n.value === 'string') return [n.value];
  if (!isSeq(n)) {
    src.at(n ?? node, `${what} must be a list of text, not ${describeNode(n)}`);
    return undefined;
  }
  const out: string[] = [];
  for (const item of n.items) {
    const it = src.resolve(item);
    const s = scalarString(it);
    if (s === undefined || s.trim() === '') {
      src.at(it ?? n, `${what}: each item must be non-empty text, not ${describeNode(it)}`);
      continue;
    }
    out.push(s.trim());
  }
  return out;
}

export { isMap, isScalar, isSeq };
