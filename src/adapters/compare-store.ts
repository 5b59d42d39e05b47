/**
 * The comparison matrix's per-document results, cached by content hash in the extension's
 * workspace storage (`context.storageUri`, through vscode.workspace.fs, so it works in the
 * browser too). A document whose size and modification time are unchanged is not even read; one
 * whose text hashes to a known summary is not analysed again. Re-opening the view after one
 * document changed analyses that document alone.
 *
 * Checking size and time costs a `stat` round trip per document (seconds for 1,000). So a file
 * system watcher on the workspace, created on the first comparison and disposed with the
 * extension, tells the store what changed: a document checked since the watcher started, with
 * no event for it since, is taken from the index without a `stat`. After a reload the watcher is
 * new, so every document is checked once (in concurrent batches), then trusted. Documents outside
 * the workspace folders, or under folders VS Code does not watch by default (`node_modules`,
 * `.git`), are always checked.
 */
import * as vscode from 'vscode';
import { documentDate } from '../core/compare/dating';
import { DocumentSummary } from '../core/compare/matrix';
import { binaryReason, summarize } from '../core/compare/summary';
import { Engine } from '../core/engine';
import { Log } from './log';

const INDEX_FILE = 'compare-index.json';
/** Files stat'ed and read concurrently. */
const BATCH = 32;

interface IndexEntry {
  mtime: number;
  size: number;
  /** Of the bytes; empty when the file is not text (`error`). */
  hash: string;
  date?: string;
  /** Why the file is not analysed (binary, not UTF-8), remembered like a summary. */
  error?: string;
}

interface Index {
  version: 1;
  /** Names the engine (lexicon and configuration): another engine, another index. */
  fingerprint: string;
  files: Record<string, IndexEntry>;
  summaries: Record<string, DocumentSummary>;
}

export interface ComparedDocument {
  uri: vscode.Uri;
  /** As shown: relative to the workspace. */
  path: string;
  date?: string;
  summary?: DocumentSummary;
  /** Why it was not analysed. */
  error?: string;
}

export interface CompareRun {
  documents: ComparedDocument[];
  /** Documents analysed in this run (the rest came from the cache). */
  analysed: number;
  /** Documents whose file was not read at all (size and time unchanged). */
  unread: number;
  /** Documents whose size and time were checked (a `stat`): the rest were trusted through the watcher. */
  checked: number;
}

const decoder = new TextDecoder('utf-8');

/** Paths VS Code's file watcher leaves out by default (`files.watcherExclude`): never trusted. */
const UNWATCHED = /\/(?:node_modules|\.git)\//;

export class CompareStore implements vscode.Disposable {
  private index: Index | undefined;
  /** Documents (uri strings) checked while the watcher ran, with no change reported since. */
  private readonly trusted = new Set<string>();
  private watching: vscode.Disposable[] | undefined;

  /** `addedDate`: the day the file was first committed (the third source of a date, after front matter and file name). */
  constructor(
    private readonly storage: vscode.Uri | undefined,
    private readonly log: Log,
    private readonly addedDate?: (uri: vscode.Uri) => Promise<string | undefined>,
  ) {}

  /** Starts the watcher once; every change, creation or deletion (of a file or a folder above it) ends trust. */
  private watch(): void {
    if (this.watching) return;
    const forget = (uri: vscode.Uri) => this.forget(uri);
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.watching = [
      watcher,
      watcher.onDidChange(forget),
      watcher.onDidCreate(forget),
      watcher.onDidDelete(forget),
      // A save in the editor is known at once, before the watcher's event arrives.
      vscode.workspace.onDidSaveTextDocument((d) => forget(d.uri)),
      vscode.workspace.onDidRenameFiles((e) => e.files.forEach((f) => { forget(f.oldUri); forget(f.newUri); })),
      vscode.workspace.onDidDeleteFiles((e) => e.files.forEach(forget)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.trusted.clear()),
    ];
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    if (this.trusted.delete(key)) return;
    // Not a trusted document: perhaps a folder holding some.
    const prefix = key.endsWith('/') ? key : key + '/';
    for (const k of this.trusted) if (k.startsWith(prefix)) this.trusted.delete(k);
  }

  /** Whether the watcher would report a change to `uri`. */
  private watchable(uri: vscode.Uri): boolean {
    return !UNWATCHED.test(uri.path) && vscode.workspace.getWorkspaceFolder(uri) !== undefined;
  }

  dispose(): void {
    for (const d of this.watching ?? []) d.dispose();
    this.watching = undefined;
    this.trusted.clear();
  }

  /** Summaries for `uris` with `engine`, reporting progress per document; undefined when cancelled. */
  async summarise(
    uris: readonly vscode.Uri[],
    engine: Engine,
    progress?: (done: number, total: number) => void,
    token?: vscode.CancellationToken,
  ): Promise<CompareRun | undefined> {
    this.watch();
    const fingerprint = await fingerprintOf(engine);
    const index = await this.load(fingerprint);
    const documents: ComparedDocument[] = [];
    let analysed = 0;
    let unread = 0;
    let checked = 0;
    let changed = false;
    // Stat (and read what changed) a batch at a time concurrently: each call is a round trip to
    // the file system's host; the hashing and analysis that follow run one document at a time.
    for (let from = 0; from < uris.length; from += BATCH) {
      if (token?.isCancellationRequested) return undefined;
      const batch = uris.slice(from, from + BATCH);
      const undated: { doc: ComparedDocument; entry: IndexEntry }[] = [];
      const loaded = await Promise.all(batch.map((uri) => {
        const known = this.knownWithoutStat(uri, index);
        if (known) return { known };
        checked++;
        return this.load1(uri, index);
      }));
      for (let j = 0; j < batch.length; j++) {
        if (token?.isCancellationRequested) return undefined;
        const uri = batch[j];
        const key = uri.toString();
        const shown = vscode.workspace.asRelativePath(uri, false);
        const doc: ComparedDocument = { uri, path: shown };
        const got = loaded[j];
        if ('error' in got) doc.error = got.error;
        else if ('known' in got) {
          if (got.known.error) doc.error = got.known.error;
          else doc.summary = index.summaries[got.known.hash];
          if (got.known.date) doc.date = got.known.date;
          unread++;
        } else {
          let text = decoder.decode(got.bytes);
          if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
          const binary = binaryReason(text);
          if (binary) {
            doc.error = binary;
            index.files[key] = { mtime: got.mtime, size: got.size, hash: '', error: binary };
            changed = true;
          } else {
            const hash = await sha256(got.bytes);
            let summary = index.summaries[hash];
            if (!summary) {
              summary = summarize(engine, text);
              index.summaries[hash] = summary;
              analysed++;
            }
            const date = documentDate(shown, text)?.date;
            const entry: IndexEntry = date ? { mtime: got.mtime, size: got.size, hash, date } : { mtime: got.mtime, size: got.size, hash };
            index.files[key] = entry;
            changed = true;
            doc.summary = summary;
            if (date) doc.date = date;
            else undated.push({ doc, entry });
          }
        }
        documents.push(doc);
        progress?.(documents.length, uris.length);
      }
      // Documents with no date of their own: the commit that added them, asked of git concurrently.
      if (this.addedDate && undated.length > 0) {
        await Promise.all(undated.map(async ({ doc, entry }) => {
          const date = documentDate(doc.path, '', await this.addedDate!(doc.uri).catch(() => undefined))?.date;
          if (date) { doc.date = date; entry.date = date; }
        }));
      }
      // Let the cancel button and other extensions in between batches.
      await new Promise((r) => setTimeout(r, 0));
    }
    if (changed) await this.save(index);
    return { documents, analysed, unread, checked };
  }

  /** The index entry for `uri` when the watcher has reported no change since it was last checked. */
  private knownWithoutStat(uri: vscode.Uri, index: Index): IndexEntry | undefined {
    const key = uri.toString();
    if (!this.trusted.has(key)) return undefined;
    const known = index.files[key];
    if (known && (known.error || index.summaries[known.hash])) return known;
    this.trusted.delete(key);
    return undefined;
  }

  /** A file's state: unchanged since indexed (not read), its bytes, or why it cannot be read. */
  private async load1(uri: vscode.Uri, index: Index): Promise<{ known: IndexEntry } | { bytes: Uint8Array; mtime: number; size: number } | { error: string }> {
    const key = uri.toString();
    // Trusted from before the stat: a change reported while it runs ends the trust again.
    if (this.watchable(uri)) this.trusted.add(key);
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      const known = index.files[key];
      if (known && known.mtime === stat.mtime && known.size === stat.size && (known.error || index.summaries[known.hash])) return { known };
      return { bytes: await vscode.workspace.fs.readFile(uri), mtime: stat.mtime, size: stat.size };
    } catch (err) {
      this.trusted.delete(key);
      return { error: `cannot read: ${err instanceof vscode.FileSystemError ? err.code || err.message : err instanceof Error ? err.message : String(err)}` };
    }
  }

  private async load(fingerprint: string): Promise<Index> {
    if (this.index?.fingerprint === fingerprint) return this.index;
    // What was checked against another index says nothing about this one's entries.
    this.trusted.clear();
    let loaded: Index | undefined;
    if (this.storage) {
      try {
        const data = JSON.parse(decoder.decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(this.storage, INDEX_FILE)))) as Index;
        if (data?.version === 1 && data.fingerprint === fingerprint && data.files && data.summaries) loaded = data;
      } catch {
        // No index yet, or an unreadable one: start afresh.
      }
    }
    this.index = loaded ?? { version: 1, fingerprint, files: {}, summaries: {} };
    return this.index;
  }

  /** Keeps only the summaries some file still points at, then writes the index. A failed write costs time later, never results. */
  private async save(index: Index): Promise<void> {
    const used = new Set(Object.values(index.files).map((f) => f.hash).filter(Boolean));
    for (const hash of Object.keys(index.summaries)) if (!used.has(hash)) delete index.summaries[hash];
    if (!this.storage) return;
    try {
      await vscode.workspace.fs.createDirectory(this.storage);
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(this.storage, INDEX_FILE), new TextEncoder().encode(JSON.stringify(index)));
    } catch (err) {
      this.log.warn(`Could not save the comparison cache: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

const fingerprints = new WeakMap<Engine, Promise<string>>();

/** The engine's lexicon and configuration, hashed once per engine. */
function fingerprintOf(engine: Engine): Promise<string> {
  let f = fingerprints.get(engine);
  if (!f) {
    f = sha256(new TextEncoder().encode(JSON.stringify([[...engine.entries.values()], engine.config])));
    fingerprints.set(engine, f);
  }
  return f;
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}
