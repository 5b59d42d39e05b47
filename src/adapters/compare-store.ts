/**
 * The comparison matrix's per-document results, cached by content hash in the extension's
 * workspace storage (`context.storageUri`, through vscode.workspace.fs, so it works in the
 * browser too). A document whose size and modification time are unchanged is not even read; one
 * whose text hashes to a known summary is not analysed again. Re-opening the view after one
 * document changed analyses that document alone.
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
  hash: string;
  date?: string;
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
}

const decoder = new TextDecoder('utf-8');

export class CompareStore {
  private index: Index | undefined;

  constructor(private readonly storage: vscode.Uri | undefined, private readonly log: Log) {}

  /** Summaries for `uris` with `engine`, reporting progress per document; undefined when cancelled. */
  async summarise(
    uris: readonly vscode.Uri[],
    engine: Engine,
    progress?: (done: number, total: number) => void,
    token?: vscode.CancellationToken,
  ): Promise<CompareRun | undefined> {
    const fingerprint = await fingerprintOf(engine);
    const index = await this.load(fingerprint);
    const documents: ComparedDocument[] = [];
    let analysed = 0;
    let unread = 0;
    let changed = false;
    // Stat (and read what changed) a batch at a time concurrently: each call is a round trip to
    // the file system's host; the hashing and analysis that follow run one document at a time.
    for (let from = 0; from < uris.length; from += BATCH) {
      if (token?.isCancellationRequested) return undefined;
      const batch = uris.slice(from, from + BATCH);
      const loaded = await Promise.all(batch.map((uri) => this.load1(uri, index)));
      for (let j = 0; j < batch.length; j++) {
        if (token?.isCancellationRequested) return undefined;
        const uri = batch[j];
        const key = uri.toString();
        const shown = vscode.workspace.asRelativePath(uri, false);
        const doc: ComparedDocument = { uri, path: shown };
        const got = loaded[j];
        if ('error' in got) doc.error = got.error;
        else if ('known' in got) {
          doc.summary = index.summaries[got.known.hash];
          if (got.known.date) doc.date = got.known.date;
          unread++;
        } else {
          let text = decoder.decode(got.bytes);
          if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
          const binary = binaryReason(text);
          if (binary) doc.error = binary;
          else {
            const hash = await sha256(got.bytes);
            let summary = index.summaries[hash];
            if (!summary) {
              summary = summarize(engine, text);
              index.summaries[hash] = summary;
              analysed++;
            }
            const date = documentDate(shown, text)?.date;
            index.files[key] = date ? { mtime: got.mtime, size: got.size, hash, date } : { mtime: got.mtime, size: got.size, hash };
            changed = true;
            doc.summary = summary;
            if (date) doc.date = date;
          }
        }
        documents.push(doc);
        progress?.(documents.length, uris.length);
      }
      // Let the cancel button and other extensions in between batches.
      await new Promise((r) => setTimeout(r, 0));
    }
    if (changed) await this.save(index);
    return { documents, analysed, unread };
  }

  /** A file's state: unchanged since indexed (not read), its bytes, or why it cannot be read. */
  private async load1(uri: vscode.Uri, index: Index): Promise<{ known: IndexEntry } | { bytes: Uint8Array; mtime: number; size: number } | { error: string }> {
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      const known = index.files[uri.toString()];
      if (known && known.mtime === stat.mtime && known.size === stat.size && index.summaries[known.hash]) return { known };
      return { bytes: await vscode.workspace.fs.readFile(uri), mtime: stat.mtime, size: stat.size };
    } catch (err) {
      return { error: `cannot read: ${err instanceof vscode.FileSystemError ? err.code || err.message : err instanceof Error ? err.message : String(err)}` };
    }
  }

  private async load(fingerprint: string): Promise<Index> {
    if (this.index?.fingerprint === fingerprint) return this.index;
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
    const used = new Set(Object.values(index.files).map((f) => f.hash));
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
