import * as assert from 'assert';
import { readableDate } from '../../src/core/dates';
import { escapeMarkdown, shorten } from '../../src/core/markdown';

describe('escapeMarkdown: literal text in hovers, tooltips and reports', () => {
  it('keeps ordinary spaces, so a hover wraps between words (never &nbsp;)', () => {
    const out = escapeMarkdown('Each ICB will plan services with its partners');
    assert.ok(!out.includes('&nbsp;'), out);
    assert.ok(!out.includes('\u00a0'), 'no non-breaking spaces');
    assert.strictEqual(out, 'Each ICB will plan services with its partners');
  });

  it('folds line breaks and runs of spaces to one space, so text cannot start a block', () => {
    assert.strictEqual(escapeMarkdown('  medium-\nterm   plans\n\n    code? '), 'medium\\- term plans code?');
  });

  it('escapes what Markdown would read as syntax: emphasis, links, HTML, headings, tables, entities', () => {
    const out = escapeMarkdown('# *bold* _x_ [link](command:evil) <img src=x> a|b `c` &amp; 1. ~s~');
    assert.match(out, /^(?:[^\\#*_[\]()<>|`&~]|\\.)*$/, 'every syntax character is escaped');
    assert.strictEqual(out.replace(/\\(.)/g, '$1'), '# *bold* _x_ [link](command:evil) <img src=x> a|b `c` &amp; 1. ~s~', 'unescaping gives the text back');
  });

  it('shortens at a word boundary with an ellipsis', () => {
    assert.strictEqual(shorten('The government has hinted at additional funding for neighbourhood working.', 40), 'The government has hinted at additional…');
    assert.strictEqual(shorten('short', 40), 'short');
  });
});

describe('readableDate', () => {
  it('shows an ISO timestamp as "1 Dec 2026, 13:50"', () => {
    assert.strictEqual(readableDate('2026-12-01T13:50:00Z', true), '1 Dec 2026, 13:50');
    assert.strictEqual(readableDate('2026-11-20T10:00:00Z', true), '20 Nov 2026, 10:00');
  });
  it('uses the local time zone by default', () => {
    const iso = '2026-06-15T08:05:00Z';
    const d = new Date(iso);
    assert.strictEqual(readableDate(iso), `${d.getDate()} Jun 2026, ${String(d.getHours()).padStart(2, '0')}:05`);
  });
  it('leaves anything that is not a date as it is', () => {
    assert.strictEqual(readableDate('last Tuesday'), 'last Tuesday');
    assert.strictEqual(readableDate('2026-13-45T99:00:00Z'), '2026-13-45T99:00:00Z');
  });
});
