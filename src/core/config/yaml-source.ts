/**
 * Reading a user-written YAML file into nodes we can validate with positions.
 * Never throws: every failure becomes a FileProblem with a 1-based line and column.
 */
import { Document, isAlias, isMap, isScalar, isSeq, LineCounter, Node, parseDocument, Scalar } from 'yaml';
import { FileProblem } from '../types';

/** Anchors/aliases beyond this are refused (billion-laughs style files). */
const MAX_ALIAS_COUNT = 100;
/** Hard cap on nodes visited while validating (aliases can multiply them). */
const MAX_VISITED_NODES = 200_000;

export class YamlSource {
  readonly problems: FileProblem[] = [];
  readonly root: Node | null;
  private readonly lineCounter = new LineCounter();
  private readonly doc: Document.Parsed | null;
  private visited = 0;
  private offsetShift = 0;

  constructor(rawText: string) {
    let text = typeof rawText === 'string' ? rawText : '';
    if (text.charCodeAt(0) === 0xfeff) {
      text = text.slice(1);
      this.offsetShift = 1;
    }
    let doc: Document.Parsed | null = null;
    try {
      if (text.indexOf('\u0000') >= 0) {
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

  /** Follows an alias to its anchored node; counts visits so a hostile file cannot make us loop for long. */
  resolve(node: unknown): Node | null {
    if (++this.visited > MAX_VISITED_NODES) return null;
    if (isAlias(node)) return this.doc ? ((node.resolve(this.doc) as Node | undefined) ?? null) : null;
    return (node as Node | null) ?? null;
  }

  get exhausted(): boolean {
    return this.visited > MAX_VISITED_NODES;
  }

  add(message: string, offset: number, severity: 'error' | 'warning' = 'error'): void {
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
