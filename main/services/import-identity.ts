// What makes an import idempotent: which stored document an input continues, and how same-named inputs
// are told apart. Pure functions over what Records holds (migration 010), so the rules are tested alone.
import path from 'node:path';
import type { PageOrigin, StoredPageOrigin } from './records';

/** A source file of an input with the SHA-256 of its bytes as they are now. */
export interface HashedFile {
  path: string;
  sha256: string;
}

/**
 * The document an input's import continues, among the documents imported from the same input path
 * (newest first): the newest whose stored pages all still match their files, and that shares at least one
 * page with the input as it is now (or holds no page yet: an import killed before its first page).
 * `changed` is the newest candidate when none matches: the input's content changed since (a file rewritten,
 * or the folder's files all replaced), so its pages are new content for a new document.
 */
export function continuedDocument<C extends { origins: readonly StoredPageOrigin[] }>(candidates: readonly C[], files: readonly HashedFile[]): { continued: C | null; changed: C | null } {
  const hashOf = new Map(files.map((f) => [f.path, f.sha256]));
  for (const candidate of candidates) {
    const conflict = candidate.origins.some((o) => hashOf.has(o.path) && hashOf.get(o.path) !== o.sha256);
    const shared = candidate.origins.some((o) => hashOf.get(o.path) === o.sha256);
    if (!conflict && (shared || candidate.origins.length === 0)) return { continued: candidate, changed: null };
  }
  return { continued: null, changed: candidates[0] ?? null };
}

/** `path\0page`: the same path with the same content (checked by the caller) is the same page. */
export function originKey(origin: Pick<PageOrigin, 'path' | 'page'>): string {
  return `${origin.path}\0${origin.page}`;
}

/**
 * The page already stored that a missing source page goes before, so that a retry filling a gap keeps
 * the pages in source order: the first stored page after it in source order (file order, then page
 * number), or null to append. `fileIndex` gives each of the input's files its place.
 */
export function storedSuccessor(missing: Pick<PageOrigin, 'path' | 'page'>, stored: readonly StoredPageOrigin[], fileIndex: ReadonlyMap<string, number>): number | null {
  const rank = (o: Pick<PageOrigin, 'path' | 'page'>): [number, number] => [fileIndex.get(o.path) ?? Number.MAX_SAFE_INTEGER, o.page];
  const [file, page] = rank(missing);
  let best: { pageId: number; rank: [number, number] } | null = null;
  for (const o of stored) {
    const r = rank(o);
    if (r[0] === Number.MAX_SAFE_INTEGER) continue;
    const after = r[0] > file || (r[0] === file && r[1] > page);
    const earlier = best === null || r[0] < best.rank[0] || (r[0] === best.rank[0] && r[1] < best.rank[1]);
    if (after && earlier) best = { pageId: o.pageId, rank: r };
  }
  return best?.pageId ?? null;
}

/**
 * What a document from each input is called (its `source`): the input's base name, or, when another
 * input of the job or a document of the dossier from another path has the same base name, the base name
 * with as many parent folders as tell them apart (`a/ho-so`, `b/ho-so`). `existing` are the dossier's
 * documents; an input already imported keeps the name its document has.
 */
export function displaySources(inputs: readonly string[], existing: ReadonlyArray<{ source: string; sourcePath: string | null }>): string[] {
  const named = new Map(existing.filter((d) => d.sourcePath !== null).map((d) => [d.sourcePath!, d.source]));
  return inputs.map((input) => {
    const already = named.get(input);
    if (already !== undefined) return already;
    const base = path.basename(input);
    const others = [
      ...inputs.filter((other) => other !== input && path.basename(other) === base),
      ...existing.filter((d) => d.sourcePath !== null && d.sourcePath !== input && path.basename(d.sourcePath) === base).map((d) => d.sourcePath!),
    ];
    const unknownSameName = existing.some((d) => d.sourcePath === null && d.source === base);
    if (others.length === 0 && !unknownSameName) return base;
    const parts = partsOf(input);
    for (let n = 2; n <= parts.length; n++) {
      const label = parts.slice(-n).join('/');
      if (others.every((other) => partsOf(other).slice(-n).join('/') !== label) && !existing.some((d) => d.source === label)) return label;
    }
    return input;
  });
}

function partsOf(file: string): string[] {
  return path.resolve(file).split(path.sep).filter((part) => part.length > 0);
}
