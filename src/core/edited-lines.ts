/**
 * Whether a repaint (diagnostics, decorations) can be skipped because the renderer already shows
 * exactly what it would send (#11: re-sending 2,000 unchanged diagnostics on every keystroke of a
 * 1 MB document cost the renderer more than the analysis).
 *
 * Equal ranges are not enough on their own: the renderer moves what it shows as the text is
 * edited (a range grows when typed into, shrinks when part of it is replaced), so what it shows
 * after an edit is the last paint *moved by the edits since*. That equals the last paint wherever
 * no edit touched: an edit inside one line moves only that line's ranges, and an edit that adds or
 * removes a line break moves every line after it. So a repaint is skipped only when the new
 * ranges equal the last painted ones, no painted range lies on or after the first line where an
 * edit since changed the line count, and no edited line holds a painted range.
 *
 * Line numbers stay comparable across several edits: every line above the first line-count
 * change keeps its number, and an edit noted on or below it is covered by that change anyway.
 */

/** A position as VS Code's Position has it (structural, so vscode.Range fits). */
export interface LinePosition { readonly line: number; readonly character: number }
export interface LineRange { readonly start: LinePosition; readonly end: LinePosition }

export class EditedLines {
  private readonly lines = new Set<number>();
  /** The first line at which an edit since the last paint added or removed lines (Infinity: none). */
  private movedFrom = Infinity;

  /** An edit of the text between two lines (as before the edit) that inserted `text`. */
  note(startLine: number, endLine: number, text: string): void {
    if (startLine !== endLine || text.includes('\n') || text.includes('\r')) this.movedFrom = Math.min(this.movedFrom, startLine);
    else this.lines.add(startLine);
  }

  /** A paint was sent: what the renderer shows is that paint again. */
  clear(): void {
    this.lines.clear();
    this.movedFrom = Infinity;
  }

  /**
   * True when the renderer already shows `next`: item by item at the same range (`rangeOf`) and
   * the same otherwise (`same`) as `previous`, and no edit since `previous` was painted can have
   * moved it.
   */
  unchanged<T>(previous: readonly T[] | undefined, next: readonly T[], rangeOf: (item: T) => LineRange, same: (a: T, b: T) => boolean = () => true): boolean {
    if (previous === undefined || previous.length !== next.length) return false;
    for (let i = 0; i < next.length; i++) {
      const a = rangeOf(previous[i]);
      if (!sameRange(a, rangeOf(next[i])) || !same(previous[i], next[i])) return false;
      if (!this.stays(a)) return false;
    }
    return true;
  }

  /** Whether no edit since the last paint can have moved or resized a range painted there. */
  stays(range: LineRange): boolean {
    return range.end.line < this.movedFrom && (this.lines.size === 0 || !this.touches(range));
  }

  private touches(range: LineRange): boolean {
    if (range.end.line - range.start.line < this.lines.size) {
      for (let line = range.start.line; line <= range.end.line; line++) if (this.lines.has(line)) return true;
      return false;
    }
    for (const line of this.lines) if (line >= range.start.line && line <= range.end.line) return true;
    return false;
  }
}

export function sameRange(a: LineRange, b: LineRange): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character
    && a.end.line === b.end.line && a.end.character === b.end.character;
}
