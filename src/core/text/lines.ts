/** Offset <-> line/character conversion for \n, \r\n and lone \r line ends (0-based). */
export class LineIndex {
  private readonly starts: number[];
  private readonly length: number;

  constructor(text: string) {
    const starts = [0];
    const n = text.length;
    let i = text.indexOf('\r') < 0 ? -1 : 0;
    if (i < 0) {
      // Fast path: only \n line ends.
      let at = text.indexOf('\n');
      while (at >= 0) {
        starts.push(at + 1);
        at = text.indexOf('\n', at + 1);
      }
    } else {
      for (i = 0; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
    }
    this.starts = starts;
    this.length = n;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): { line: number; character: number } {
    const o = Math.max(0, Math.min(offset, this.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  offsetAt(line: number, character: number): number {
    if (line < 0) return 0;
    if (line >= this.starts.length) return this.length;
    const start = this.starts[line];
    const next = line + 1 < this.starts.length ? this.starts[line + 1] : this.length;
    return Math.max(start, Math.min(start + Math.max(0, character), next));
  }
}
