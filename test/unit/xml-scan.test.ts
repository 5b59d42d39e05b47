import * as assert from 'node:assert';
import { DEFAULT_CODEBOOK } from '../../src/core/annotations/codebook';
import { renderQdpx } from '../../src/core/interchange/qdpx';
import { streamXml, streamXmlWithSaxes, XmlHandlers } from '../../src/core/interchange/xml';
import { makeDocument } from '../../bench/interchange';
import { rng } from '../../bench/prng';

type Event = ['open', string, Record<string, string>, string] | ['close', string] | ['text', string];

/**
 * Every event, adjacent text joined (the two split text differently around CDATA and references);
 * whitespace outside the root element, which saxes reports and the scanner does not, left out.
 */
function events(scan: (xml: string, h: XmlHandlers) => void, xml: string): Event[] | Error {
  const out: Event[] = [];
  let depth = 0;
  try {
    scan(xml, {
      open: (name, attrs, prefix) => { depth++; out.push(['open', name, { ...attrs }, prefix]); },
      close: (name) => { depth--; out.push(['close', name]); },
      text: (t) => {
        if (depth === 0) return;
        const last = out[out.length - 1];
        if (last?.[0] === 'text') last[1] += t; else out.push(['text', t]);
      },
      wantsText: () => true,
    });
  } catch (err) {
    return err as Error;
  }
  return out;
}

const WELL_FORMED: [string, string][] = [
  ['an empty root', '<a/>'],
  ['the XML declaration, attributes in both quotes', '<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name=\'x\' b = "y"></Project>'],
  ['the five entities and character references in text and attributes', '<a t="&lt;&amp;&gt;&quot;&apos;&#65;&#x1F600;">x &lt; y &amp;&amp; &#10;&#x263A; &#128512;</a>'],
  ['CRLF and lone CR in text become LF; &#13; stays', '<a>one\r\ntwo\rthree&#13;four</a>'],
  ['tabs and line ends in attributes become spaces; references to them stay', '<a v="one\ttwo\r\nthree\nfour&#10;five&#9;six"/>'],
  ['CDATA with markup characters', '<a><![CDATA[<b>&amp; ]] > \r\n]]>after</a>'],
  ['comments and processing instructions', '<!-- before --><?pi data?><a><!-- inside - with dashes --><?other x?>text</a><!-- after -->\n'],
  ['prefixed names and namespace declarations', '<q:a xmlns:q="urn:x" q:b="1"><q:c/></q:a>'],
  ['non-ASCII names and text', '<café naïve="oui" שם="ערך">שלום 😀 e\u0301</café>'],
  ['whitespace in tags', '<a\n  b="1"\t\n  c="2"  ></a  >'],
  ['a literal > in text and attributes', '<a b="x>y">1 > 0</a>'],
  ['nested elements with text between', '<a> <b>x</b> <c>y</c> </a>'],
  ['attribute values with the other quote', '<a b="it\'s" c=\'say "hi"\'/>'],
  ['whitespace around the root', '\n\n  <a/>  \n\n'],
];

const MALFORMED: [string, string][] = [
  ['nothing at all', ''],
  ['only a comment', '<!-- x -->'],
  ['an unclosed root', '<a><b></b>'],
  ['a mismatched close', '<a><b></a></b>'],
  ['a close with nothing open', '<a/></a>'],
  ['two roots', '<a/><b/>'],
  ['text before the root', 'x<a/>'],
  ['text after the root', '<a/>x'],
  ['an undefined entity', '<a>&nbsp;</a>'],
  ['an undefined entity in an attribute', '<a b="&x;"/>'],
  ['a bare ampersand', '<a>fish & chips</a>'],
  ['a bare ampersand in an attribute', '<a b="x & y"/>'],
  ["'<' in an attribute", '<a b="x < y"/>'],
  ['a duplicate attribute', '<a b="1" b="2"/>'],
  ['an unquoted attribute', '<a b=1/>'],
  ['attributes without whitespace between', '<a b="1"c="2"/>'],
  ['an attribute without a value', '<a b/>'],
  ['a DOCTYPE with an external entity', '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>'],
  ['a DOCTYPE with nested entities (billion laughs)', '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY l "lol"><!ENTITY l2 "&l;&l;">]><a>&l2;</a>'],
  ['a name starting with a digit', '<1a/>'],
  ['an attribute name starting with a hyphen', '<a -b="1"/>'],
  ["']]>' in text", '<a>x ]]> y</a>'],
  ["'--' in a comment", '<a><!-- x -- y --></a>'],
  ['a control character', '<a>x\u0001y</a>'],
  ['a character reference to NUL', '<a>&#0;</a>'],
  ['a character reference to U+FFFE', '<a>&#xFFFE;</a>'],
  ['an unclosed comment', '<a><!-- x </a>'],
  ['CDATA outside the root', '<![CDATA[x]]><a/>'],
  ['an unclosed CDATA section', '<a><![CDATA[x</a>'],
  ['a lone <', '<a>1 < 2</a>'],
  ['a tag cut short', '<a><b c="1"'],
  ['an XML declaration not first', ' <?xml version="1.0"?><a/>'],
  ['an element declaration in the root', '<a><!ELEMENT b ANY></a>'],
  ['a closing tag with attributes', '<a></a b="1">'],
];

describe('xml-scan: the fast scanner agrees with saxes', () => {
  for (const [name, xml] of WELL_FORMED) {
    it(`reads ${name} as saxes does`, () => {
      const fast = events(streamXml, xml);
      const reference = events(streamXmlWithSaxes, xml);
      assert.ok(!(reference instanceof Error), `saxes accepts it: ${String(reference)}`);
      assert.ok(!(fast instanceof Error), `accepted: ${String(fast)}`);
      assert.deepStrictEqual(fast, reference);
    });
  }
  for (const [name, xml] of MALFORMED) {
    it(`refuses ${name}, as saxes does`, () => {
      assert.ok(events(streamXmlWithSaxes, xml) instanceof Error, 'saxes refuses it');
      const fast = events(streamXml, xml);
      assert.ok(fast instanceof Error, `refused, not read as ${JSON.stringify(fast)}`);
      assert.match(fast.message, /^not well-formed XML: /);
      if (/DOCTYPE/.test(name)) assert.match(fast.message, /DOCTYPE; entity declarations are not accepted/);
      else assert.match(fast.message, /^not well-formed XML: \d+:\d+: /, 'says where');
    });
  }
  it('reads an exported project (emoji, Hebrew, notes) exactly as saxes does', () => {
    const random = rng(3);
    const docs = Array.from({ length: 5 }, (_, i) => makeDocument(random, i, 20));
    docs[0].sidecar.annotations[0].note = 'A note with <markup> & "quotes"\r\nand a CRLF, a tab\there, and \u0001 a control character';
    const { xml } = renderQdpx({ name: 'Project & <name>', documents: docs, codebook: DEFAULT_CODEBOOK });
    const fast = events(streamXml, xml);
    assert.ok(!(fast instanceof Error), String(fast));
    assert.deepStrictEqual(fast, events(streamXmlWithSaxes, xml));
  });
  it('names the line and column of the problem', () => {
    const err = events(streamXml, '<a>\n  <b>\n    &oops;\n  </b>\n</a>');
    assert.ok(err instanceof Error);
    assert.match(err.message, /^not well-formed XML: 3:5: undefined entity 'oops'/);
  });
});
