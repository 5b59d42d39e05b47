/**
 * Diagnostics sent in bands of lines (#11 item 3). VS Code has no partial update for a document's
 * diagnostics: `DiagnosticCollection.set` replaces all of them, and the renderer re-decorates
 * every one. So the findings of a document are kept in one collection per band of lines, and
 * after an edit only the bands whose findings the renderer does not already show are sent:
 * typing on a line with a finding sends that band's few dozen diagnostics, not the document's
 * 2,000. A line break sends the bands from its line down (everything below it moved).
 *
 * Pure: the feature (features/diagnostics.ts) owns the collections and converts findings.
 */
import { EditedLines, LineRange } from './edited-lines';

/** Lines per band: small enough that a band sends a few dozen diagnostics on a dense document. */
export const BAND_LINES = 500;

export interface BandChange<T> {
  band: number;
  /** What the band now holds (empty: clear the band's collection for this document). */
  items: T[];
}

export class LineBands<T> {
  /** What each band was last sent (bands with nothing are absent). */
  private sent = new Map<number, T[]>();
  /** The lines edited since the last update (note edits here). */
  readonly edited = new EditedLines();

  constructor(
    private readonly rangeOf: (item: T) => LineRange,
    private readonly same: (a: T, b: T) => boolean,
    private readonly bandLines = BAND_LINES,
  ) {}

  /** The band a range is sent in: the band of its first line. */
  bandOf(range: LineRange): number {
    return Math.floor(range.start.line / this.bandLines);
  }

  /**
   * The bands whose items differ from what the renderer shows, in band order; afterwards the
   * renderer is taken to show `items` (the caller sends every change returned).
   */
  update(items: readonly T[]): BandChange<T>[] {
    const next = new Map<number, T[]>();
    for (const item of items) {
      const band = this.bandOf(this.rangeOf(item));
      const list = next.get(band);
      if (list) list.push(item);
      else next.set(band, [item]);
    }
    const changes: BandChange<T>[] = [];
    for (const [band, list] of next) {
      if (!this.edited.unchanged(this.sent.get(band), list, this.rangeOf, this.same)) changes.push({ band, items: list });
    }
    for (const band of this.sent.keys()) if (!next.has(band)) changes.push({ band, items: [] });
    changes.sort((a, b) => a.band - b.band);
    this.sent = next;
    this.edited.clear();
    return changes;
  }
}
