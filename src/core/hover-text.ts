/**
 * The Markdown of Policy Lens's hovers, built from plain data. Every piece of text
 * that comes from the lexicon, a workspace config, a sidecar or the document goes
 * through escapeMarkdown (ordinary spaces, so the hover wraps between words); the
 * editor shows the result as untrusted Markdown (no HTML, no command links).
 */
import { readableDate } from './dates';
import { Analysis, pageAt } from './engine';
import { escapeMarkdown, shorten } from './markdown';
import { Finding, LexiconEntry, Mention } from './types';

/** "p. 26", or undefined when the document carries no page numbers. */
export function pageLabel(page: number | undefined): string | undefined {
  return page === undefined ? undefined : `p. ${page}`;
}

/** A lexicon entry explained: label, kinds, definition, source, other names, counts, page, related. */
export function termHoverMarkdown(entry: LexiconEntry, analysis: Analysis, entries: ReadonlyMap<string, LexiconEntry>, mention?: Mention): string {
  const parts: string[] = [];
  parts.push(`**${escapeMarkdown(entry.label)}** _(${entry.kinds.join(' and ')})_`);
  parts.push(escapeMarkdown(entry.definition));
  if (entry.source) parts.push(`_Source:_ ${escapeMarkdown(entry.source)}`);
  const others = entry.aliases.filter((a) => a.toLowerCase() !== entry.label.toLowerCase());
  if (others.length) parts.push(`_Also:_ ${escapeMarkdown(others.join(', '))}`);
  const count = analysis.counts[entry.id] ?? 0;
  const page = mention ? pageLabel(pageAt(analysis.pages, mention.start)) : undefined;
  parts.push(`Mentioned **${count}×** in this document.` + (page ? ` This one is on ${page}.` : ''));
  const related = entry.related.map((id) => entries.get(id)).filter((e): e is LexiconEntry => !!e);
  if (related.length) parts.push(`_Related:_ ${escapeMarkdown(related.map((r) => `${r.label} (${analysis.counts[r.id] ?? 0}×)`).join(', '))}`);
  return parts.join('\n\n');
}

/** The page of a finding: the engine's own, else where its span starts. */
export function findingPage(finding: Finding, analysis: Pick<Analysis, 'pages'>): number | undefined {
  return finding.page ?? pageAt(analysis.pages, finding.start);
}

/**
 * The page line of a finding's hover ("**funding.unquantified** · p. 26"), or undefined
 * when there is no page to add (the diagnostic's own hover already gives the message).
 */
export function findingHoverMarkdown(finding: Finding, analysis: Pick<Analysis, 'pages'>): string | undefined {
  const page = pageLabel(findingPage(finding, analysis));
  return page && `**${escapeMarkdown(finding.rule)}** · ${page}`;
}

/** What an annotation hover needs to know of it. */
export interface AnnotationHoverData {
  tag: string;
  note: string;
  author?: string;
  created?: string;
  updated?: string;
  status?: string;
  replies?: readonly { author?: string; created?: string; body: string }[];
  conflicts?: readonly unknown[];
}

/**
 * An annotation's hover: tag, its printed page where the document has page numbers, author as
 * written, dates as readable local dates (the ISO text stays in the sidecar), then the note. The note is the analyst's own Markdown and
 * is kept as Markdown (the editor renders it untrusted).
 */
export function annotationHoverMarkdown(a: AnnotationHoverData, tagLabel: string | undefined, utc = false, page?: number): string {
  let head = `**${escapeMarkdown(tagLabel ?? a.tag)}** annotation`;
  const where = pageLabel(page);
  if (where) head += ` on ${escapeMarkdown(where)}`;
  const created = a.created ? readableDate(a.created, utc) : undefined;
  const edited = a.updated && a.updated !== a.created ? 'edited ' + readableDate(a.updated, utc) : undefined;
  const when = [created, edited].filter(Boolean).join(', ');
  const by = [a.author ? escapeMarkdown(a.author) : undefined, when ? escapeMarkdown(when) : undefined].filter(Boolean).join(' · ');
  if (by) head += ` _(${by})_`;
  if (a.status === 'resolved') head += ' · **resolved**';
  const count = a.conflicts?.length ?? 0;
  if (count) head += ` · **${escapeMarkdown(`${count} merge conflict${count === 1 ? '' : 's'}`)}** (run "Resolve Merge Conflict in Annotation")`;
  // Replies are the analysts' own Markdown, as the note is (rendered untrusted).
  const replies = (a.replies ?? []).map((r) => {
    const by = [r.author ? escapeMarkdown(r.author) : undefined, r.created ? escapeMarkdown(readableDate(r.created, utc)) : undefined].filter(Boolean).join(' · ') || 'reply';
    return `\n\n---\n\n_${by}:_\n\n${r.body || '_Empty reply._'}`;
  }).join('');
  return `${head}\n\n---\n\n${a.note || '_No note._'}${replies}`;
}

/**
 * An annotation's tooltip in the sidebar: tag and author, the quote as a block quote, then the
 * note (the analyst's own Markdown, rendered untrusted). Spaces stay spaces, so it wraps between words.
 */
export function annotationTooltipMarkdown(a: { tag: string; author?: string; quote: string; note: string }): string {
  const by = a.author ? ` · ${escapeMarkdown(a.author)}` : '';
  return `**${escapeMarkdown(a.tag)}**${by}\n\n> ${escapeMarkdown(shorten(a.quote, 300))}\n\n${a.note || '_No note._'}`;
}
