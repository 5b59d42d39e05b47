/** One document's matrix column from the engine's lexicon matches: words and mentions per entry. */
import { Engine } from '../engine';
import { countWords } from '../text/words';
import { DocumentSummary } from './matrix';

export function summarize(engine: Engine, text: string): DocumentSummary {
  const counts: Record<string, number> = {};
  for (const m of engine.mentions(text)) counts[m.entryId] = (counts[m.entryId] ?? 0) + 1;
  return { words: countWords(text), counts };
}

/** Text that is not a policy document: NUL bytes or many replacement characters in the first 8 KB. */
export function binaryReason(text: string): string | undefined {
  const head = text.slice(0, 8192);
  if (head.includes('\u0000')) return 'binary file (NUL bytes)';
  let bad = 0;
  for (let i = 0; i < head.length; i++) if (head.charCodeAt(i) === 0xfffd) bad++;
  return bad > 8 && bad > head.length / 50 ? 'not UTF-8 text' : undefined;
}
