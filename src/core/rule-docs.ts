/** A rule's explanation, cut from docs/rules.md (the one text the README and the editor share). */

/**
 * The `## <rule>` section of the rules document, heading included, up to the next
 * heading of the same or a higher level; undefined when the rule has no section.
 */
export function ruleSection(markdown: string, rule: string): string | undefined {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((l) => /^##\s/.test(l) && l.replace(/^##\s+/, '').trim() === rule);
  if (start < 0) return undefined;
  let end = start + 1;
  let fenced = false;
  for (; end < lines.length; end++) {
    if (/^\s*(```|~~~)/.test(lines[end])) fenced = !fenced;
    if (!fenced && /^#{1,2}\s/.test(lines[end])) break;
  }
  return lines.slice(start, end).join('\n').trim() + '\n';
}
