/**
 * Nothing a workspace supplies can run code, reach the network, or make Policy Lens read or write
 * outside the workspace: configuration is data (no regular expressions), hover text is untrusted
 * Markdown, sidecar `document:` paths and symbolic links are not followed out, and the shipped
 * dependencies have no known advisory.
 */
import * as assert from 'node:assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import { promises as fsp } from 'fs';
import * as path from 'path';
import { nodeFileSystem } from '../../../src/adapters/node-fs';
import { SidecarStore, SidecarUnsafePathError, sidecarPathFor } from '../../../src/adapters/sidecar-store';
import { runCheck } from '../../../src/cli/check';
import { addAnnotation } from '../../../src/core/annotations/edits';
import { makeAnchor } from '../../../src/core/annotations/anchor';
import { emptySidecar, serializeSidecar } from '../../../src/core/annotations/sidecar';
import { parseConfig } from '../../../src/core/engine';
import { engineWith } from '../helpers/engine';
import { annotation, listing, PLAN_TEXT, removeDir, tempDir } from './helpers';
import { figure, repoRoot, rit } from './tally';

const REGEX_PHRASES = ['(a+)+$', '.*', '[a-z]+', '\\d+', '^', 'x|y', '(?=a)', '\\b\\w+\\b'];
const CONFIG = `fundingPhrases: ${JSON.stringify(REGEX_PHRASES)}
existingResourcePhrases: ["(.*)*", "a{1,99999}"]
lexicon:
  - id: regex-thing
    label: regex thing
    kind: term
    aliases: ${JSON.stringify(REGEX_PHRASES)}
    definition: "[click me](command:workbench.action.terminal.new) <img src=x onerror=alert(1)> ![x](https://example.invalid/track.png)"
`;

function timed(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** The argument text of every `name(...)` call (parentheses balanced, quotes skipped). */
function callArgs(text: string, name: string): string[] {
  const out: string[] = [];
  for (let at = text.indexOf(name + '('); at >= 0; at = text.indexOf(name + '(', at + 1)) {
    let depth = 0;
    let quote = '';
    const start = at + name.length + 1;
    for (let i = start - 1; i < text.length; i++) {
      const c = text[i];
      if (quote) { if (c === '\\') i++; else if (c === quote) quote = ''; continue; }
      if (c === "'" || c === '"' || c === '`') quote = c;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) { out.push(text.slice(start, i)); break; }
    }
  }
  return out;
}

const src = (rel: string): string => fs.readFileSync(path.join(repoRoot(), rel), 'utf8');

describe('reliability: security', function () {
  this.timeout(20_000);
  const { config, problems } = parseConfig(CONFIG);

  rit('security', 'regular-expression syntax in fundingPhrases and lexicon aliases is matched as words, never as a pattern', () => {
    assert.deepStrictEqual(problems.filter((p) => p.severity === 'error'), []);
    const engine = engineWith(config);
    const text = 'Nothing here: aaaa bbbb 12345 xyz. We wrote (a+)+$ and .* and [a-z]+ and x|y once.\n';
    const a = engine.analyze(text);
    const words = new Set(REGEX_PHRASES.flatMap((p) => p.toLowerCase().match(/[a-z0-9]+/g) ?? []));
    for (const s of [...a.funding, ...a.mentions]) {
      const hit = text.slice(s.start, s.end).toLowerCase();
      // Only the literal words inside the phrases can ever match (e.g. the "a" of "(a+)+$"),
      // never what the pattern would have matched: "aaaa", "bbbb", "12345", "xyz".
      assert.ok(words.has(hit) || hit.split(/\W+/).every((w) => words.has(w)), `"${hit}" matched`);
      assert.ok(!['aaaa', 'bbbb', '12345', 'xyz', 'nothing', 'here'].includes(hit), `"${hit}" matched as if by a pattern`);
    }
    // The engine holds the phrases as text.
    assert.deepStrictEqual(engine.config.fundingPhrases, REGEX_PHRASES);
    assert.strictEqual(engine.entries.get('regex-thing')?.definition, config.lexicon[0].definition);
  });

  rit('security', 'ReDoS-shaped 50k-character inputs analyse in linear time (under 2 s)', () => {
    const engine = engineWith(config);
    const inputs = [
      'a'.repeat(50_000) + '!',
      ('a'.repeat(20) + ' ').repeat(2_500) + '$',
      '('.repeat(25_000) + 'a' + ')+'.repeat(12_500),
      '.*'.repeat(25_000),
      'fund '.repeat(10_000) + 'existing '.repeat(1_000),
      '£'.repeat(20_000) + '9'.repeat(20_000) + 'bn',
      '(p'.repeat(25_000),
    ];
    engine.analyze('warm up the engine with a short text.');
    for (const [i, input] of inputs.entries()) {
      const short = input.slice(0, 500);
      const shortMs = Math.max(0.05, Math.min(...[0, 1, 2].map(() => timed(() => engine.analyze(short)))));
      const longMs = timed(() => engine.analyze(input));
      figure(`security.redos.${i}:${JSON.stringify(input.slice(0, 8))}`, { chars: input.length, ms: Math.round(longMs) });
      assert.ok(longMs < 2000, `${input.slice(0, 20)}...: ${Math.round(longMs)} ms (short: ${shortMs.toFixed(2)} ms)`);
    }
  });

  rit('security', 'hover and tree text from workspace files is untrusted Markdown (static check of src/features)', () => {
    // Hovers are built in core as Markdown text and wrapped by adapters/problems.ts's untrustedMarkdown.
    const wrapper = callArgs(src('src/adapters/problems.ts'), 'function untrustedMarkdown').join('') + src('src/adapters/problems.ts');
    assert.match(wrapper, /isTrusted\s*=\s*false/);
    assert.match(wrapper, /supportHtml\s*=\s*false/);
    const hover = src('src/features/hover.ts');
    assert.match(hover, /untrustedMarkdown\(/);
    // appendText turns spaces into &nbsp; (hovers then wrap inside words); appendMarkdown would skip the escaping.
    assert.doesNotMatch(hover, /append(Text|Markdown)\(/);
    const built = src('src/core/hover-text.ts');
    const escaped = callArgs(built, 'escapeMarkdown').join('\n');
    for (const field of ['entry.label', 'entry.definition', 'entry.source', 'others', 'r.label', 'a.author', 'tagLabel', 'finding.rule']) {
      assert.ok(escaped.includes(field), `${field} goes through escapeMarkdown`);
    }
    const insideEscape: [number, number][] = [];
    for (let at = built.indexOf('escapeMarkdown('); at >= 0; at = built.indexOf('escapeMarkdown(', at + 1)) {
      const arg = callArgs(built.slice(at), 'escapeMarkdown')[0] ?? '';
      insideEscape.push([at, at + arg.length + 'escapeMarkdown('.length]);
    }
    for (const m of built.matchAll(/\$\{([^}]*)\}/g)) {
      if (insideEscape.some(([from, to]) => m.index >= from && m.index < to)) continue;
      const expr = m[1].trim();
      // Numbers and labels the code computes, parts already escaped; the annotation's note and its
      // replies are the analysts' own Markdown by design (rendered untrusted: no HTML, no command links).
      if (/^escapeMarkdown\(/.test(expr) || /^(count|page|head|by|replies|entry\.kinds\.join\('\s*and\s*'\)|a\.note \|\| '_No note\._'|r\.body \|\| '_Empty reply\._')$/.test(expr)) continue;
      assert.fail(`hover-text.ts interpolates ${expr} without escaping`);
    }
    for (const file of fs.readdirSync(path.join(repoRoot(), 'src', 'features')).filter((f) => f.endsWith('.ts'))) {
      const text = src(`src/features/${file}`);
      const made = (text.match(/new vscode\.MarkdownString\(/g) ?? []).length;
      const untrusted = (text.match(/\.isTrusted\s*=\s*false/g) ?? []).length;
      assert.ok(untrusted >= made, `${file}: ${made} MarkdownString(s), ${untrusted} marked untrusted`);
      assert.doesNotMatch(text, /isTrusted\s*[:=]\s*(true|\{)/, `${file} trusts Markdown`);
      assert.doesNotMatch(text, /supportHtml\s*=\s*true/, `${file} enables HTML`);
    }
  });

  rit('security', 'no code execution or network from workspace content (static check of src/)', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(dir, e.name)); else if (e.name.endsWith('.ts')) files.push(path.join(dir, e.name));
      }
    };
    walk(path.join(repoRoot(), 'src'));
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      const rel = path.relative(repoRoot(), f);
      if (rel.split(path.sep).join('/') === 'src/adapters/node-git.ts') {
        // The one module that runs a process: only `git`, by argument list (never a shell), and
        // the extension runs only `git config --get` from it outside trusted workspaces' commands.
        const runs = [...text.matchAll(/(?<![.\w])(execFile|spawn|exec|execSync|execFileSync|spawnSync)\(([^,]*),/g)];
        assert.ok(runs.length > 0 && runs.every((m) => (m[1] === 'execFile' || m[1] === 'spawn') && m[2].trim() === "'git'"), `${rel} runs only git, by argument list`);
        assert.doesNotMatch(text, /shell\s*:\s*true/, `${rel} never uses a shell`);
        assert.doesNotMatch(text, /\beval\s*\(|new Function\s*\(|from 'vm'|from 'https?'|from 'net'|\bfetch\s*\(/, `${rel} could run code or reach the network`);
        continue;
      }
      assert.doesNotMatch(text, /\beval\s*\(|new Function\s*\(|from 'child_process'|require\('child_process'\)|from 'vm'|from 'https?'|from 'net'|\bfetch\s*\(|XMLHttpRequest|WebSocket/, `${rel} could run code or reach the network`);
      // Configuration never becomes a pattern: every RegExp is built from a literal.
      for (const m of text.matchAll(/new RegExp\(([^)]*)\)/g)) assert.match(m[1].trim(), /^['"`/]/, `${rel}: new RegExp(${m[1]}) from data`);
    }
    const pkg = JSON.parse(src('package.json')) as { capabilities?: { untrustedWorkspaces?: { supported?: unknown; restrictedConfigurations?: unknown } } };
    assert.strictEqual(pkg.capabilities?.untrustedWorkspaces?.supported, true, 'declares Restricted Mode support');
  });

  rit('security', 'policy-lens check does not follow document: paths out of the sidecar\'s folder (.., absolute, links)', async () => {
    const outer = await tempDir();
    const realRead = fs.promises.readFile;
    const read: string[] = [];
    try {
      const ws = path.join(outer, 'ws');
      const docs = path.join(ws, 'docs');
      await fsp.mkdir(docs, { recursive: true });
      const secret = path.join(outer, 'secret.md');
      await fsp.writeFile(secret, PLAN_TEXT);
      await fsp.symlink(secret, path.join(docs, 'linked.md'));
      const names = ['../../secret.md', '../secret.md', secret, '/etc/passwd', '..\\..\\secret.md', 'C:\\Windows\\win.ini', 'sub/../../../secret.md', 'linked.md'];
      for (const [i, name] of names.entries()) {
        let s = { ...emptySidecar(name), document: name };
        s = addAnnotation(s, annotation(`x${i}`, 'joint forward plan'));
        await fsp.writeFile(path.join(docs, `case${i}.md.annotations.yaml`), serializeSidecar(s));
      }
      const before = new Map(await Promise.all((await listing(docs)).map(async (f) => [f, await fsp.readFile(path.join(docs, f), 'utf8')] as const)));
      // Record every file check reads.
      (fs.promises as { readFile: unknown }).readFile = async (p: fs.PathLike, ...rest: unknown[]) => {
        read.push(path.resolve(String(p)));
        return (realRead as (...a: unknown[]) => Promise<unknown>)(p, ...rest);
      };
      let out = '';
      const code = await runCheck([ws, '--format', 'json'], { cwd: ws, stdout: (t) => { out += t; }, stderr: (t) => { out += t; } });
      (fs.promises as { readFile: unknown }).readFile = realRead;
      const report = JSON.parse(out) as { sidecars: { path: string; valid: boolean; errors: { message: string; line: number; column: number }[]; annotations: { status: string }[] }[] };
      assert.strictEqual(code, 1);
      assert.strictEqual(report.sidecars.length, names.length);
      for (const s of report.sidecars) {
        assert.ok(s.annotations.every((a) => a.status !== 'anchored'), `${s.path}: anchored against a file outside the folder`);
        const followed = !s.valid || s.annotations.every((a) => a.status === 'orphaned');
        assert.ok(followed, `${s.path} is reported`);
        for (const e of s.errors) assert.ok(e.line >= 1 && e.column >= 1);
      }
      const outside = read.filter((p) => !p.startsWith(ws + path.sep));
      assert.deepStrictEqual(outside, [], 'check read files outside the workspace');
      for (const [f, text] of before) assert.strictEqual(await fsp.readFile(path.join(docs, f), 'utf8'), text, `${f} unchanged`);
    } finally {
      (fs.promises as { readFile: unknown }).readFile = realRead;
      await removeDir(outer);
    }
  });

  rit('security', 'SidecarStore refuses to write through a symbolic link out of the workspace', async () => {
    const outer = await tempDir();
    try {
      const ws = path.join(outer, 'ws');
      const elsewhere = path.join(outer, 'elsewhere');
      await fsp.mkdir(ws);
      await fsp.mkdir(elsewhere);
      const target = path.join(elsewhere, 'target.yaml');
      const targetText = serializeSidecar(addAnnotation(emptySidecar('plan.md'), annotation('keep', 'joint forward plan')));
      await fsp.writeFile(target, targetText);
      await fsp.symlink(elsewhere, path.join(ws, 'linked-folder'));
      await fsp.writeFile(path.join(ws, 'plan.md'), PLAN_TEXT);
      await fsp.symlink(target, sidecarPathFor(path.join(ws, 'plan.md')));
      const store = new SidecarStore(nodeFileSystem, { workspaceRoot: ws });
      const add = (s: ReturnType<typeof emptySidecar>) => addAnnotation(s, { id: 'evil', tag: 'question', note: '', ...makeAnchor(PLAN_TEXT, 0, 10) });
      // A folder link, a sidecar that is itself a link, and a path outside the root altogether.
      await assert.rejects(store.save(path.join(ws, 'linked-folder', 'plan.md'), add), SidecarUnsafePathError);
      await assert.rejects(store.save(path.join(ws, 'plan.md'), add), SidecarUnsafePathError);
      await assert.rejects(store.save(path.join(elsewhere, 'plan.md'), add), SidecarUnsafePathError);
      await assert.rejects(store.save(path.join(ws, '..', 'elsewhere', 'plan.md'), add), SidecarUnsafePathError);
      assert.deepStrictEqual(await listing(elsewhere), ['target.yaml'], 'nothing written outside');
      assert.strictEqual(await fsp.readFile(target, 'utf8'), targetText, 'the link target is unchanged');
      assert.ok((await fsp.lstat(sidecarPathFor(path.join(ws, 'plan.md')))).isSymbolicLink(), 'the link is not replaced either');
    } finally {
      await removeDir(outer);
    }
  });

  rit('security', 'npm audit --omit=dev: no advisories in the shipped dependencies', async function () {
    this.timeout(90_000);
    const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['audit', '--omit=dev', '--json'], { cwd: repoRoot(), timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
        (err, stdout) => resolve({ code: err ? Number((err as { code?: unknown }).code ?? 1) || 1 : 0, stdout }));
    });
    let json: { metadata?: { vulnerabilities?: Record<string, number>; dependencies?: Record<string, number> }; message?: string; statusCode?: number; error?: unknown } = {};
    try { json = JSON.parse(result.stdout); } catch { /* not JSON: no network */ }
    const vulns = json.metadata?.vulnerabilities;
    if (!vulns) {
      const why = json.message ?? json.statusCode ?? `npm exited ${result.code} without a report`;
      figure('npm-audit', { ran: false, reason: String(why).slice(0, 200) });
      this.skip(); // the registry's audit endpoint is not reachable from here
    }
    const total = Object.values(vulns!).reduce((n, v) => n + v, 0);
    figure('npm-audit', { ran: true, vulnerabilities: vulns, total });
    assert.strictEqual(total, 0, `npm audit --omit=dev: ${JSON.stringify(vulns)}`);
  });
});
