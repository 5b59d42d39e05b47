/** The tags analysts code passages with; a workspace may relabel, recolour or add tags. */
import type { CodebookOverride, CodebookTag } from './types';

export const DEFAULT_CODEBOOK: readonly CodebookTag[] = Object.freeze([
  { id: 'stakeholder', label: 'Stakeholder', color: '#1f77b4', description: 'A party named, or one that should be, with a role in the policy.' },
  { id: 'funding', label: 'Funding', color: '#2ca02c', description: 'Money: sources, amounts, or commitments without a source.' },
  { id: 'omission', label: 'Omission', color: '#d62728', description: 'Something or someone the text leaves out.' },
  { id: 'governance', label: 'Governance', color: '#9467bd', description: 'Accountability, decision rights and oversight.' },
  { id: 'timeline', label: 'Timeline', color: '#ff7f0e', description: 'Dates, deadlines and sequencing.' },
  { id: 'question', label: 'Question', color: '#17becf', description: 'A point to raise or check.' },
].map((t) => Object.freeze(t)));

const COLOR = /^#[0-9a-fA-F]{6}$/;

/**
 * The defaults with workspace overrides applied in order: an override with a known id changes
 * only the fields it gives; an unknown id adds a tag (label defaults to the id, colour to grey).
 * Invalid colours are ignored (the config parser reports them).
 */
export function resolveCodebook(overrides: readonly CodebookOverride[] = []): CodebookTag[] {
  const tags = DEFAULT_CODEBOOK.map((t) => ({ ...t }));
  for (const o of overrides) {
    if (!o || typeof o.id !== 'string' || o.id === '') continue;
    const color = typeof o.color === 'string' && COLOR.test(o.color) ? o.color.toLowerCase() : undefined;
    const existing = tags.find((t) => t.id === o.id);
    if (existing) {
      if (o.label !== undefined) existing.label = o.label;
      if (color) existing.color = color;
      if (o.description !== undefined) existing.description = o.description;
    } else {
      tags.push({ id: o.id, label: o.label ?? o.id, color: color ?? '#808080', description: o.description ?? '' });
    }
  }
  return tags;
}

/** Colours for new tags, distinct from the defaults and from each other. */
const NEW_TAG_COLORS = ['#8c564b', '#e377c2', '#bcbd22', '#7f7f7f', '#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173', '#3182bd'];

/** A colour for a new tag: the first of a fixed palette no tag uses yet, then hues spread around the wheel. */
export function newTagColor(used: readonly string[]): string {
  const taken = new Set(used.map((c) => c.toLowerCase()));
  const free = NEW_TAG_COLORS.find((c) => !taken.has(c));
  if (free) return free;
  for (let i = 0; ; i++) {
    const color = hslToHex((i * 137.508) % 360, 0.55, 0.45);
    if (!taken.has(color)) return color;
  }
}

function hslToHex(h: number, s: number, l: number): string {
  const a = s * Math.min(l, 1 - l);
  const channel = (n: number) => {
    const k = (n + h / 30) % 12;
    const v = l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(v * 255).toString(16).padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}
