/** Interchange: the brief, CSV, W3C Web Annotation, Hypothesis and REFI-QDA, out of and into sidecars. Pure. */
import { renderBrief, BriefOptions } from './brief';
import { renderCsv } from './csv';
import { isHypothesisExport, parseHypothesis } from './hypothesis';
import { ImportBundle, InterchangeError } from './imported';
import type { ExportProject } from './model';
import { parseQdc, parseQdpx, renderQdc, renderQdpx } from './qdpx';
import { parseW3c, renderW3c } from './w3c';
import { fflateZipCodec } from './fflate-codec';
import type { ZipCodec } from './zip';

export * from './imported';
export * from './model';
export { planImport, describePlan, planIsEmpty, resolveDocument, applyPlannedDocument } from './import-plan';
export { documentFindings } from './findings';
export type { ImportPlan, PlannedDocument, PlanEntry, TargetDocument } from './import-plan';
export { renderBrief, renderCsv, renderW3c, renderQdpx, renderQdc, parseW3c, parseHypothesis, parseQdpx, parseQdc };
export type { BriefOptions, ZipCodec };
export { fflateZipCodec };

export const EXPORT_FORMATS = ['brief', 'qdpx', 'qdc', 'w3c', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The file extension each export format is saved with. */
export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = { brief: 'md', qdpx: 'qdpx', qdc: 'qdc', w3c: 'jsonld', csv: 'csv' };

export interface ExportResult {
  bytes: Uint8Array;
  warnings: string[];
}

/** `codec` zips a `.qdpx`: pass the host's (src/adapters/node-zlib.ts `zipCodec`); fflate's by default. */
export function exportAs(format: ExportFormat, project: ExportProject, options: BriefOptions = {}, codec: ZipCodec = fflateZipCodec): ExportResult {
  const utf8 = (s: string): ExportResult => ({ bytes: new TextEncoder().encode(s), warnings: [] });
  switch (format) {
    case 'brief': return utf8(renderBrief(project.documents, project.codebook, { title: project.name, ...options }));
    case 'csv': return utf8(renderCsv(project.documents));
    case 'w3c': return utf8(renderW3c(project));
    case 'qdc': return utf8(renderQdc(project.codebook));
    case 'qdpx': { const q = renderQdpx(project, codec); return { bytes: q.bytes, warnings: q.warnings }; }
  }
}

/** Largest JSON import read (bytes). */
const MAX_JSON_BYTES = 256 * 1024 * 1024;

/**
 * Reads an import file by its name and content: `.qdpx`, `.qdc`, or JSON (a Hypothesis export, or
 * W3C Web Annotation). Throws InterchangeError naming the file and what is wrong. `codec` unzips a
 * `.qdpx` (the host's, as for exportAs).
 */
export function readImport(file: string, bytes: Uint8Array, codec: ZipCodec = fflateZipCodec): ImportBundle {
  const lower = file.toLowerCase();
  if (lower.endsWith('.qdpx')) return parseQdpx(file, bytes, codec);
  if (lower.endsWith('.qdc')) return parseQdc(file, bytes);
  if (bytes.length > MAX_JSON_BYTES) throw new InterchangeError(file, `too large to import (${bytes.length} bytes)`);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return parseQdpx(file, bytes, codec);
  let json: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    if (/^\s*</.test(text)) return parseQdc(file, bytes);
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    if (err instanceof InterchangeError) throw err;
    throw new InterchangeError(file, `not a REFI-QDA project (.qdpx), codebook (.qdc) or JSON file: ${err instanceof Error ? err.message : String(err)}`);
  }
  return isHypothesisExport(json) ? parseHypothesis(file, json) : parseW3c(file, json);
}
