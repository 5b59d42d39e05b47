/** `policy-lens report --cache DIR`: one small JSON file per analysed document, named by the hash of the engine and the text. */
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { DocumentSummary } from '../core/compare/matrix';

/** What the index remembers of a file: its size and time when last read, its text's key and its date. */
interface IndexEntry {
  size: number;
  mtimeMs: number;
  key: string;
  date: string | null;
}

export class SummaryCache {
  private ready = false;
  private index: Record<string, IndexEntry> | undefined;
  private indexChanged = false;

  /** `fingerprint` names the engine (lexicon, configuration, program version): another engine, other keys. */
  constructor(private readonly dir: string, private readonly fingerprint: string) {}

  /** The key of a text: SHA-256 of the engine's fingerprint and the text. */
  key(text: string): string {
    return createHash('sha256').update(this.fingerprint).update('\0').update(text).digest('hex');
  }

  async get(key: string): Promise<DocumentSummary | undefined> {
    try {
      const data = JSON.parse(await fs.readFile(this.file(key), 'utf8')) as DocumentSummary;
      return typeof data?.words === 'number' && data.counts && typeof data.counts === 'object' ? data : undefined;
    } catch {
      return undefined;
    }
  }

  /** Written to a temporary name and renamed, so a reader never sees half a file. Failures are ignored (a cache). */
  async set(key: string, summary: DocumentSummary): Promise<void> {
    try {
      if (!this.ready) { await fs.mkdir(this.dir, { recursive: true }); this.ready = true; }
      const tmp = `${this.file(key)}.${process.pid}.tmp`;
      await fs.writeFile(tmp, JSON.stringify(summary));
      await fs.rename(tmp, this.file(key));
    } catch {
      // A cache that cannot be written costs time, never results.
    }
  }

  /**
   * A file whose size and modification time are those the index holds is not read again: its
   * summary comes from the cache by the key of the text last read. Undefined: read it.
   */
  async lookup(file: string, stat: { size: number; mtimeMs: number }): Promise<{ summary: DocumentSummary; date: string | null } | undefined> {
    const index = await this.loadIndex();
    const known = index[file];
    if (!known || known.size !== stat.size || known.mtimeMs !== stat.mtimeMs) return undefined;
    const summary = await this.get(known.key);
    return summary && { summary, date: known.date };
  }

  async remember(file: string, stat: { size: number; mtimeMs: number }, key: string, date: string | null): Promise<void> {
    const index = await this.loadIndex();
    index[file] = { size: stat.size, mtimeMs: stat.mtimeMs, key, date };
    this.indexChanged = true;
  }

  /** Writes the index when it changed (atomically, as every cache file). */
  async flush(): Promise<void> {
    if (!this.indexChanged || !this.index) return;
    try {
      if (!this.ready) { await fs.mkdir(this.dir, { recursive: true }); this.ready = true; }
      const target = this.indexFile();
      const tmp = `${target}.${process.pid}.tmp`;
      await fs.writeFile(tmp, JSON.stringify(this.index));
      await fs.rename(tmp, target);
      this.indexChanged = false;
    } catch {
      // A cache that cannot be written costs time, never results.
    }
  }

  private async loadIndex(): Promise<Record<string, IndexEntry>> {
    if (this.index) return this.index;
    try {
      const data = JSON.parse(await fs.readFile(this.indexFile(), 'utf8')) as Record<string, IndexEntry>;
      this.index = data && typeof data === 'object' && !Array.isArray(data) ? data : {};
    } catch {
      this.index = {};
    }
    return this.index;
  }

  /** One index per engine: another lexicon or configuration starts afresh. */
  private indexFile(): string {
    return path.join(this.dir, `index-${this.fingerprint.slice(0, 16)}.json`);
  }

  private file(key: string): string {
    return path.join(this.dir, `${key}.json`);
  }
}

export function fingerprintOf(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}
