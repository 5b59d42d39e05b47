/**
 * Just enough XML for REFI-QDA: writing escaped elements; reading a project in one streaming
 * pass (xml-scan.ts, our own strict scanner, checked against saxes in the tests), and a codebook
 * into a small element tree with saxes, a strict non-validating parser. Neither expands entities
 * beyond XML's five and character references. A DOCTYPE is refused outright, so external
 * entities and entity expansion ("billion laughs") cannot happen.
 */
import { SaxesParser } from 'saxes';
import { DOCTYPE_REFUSED, scanXml } from './xml-scan';

export interface XmlElement {
  /** Local name, without prefix. */
  name: string;
  uri: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** What a streaming read is told: each element's local name and attributes, its end, and text. */
export interface XmlHandlers {
  /** `attrs` holds every attribute as written (namespace declarations included), a fresh object per element. */
  open(name: string, attrs: Record<string, string>, prefix: string): void;
  close(name: string): void;
  /** Text and CDATA, only asked for while `wantsText()` says so (whitespace between elements is skipped). */
  text(value: string): void;
  wantsText(): boolean;
}

/**
 * One streaming pass over `xml` (names are given without their prefix; namespaces are not
 * resolved) with the fast scanner in xml-scan.ts: a project can be 50 MB. Throws an Error saying
 * what is wrong; a DOCTYPE is refused before anything in it is read. No element tree is built:
 * the handlers keep what they need.
 */
export function streamXml(xml: string, handlers: XmlHandlers): void {
  scanXml(xml, handlers);
}

/** The same pass with saxes (what scanXml is checked against in the tests). */
export function streamXmlWithSaxes(xml: string, handlers: XmlHandlers): void {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const run = guarded(parser);
  parser.on('opentag', (tag) => {
    const colon = tag.name.indexOf(':');
    handlers.open(colon < 0 ? tag.name : tag.name.slice(colon + 1), tag.attributes as Record<string, string>, colon < 0 ? '' : tag.name.slice(0, colon));
  });
  parser.on('closetag', (tag) => {
    const colon = tag.name.indexOf(':');
    handlers.close(colon < 0 ? tag.name : tag.name.slice(colon + 1));
  });
  const onText = (t: string) => { if (handlers.wantsText()) handlers.text(t); };
  parser.on('text', onText);
  parser.on('cdata', onText);
  run(xml);
}


/**
 * The error and DOCTYPE handlers every read installs, and the run that feeds the text and throws
 * "not well-formed XML: ..." on the first problem (a DOCTYPE is refused before anything in it is read).
 */
function guarded(parser: SaxesParser<{ xmlns: boolean; position: true }>): (xml: string) => void {
  let failure: Error | undefined;
  parser.on('error', (err) => { failure ??= err; });
  parser.on('doctype', () => { failure ??= new Error(DOCTYPE_REFUSED); });
  return (xml) => {
    try {
      parser.write(xml);
      if (!failure) parser.close();
    } catch (err) {
      failure ??= err instanceof Error ? err : new Error(String(err));
    }
    if (failure) throw new Error(`not well-formed XML: ${failure.message}`);
  };
}

/** A small element tree (for codebooks and tests; a project is read with streamXml). */
export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const run = guarded(parser);
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on('opentag', (tag) => {
    const attrs: Record<string, string> = {};
    for (const a of Object.values(tag.attributes)) if (a.prefix !== 'xmlns' && a.local !== 'xmlns') attrs[a.local] = a.value;
    const el: XmlElement = { name: tag.local ?? tag.name, uri: tag.uri ?? '', attrs, children: [], text: '' };
    if (stack.length > 0) stack[stack.length - 1].children.push(el); else root = el;
    stack.push(el);
  });
  parser.on('closetag', () => { stack.pop(); });
  const addText = (t: string) => { if (stack.length > 0) stack[stack.length - 1].text += t; };
  parser.on('text', addText);
  parser.on('cdata', addText);
  run(xml);
  if (!root) throw new Error('no XML element found');
  return root;
}

export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;', '\n': '&#10;', '\t': '&#9;' };

/** An attribute value (line ends and tabs as character references, so they survive normalisation). */
export function attr(value: string): string {
  if (!NEEDS_ATTR_ESCAPE.test(value)) return value;
  return stripInvalid(value).replace(/[&<>"\r\n\t]/g, (c) => ESCAPES[c]);
}

/** Anything attr() or text() would change; most values have none, and are written as they are. */
// With the u flag a surrogate range matches only unpaired surrogates: emoji and other astral
// characters, common in quotes, need nothing (and one character class is the fast test).
const NEEDS_ATTR_ESCAPE = /[&<>"\u0000-\u001f\ufffe\uffff\ud800-\udfff]/u;
const NEEDS_TEXT_ESCAPE = /[&<>\u0000-\u0008\u000b-\u001f\ufffe\uffff\ud800-\udfff]/u;

/** Element text (CR as a reference, so a CRLF survives end-of-line normalisation). */
export function text(value: string): string {
  if (!NEEDS_TEXT_ESCAPE.test(value)) return value;
  return stripInvalid(value).replace(/[&<>\r]/g, (c) => ESCAPES[c]);
}

/** Characters XML 1.0 cannot carry at all (control characters, lone surrogates) become U+FFFD. */
function stripInvalid(value: string): string {
  return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

/** `<name a="1" b="2">` (or self-closing), attributes in the order given, undefined ones left out. */
export function open(name: string, attrs: [string, string | undefined][], selfClose = false): string {
  let out = `<${name}`;
  for (const [k, v] of attrs) if (v !== undefined) out += ` ${k}="${attr(v)}"`;
  return out + (selfClose ? '/>' : '>');
}
