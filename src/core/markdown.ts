/**
 * Plain text made safe for Markdown that keeps ordinary spaces.
 *
 * VS Code's `MarkdownString.appendText` turns every space into `&nbsp;`, so a hover
 * built with it can only wrap inside words ("plan s ervices"). These helpers escape
 * what Markdown would read as syntax and leave spaces as spaces, so text wraps at
 * word boundaries. Pure: used by hovers, tooltips and reports alike.
 */

/** ASCII punctuation Markdown can read as syntax (CommonMark lets any of it be backslash-escaped). */
const SYNTAX = /[\\`*_{}[\]()#+\-.!|<>~&:"'=$^@]/g;

/**
 * One line of literal text as inline Markdown: syntax characters backslash-escaped,
 * runs of whitespace (line breaks included) folded to one ordinary space, so the
 * text can neither start a heading, list or code block nor carry HTML or links.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(SYNTAX, (c) => `\\${c}`);
}

/** Literal text for a Markdown table cell: escaped, and never longer than `max` characters. */
export function markdownCell(text: string, max = Infinity): string {
  return escapeMarkdown(shorten(text, max));
}

/** Text folded to one line and cut at a word boundary with an ellipsis when longer than `max`. */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, Math.max(1, max - 1));
  // Cut inside a word: go back to the last space, unless that would lose most of the text.
  const space = flat[cut.length] === ' ' ? cut.length : cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, '')}…`;
}
