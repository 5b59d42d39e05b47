/** `policy-lens report --cache DIR`: one small JSON file per analysed document, named by the hash of the engine and the text. */
import { createHash } from 'crypto';
import { promises as fs } from 'fs';
import * as path from 'path';
import { DocumentSummary } from '../core/compare/matrix';

export class SummaryCache {
  private ready = false;

  /** `fingerprint` names the engine (lexicon, configuration, program version): another engine, other keys. */
  constructor(private readonly dir: string, private readonly fingerprint: string) {}

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

  private file(key: string): string {
    return path.join(this.dir, `${key}.json`);
  }
}

export function fingerprintOf(...parts: string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}
