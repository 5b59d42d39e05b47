import * as assert from 'node:assert';
import { mergeDriverCommand, withMergeAttribute } from '../../src/core/git-merge-setup';

describe('git merge setup', () => {
  const cases: { name: string; text: string; expected: string | undefined }[] = [
    { name: 'no file yet', text: '', expected: '*.annotations.yaml merge=policy-lens\n' },
    { name: 'other attributes kept', text: '*.md text\n', expected: '*.md text\n*.annotations.yaml merge=policy-lens\n' },
    { name: 'no final newline', text: '*.md text', expected: '*.md text\n*.annotations.yaml merge=policy-lens\n' },
    { name: 'CRLF file', text: '*.md text\r\n', expected: '*.md text\r\n*.annotations.yaml merge=policy-lens\r\n' },
    { name: 'already there', text: '*.md text\n*.annotations.yaml merge=policy-lens\n', expected: undefined },
    { name: 'already there with other attributes', text: '*.annotations.yaml text merge=policy-lens eol=lf\n', expected: undefined },
  ];
  for (const c of cases) it(c.name, () => assert.strictEqual(withMergeAttribute(c.text), c.expected));

  it('the driver command quotes the script path for the shell', () => {
    assert.strictEqual(mergeDriverCommand(), 'policy-lens merge-sidecar %O %A %B');
    assert.strictEqual(mergeDriverCommand('/opt/ext "x"/dist/cli.js'), 'node "/opt/ext \\"x\\"/dist/cli.js" merge-sidecar %O %A %B');
  });
});
