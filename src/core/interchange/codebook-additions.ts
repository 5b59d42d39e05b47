/**
 * The tags an import brings that the codebook does not have, added to `.policy-lens.yaml`'s
 * `codebook:` list (one shared step for the CLI and the editor, which each write the text their
 * own way). A tag keeps its colour from the file when it is `#rrggbb`, else gets a free one.
 */
import { newTagColor } from '../annotations/codebook';
import type { CodebookTag } from '../annotations/types';
import { addCodebookTag } from '../config-edit';
import type { ImportedTag } from './imported';

export interface CodebookAdditions {
  /** The config text with the tags added (the same text when none could be). */
  text: string;
  added: string[];
  /** Tags that could not be added, with why. */
  failed: { id: string; error: string }[];
}

export function addImportedTags(configText: string, tags: readonly Pick<ImportedTag, 'id' | 'label' | 'color'>[], codebook: readonly CodebookTag[]): CodebookAdditions {
  let text = configText;
  const used = codebook.map((t) => t.color);
  const added: string[] = [];
  const failed: { id: string; error: string }[] = [];
  for (const tag of tags) {
    const color = tag.color && /^#[0-9a-f]{6}$/i.test(tag.color) ? tag.color.toLowerCase() : newTagColor(used);
    const edit = addCodebookTag(text, { id: tag.id, label: tag.label, color });
    if (edit.ok) { text = edit.text; used.push(color); added.push(tag.id); } else failed.push({ id: tag.id, error: edit.error });
  }
  return { text, added, failed };
}
