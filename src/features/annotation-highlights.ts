/** Annotated spans in the editor, coloured by tag, with the note on hover. */
import * as vscode from 'vscode';
import { AnnotationStore } from '../adapters/annotation-store';
import { untrustedMarkdown } from '../adapters/problems';
import { Annotation, CodebookTag } from '../core/annotations';
import { annotationHoverMarkdown } from '../core/hover-text';
import { pageAt } from '../core/engine';
import { PageStart } from '../core/types';

function hexToRgba(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

export function annotationHover(annotation: Annotation, tag: CodebookTag | undefined, page?: number): vscode.MarkdownString {
  // The note is the analyst's Markdown, but it comes from a file in the workspace: untrusted, no HTML.
  return untrustedMarkdown(annotationHoverMarkdown(annotation, tag?.label, false, page));
}

/** One paint: the document version on screen and the version the anchors painted were computed on. */
export interface AnnotationPaint {
  documentVersion: number;
  anchorsVersion: number | undefined;
}

export interface AnnotationHighlights extends vscode.Disposable {
  /** Ranges painted per tag for a document (for tests through the extension's API). */
  snapshot(uri: vscode.Uri): Record<string, vscode.Range[]> | undefined;
  /** Every paint of a document so far, oldest first (for tests). */
  paints(uri: vscode.Uri): readonly AnnotationPaint[];
}

/** Printed page starts of a document, where it has page numbers (from its analysis). */
export type PagesOf = (document: vscode.TextDocument) => readonly PageStart[];

export function register(store: AnnotationStore, selector: vscode.DocumentSelector, pagesOf: PagesOf = () => []): AnnotationHighlights {
  const types = new Map<string, vscode.TextEditorDecorationType>();
  const painted = new Map<string, Record<string, vscode.Range[]>>();
  const paintLog = new Map<string, AnnotationPaint[]>();
  const typeFor = (tag: CodebookTag) => {
    const key = `${tag.id}|${tag.color}`;
    let type = types.get(key);
    if (!type) {
      type = vscode.window.createTextEditorDecorationType({
        backgroundColor: hexToRgba(tag.color, 0.18),
        border: `1px solid ${hexToRgba(tag.color, 0.6)}`,
        borderRadius: '2px',
        overviewRulerColor: tag.color,
        overviewRulerLane: vscode.OverviewRulerLane.Right,
        rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
      });
      types.set(key, type);
    }
    return type;
  };

  const paint = (editor: vscode.TextEditor) => {
    const entry = store.peek(editor.document.uri);
    // Anchors of another version would land on the wrong text: keep what VS Code has shifted
    // with the edit until the store re-anchors (onDidMoveAnchors paints again).
    if (entry && entry.anchors.size > 0 && entry.version !== editor.document.version) return;
    const key = editor.document.uri.toString();
    const log = paintLog.get(key) ?? [];
    if (log.length >= 1000) log.shift();
    log.push({ documentVersion: editor.document.version, anchorsVersion: entry?.version });
    paintLog.set(key, log);
    const codebook = store.codebook(editor.document.uri);
    const byType = new Map<vscode.TextEditorDecorationType, vscode.Range[]>();
    const snapshot: Record<string, vscode.Range[]> = {};
    for (const t of types.values()) byType.set(t, []);
    for (const a of entry?.annotations ?? []) {
      const anchor = entry?.anchors.get(a.id);
      if (anchor?.status !== 'anchored') continue;
      const tag = codebook.find((t) => t.id === a.tag) ?? { id: a.tag, label: a.tag, color: '#808080', description: '' };
      const type = typeFor(tag);
      const range = new vscode.Range(editor.document.positionAt(anchor.start), editor.document.positionAt(anchor.end));
      byType.set(type, [...(byType.get(type) ?? []), range]);
      (snapshot[a.tag] ??= []).push(range);
    }
    for (const [type, ranges] of byType) editor.setDecorations(type, ranges);
    painted.set(editor.document.uri.toString(), snapshot);
  };
  const paintVisible = (uri?: vscode.Uri) => {
    for (const e of vscode.window.visibleTextEditors) if (!uri || e.document.uri.toString() === uri.toString()) paint(e);
  };

  const hover = vscode.languages.registerHoverProvider(selector, {
    provideHover(document, position) {
      const entry = store.peek(document.uri);
      if (!entry) return undefined;
      const offset = document.offsetAt(position);
      const codebook = store.codebook(document.uri);
      for (const a of entry.annotations) {
        const r = entry.anchors.get(a.id);
        if (r?.status === 'anchored' && offset >= r.start && offset <= r.end) {
          const page = pageAt(pagesOf(document), r.start);
          return new vscode.Hover(annotationHover(a, codebook.find((t) => t.id === a.tag), page), new vscode.Range(document.positionAt(r.start), document.positionAt(r.end)));
        }
      }
      return undefined;
    },
  });

  const disposable = vscode.Disposable.from(
    hover,
    store.onDidChange((uri) => paintVisible(uri)),
    store.onDidMoveAnchors(({ uri }) => paintVisible(uri)),
    vscode.window.onDidChangeVisibleTextEditors(() => paintVisible()),
    { dispose: () => { for (const t of types.values()) t.dispose(); } },
  );
  paintVisible();
  return { dispose: () => disposable.dispose(), snapshot: (uri) => painted.get(uri.toString()), paints: (uri) => paintLog.get(uri.toString()) ?? [] };
}
