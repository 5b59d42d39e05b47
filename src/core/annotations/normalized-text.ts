/**
 * The document with every run of whitespace collapsed to one space, and the offset mapping
 * back to the original, so a quote re-wrapped across lines still matches.
 */
export interface NormalizedText {
  text: string;
  toOriginal(offset: number): number;
  fromOriginal(offset: number): number;
}

export function normalizeWhitespace(s: string): string {
  return s.replace(/\s+/g, ' ');
}

export function normalizeText(original: string): NormalizedText {
  const text = normalizeWhitespace(original);
  // Only runs of two or more characters shift offsets; record where each shift begins.
  const normStarts: number[] = [];
  const origStarts: number[] = [];
  const shifts: number[] = [];
  let shift = 0;
  const runs = /\s{2,}/g;
  for (let m = runs.exec(original); m; m = runs.exec(original)) {
    const runEnd = m.index + m[0].length;
    shift += m[0].length - 1;
    normStarts.push(runEnd - shift);
    origStarts.push(runEnd);
    shifts.push(shift);
  }
  const lastAtOrBefore = (keys: number[], value: number): number => {
    let lo = 0;
    let hi = keys.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (keys[mid] <= value) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  };
  return {
    text,
    toOriginal(offset) {
      const k = lastAtOrBefore(normStarts, offset);
      return offset + (k < 0 ? 0 : shifts[k]);
    },
    fromOriginal(offset) {
      const k = lastAtOrBefore(origStarts, offset);
      return Math.min(text.length, Math.max(0, offset - (k < 0 ? 0 : shifts[k])));
    },
  };
}
