// The README's command and settings tables, generated from package.json (the one source of
// truth for titles, settings, types and defaults), as Error Lens does.
//
//   node scripts/readme-tables.mjs           rewrite the tables in README.md (`npm run readme`)
//   node scripts/readme-tables.mjs --check   exit 1 when README.md is not up to date (run by npm test)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readmePath = path.join(root, 'README.md');

/**
 * What each palette command does, for the README only (package.json has no place for it).
 * Keyed by command id; every command the palette shows needs one, and no other.
 */
export const COMMAND_NOTES = {
  'policyLens.showDocumentSummary': 'Word and sentence counts, the party mention table, findings by rule and the money statements by class for the active document, rendered beside it (also from the status bar item and the banner at the top of the document).',
  'policyLens.showRule': 'A rule\'s explanation, rendered (also the rule code link on each finding in the Problems panel).',
  'policyLens.toggleHighlighting': 'Turns highlighting on or off (`policyLens.highlight.enabled`).',
  'policyLens.addToLexicon': 'Adds the selected words to `.policy-lens.yaml` as a party or a term, keeping the file\'s comments and formatting; when the words look like a variant of an existing entry ("VCFSE" of VCSE: a letter more in an abbreviation, shared words, a close spelling) it first offers **as another name of** that entry, which adds an alias instead of a new entry.',
  'policyLens.annotateSelection': 'Asks for a tag, then opens a comment thread on the selected passage where you write the note (Markdown, several paragraphs) and press **Add Annotation**; with comment threads off it asks for the note in a box (also in the editor\'s context menu). Type a name that is not in the codebook ("risk") and choose **Create a new tag**: it is added to the workspace codebook in `.policy-lens.yaml` with a colour of its own, and used.',
  'policyLens.searchAnnotations': 'Fuzzy search over every annotation\'s note, quote and tag in the workspace.',
  'policyLens.refreshAnnotations': 'Re-reads every sidecar.',
  'policyLens.toggleAnnotationScope': 'Switches the sidebar between the active document and the whole workspace.',
  'policyLens.showIgnoredFindings': 'Lists what is ignored in the active document (quick pick) and restores the one you choose, or all of them.',
  'policyLens.resolveMergeConflict': 'Settles a conflict the git merge driver recorded in an annotation (both branches changed the same field): keep ours or take theirs, one at a time (also in the thread\'s title bar, and the menu of an annotation with a merge conflict in the Annotations view).',
  'policyLens.saveNote': 'Writes the note open in a note editor (what **Edit Note** opens when comment threads are off, or for an orphan) back to its annotation, exactly as typed, and closes the editor (also its title bar button). Closing the editor without it drops the edit.',
  'policyLens.reviewAnnotationChanges': 'Pick a branch, tag or recent commit: which annotations were added, edited, re-anchored, orphaned or deleted since then, as `policy-lens check --since` reports it, opened as a Markdown document. Reads the old sidecars through VS Code\'s Git extension (or git itself in desktop VS Code); nothing is checked out or written. Not in Restricted Mode or the browser.',
  'policyLens.setUpGitMerging': 'Asks first, then adds `*.annotations.yaml merge=policy-lens` to the folder\'s `.gitattributes` and sets `merge.policy-lens.driver` in the repository\'s `.git/config`, so git merges two colleagues\' annotations by id. Not in Restricted Mode.',
  'policyLens.toggleOpenThreadsOnly': 'Shows only annotations whose thread is open (hides resolved ones) in the sidebar, or all again (also the filter button in the view\'s title bar).',
  'policyLens.exportBrief': 'A Markdown brief of the active document\'s annotations, or the workspace\'s when the Annotations view shows the workspace (also the book icon on the view\'s title bar): each document\'s title and source, its findings (parties never mentioned and what is named instead, money statements by class), then the annotations grouped by tag in codebook order, each quote as a blockquote with its printed page "(p13)" or its line, the note, author and date. Opens as an unsaved document to edit; the same annotations give the same text.',
  'policyLens.exportAnnotations': 'Exports the annotations (the active document, or the workspace) as a REFI-QDA project `.qdpx` (NVivo, ATLAS.ti, MAXQDA, QualCoder), a REFI-QDA codebook `.qdc`, W3C Web Annotation JSON-LD, CSV or a brief, to a file you choose. To export only some, select them in the Annotations view and right-click **Export Selected Annotations...** (or **Export Brief of Selection**).',
  'policyLens.importAnnotations': 'Imports a REFI-QDA `.qdpx` / `.qdc`, W3C Web Annotation JSON(-LD) or a Hypothesis export into the workspace\'s sidecars: each annotation is anchored by its quote (positions are only a hint); the plan (added, changed, orphaned) is shown before anything is written, existing annotations are merged by id, never dropped; tags the codebook lacks are named in the plan and added to `.policy-lens.yaml`. Also on such files in the Explorer.',
  'policyLens.undoImport': 'Puts back every sidecar the last import wrote, exactly as it was and the tags it added to `.policy-lens.yaml` (a file changed since is left alone and named); also the **Undo Import** button on the import\'s notification.',
  'policyLens.compareDocuments': 'The matrix of parties and terms across documents (the whole workspace from the palette; the folder or the selected files from the Explorer; also the Findings view\'s title bar): mention counts or rates per 10,000 words, shaded as a heat map, never-mentioned cells marked, a trend line per row across dated editions; sort, filter and pin rows; click a count to select those mentions in the document, tick two columns to see their difference.',
  'policyLens.compareWithPreviousRevision': 'The difference between the active document (or the file chosen in the Explorer or on its tab) and its previous committed revision: what appears, disappears, rises or falls, with the sentences that carry the change. The last commit when the document has uncommitted changes, else the commit before it. Read through VS Code\'s Git extension; says why when there is none (VS Code for the web, Restricted Mode, not a repository).',
  'policyLens.undoIgnore': 'Takes back the last "Ignore this finding here" / "Ignore rule in this document", restoring the sidecar exactly (also Ctrl+Z right after ignoring).',
};

/** Commands the palette shows: those not hidden by a `when: false` commandPalette entry. */
export function paletteCommands(manifest) {
  const hidden = new Set(manifest.contributes.menus.commandPalette.filter((m) => m.when === 'false').map((m) => m.command));
  return manifest.contributes.commands.filter((c) => !hidden.has(c.command));
}

const cell = (text) => String(text).replace(/\|/g, '\\|').replace(/\n+/g, ' ');

function typeOf(prop) {
  if (prop.type === 'array') return `list of ${prop.items?.enum ? prop.items.enum.map((e) => `\`${e}\``).join(', ') : `${prop.items?.type ?? 'any'}s`}`;
  if (prop.type === 'object' && prop.properties) return `object: ${Object.keys(prop.properties).map((k) => `\`${k}\``).join(', ')}`;
  return prop.type;
}

function defaultOf(value) {
  return `\`${JSON.stringify(value).replace(/,/g, ', ')}\``;
}

export function commandsTable(manifest) {
  const rows = paletteCommands(manifest).map((c) => {
    const note = COMMAND_NOTES[c.command];
    if (!note) throw new Error(`scripts/readme-tables.mjs: no README note for ${c.command} (add one to COMMAND_NOTES)`);
    return `| \`${c.category}: ${c.title}\` | ${cell(note)} |`;
  });
  const stale = Object.keys(COMMAND_NOTES).filter((id) => !paletteCommands(manifest).some((c) => c.command === id));
  if (stale.length) throw new Error(`scripts/readme-tables.mjs: notes for commands the palette does not show: ${stale.join(', ')}`);
  return ['| Command | What it does |', '| --- | --- |', ...rows].join('\n');
}

export function settingsTable(manifest) {
  const rows = Object.entries(manifest.contributes.configuration.properties).map(([key, prop]) =>
    `| \`${key}\` | ${cell(typeOf(prop))} | ${cell(defaultOf(prop.default))} | ${cell(prop.markdownDescription ?? prop.description ?? '')} |`);
  return ['| Setting | Type | Default | Description |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

const begin = (name) => `<!-- ${name} table: generated from package.json by \`npm run readme\`; do not edit by hand -->`;
const end = (name) => `<!-- end of ${name} table -->`;

/** README text with each generated table replaced; throws when a marker is missing. */
export function withTables(readme, manifest) {
  let out = readme;
  for (const [name, table] of [['commands', commandsTable(manifest)], ['settings', settingsTable(manifest)]]) {
    const from = out.indexOf(begin(name));
    const to = out.indexOf(end(name));
    if (from < 0 || to < from) throw new Error(`README.md has no "${begin(name)}" ... "${end(name)}" block`);
    out = `${out.slice(0, from)}${begin(name)}\n${table}\n${out.slice(to)}`;
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const readme = fs.readFileSync(readmePath, 'utf8');
  const next = withTables(readme, manifest);
  if (process.argv.includes('--check')) {
    if (next !== readme) {
      console.error('README.md: the command or settings table is out of date with package.json; run `npm run readme`.');
      process.exit(1);
    }
    console.log('README.md tables match package.json.');
  } else if (next !== readme) {
    fs.writeFileSync(readmePath, next);
    console.log('README.md tables regenerated from package.json.');
  }
}
