// Full-text search over the pages' recognized text (the FTS5 indexes of migration 006).
import type { Statement } from 'better-sqlite3';
import type { PageSearchHit, PageSearchResult, PageWordBox } from '../contract/domain';
import { documentCode, imageVersionOf } from '../archive/codes';
import type { Db } from '../storage/database';
import { adjacentExpression, buildSnippet, ftsExpression, markingsFor, markPositions, parseSearchQuery, type Marking, type SearchQuery } from './search-query';
import { tokenize } from './text-folding';

export type SearchScope = { dossierId: number } | { batchId: number };

export interface PageSearchRequest {
  query: string;
  scope?: SearchScope | undefined;
  limit: number;
  offset: number;
}

/** A query matching more pages than this is broad: see PageSearch. */
export const RANK_WINDOW = 5000;

interface RankedRow {
  pageId: number;
  exact: 0 | 1;
  adjacent: 0 | 1;
}

interface HitRow {
  pageId: number;
  pageOrdinal: number;
  documentId: number;
  documentOrdinal: number;
  dossierId: number;
  fileCode: string;
  dossierTitle: string;
  text: string | null;
  recipe: string | null;
}

/**
 * Which pages match is decided by the folded index alone (every exact match is also a folded match).
 * They come in tiers:
 * 1. typed with diacritics: the pages holding that exact spelling (asked of the exact index) before the
 *    pages that match only once folded;
 * 2. several words: the pages where they stand together in order (`dat dai` is most likely `đất đai`,
 *    not `đạt` here and `đại` there) before the pages where they are scattered.
 *
 * Within a tier, a query matching at most RANK_WINDOW pages is ranked by bm25. A broader one — words on
 * a good part of the archive — is not: bm25 first counts, for each word or phrase, every page holding it
 * (30 ms for a phrase of common words over 100,000 pages), and such words hardly tell pages apart. Its
 * pages come newest first (rowid order is the order pages were added), RANK_WINDOW at a time with the
 * tiers applied inside each, so that no query looks at more than a window of pages. Paging is
 * consistent: a query is broad or not on every page of its results.
 */
export class PageSearch {
  /** Compiled once: a search runs a dozen statements, and compiling FTS5 ones costs as much as running them. */
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  search(request: PageSearchRequest): PageSearchResult {
    const query = parseSearchQuery(request.query);
    if (!query) return { hits: [], hasMore: false };
    const ranked = this.rank(query, request);
    const hits = ranked.slice(0, request.limit).map((row) => this.hit(row, query));
    return { hits, hasMore: ranked.length > request.limit };
  }

  private prepare(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** One row more than asked for, to tell whether more follow. */
  private rank(query: SearchQuery, request: PageSearchRequest): RankedRow[] {
    const scope = request.scope;
    const range = scope ? this.scopeRange(scope) : { lo: 0, hi: Number.MAX_SAFE_INTEGER };
    if (!range) return [];
    const adjacent = adjacentExpression(query);
    const params = {
      folded: ftsExpression(query, 'folded'),
      ...(query.exact ? { exact: ftsExpression(query, 'exact') } : {}),
      ...(adjacent ? { adjacent } : {}),
      ...(scope ? { scopeId: 'dossierId' in scope ? scope.dossierId : scope.batchId } : {}),
    };
    // Rowid bounds are cast: FTS5 seeks to an integer bound but scans everything for a real one, which is
    // how better-sqlite3 binds a JavaScript number.
    const within = (column: string) => `${column} BETWEEN CAST(@lo AS INTEGER) AND CAST(@hi AS INTEGER)`;
    // `+` keeps SQLite from turning the scope into one FTS5 lookup per page, far slower than this filter.
    const inScope = !scope
      ? ''
      : 'dossierId' in scope
        ? 'AND +f.rowid IN (SELECT p.id FROM documents x JOIN pages p ON p.document_id = x.id WHERE x.dossier_id = @scopeId)'
        : 'AND +f.rowid IN (SELECT p.id FROM dossiers d JOIN documents x ON x.dossier_id = d.id JOIN pages p ON p.document_id = x.id WHERE d.batch_id = @scopeId)';
    const matching = `FROM page_text_folded f WHERE f.page_text_folded MATCH @folded AND ${within('f.rowid')} ${inScope}`;
    const exactTier = query.exact ? `f.rowid IN (SELECT rowid FROM page_text_exact WHERE page_text_exact MATCH @exact AND ${within('rowid')})` : '0';
    const adjacentTier = adjacent ? `f.rowid IN (SELECT rowid FROM page_text_folded WHERE page_text_folded MATCH @adjacent AND ${within('rowid')})` : '0';
    const ranked = (order: string) =>
      this.prepare(
        `SELECT f.rowid AS pageId, ${exactTier} AS exact, ${adjacentTier} AS adjacent ${matching}
         ORDER BY exact DESC, adjacent DESC, ${order} LIMIT @limit OFFSET @offset`,
      );
    // The rowid of the n-th matching page, newest first.
    const nth = this.prepare(`SELECT f.rowid ${matching} ORDER BY f.rowid DESC LIMIT 1 OFFSET @at`).pluck();
    const rowidAt = (at: number) => nth.get({ ...params, ...range, at }) as number | undefined;

    const want = request.limit + 1;
    const firstWindowEnd = rowidAt(RANK_WINDOW - 1);
    if (firstWindowEnd === undefined) {
      return ranked('f.rank').all({ ...params, ...range, limit: want, offset: request.offset }) as RankedRow[];
    }
    const rows: RankedRow[] = [];
    let window = Math.floor(request.offset / RANK_WINDOW);
    let skip = request.offset % RANK_WINDOW;
    while (rows.length < want) {
      const hi = window === 0 ? range.hi : rowidAt(window * RANK_WINDOW);
      if (hi === undefined) break;
      const lo = window === 0 ? firstWindowEnd : rowidAt((window + 1) * RANK_WINDOW - 1);
      rows.push(...(ranked('f.rowid DESC').all({ ...params, lo: lo ?? range.lo, hi, limit: want - rows.length, offset: skip }) as RankedRow[]));
      if (lo === undefined) break;
      window++;
      skip = 0;
    }
    return rows;
  }

  /** The rowids a scope's pages lie between (null when it has none): FTS5 seeks there instead of scanning. */
  private scopeRange(scope: SearchScope): { lo: number; hi: number } | null {
    const row = (
      'dossierId' in scope
        ? this.prepare('SELECT min(p.id) AS lo, max(p.id) AS hi FROM documents x JOIN pages p ON p.document_id = x.id WHERE x.dossier_id = ?').get(scope.dossierId)
        : this.prepare(
            'SELECT min(p.id) AS lo, max(p.id) AS hi FROM dossiers d JOIN documents x ON x.dossier_id = d.id JOIN pages p ON p.document_id = x.id WHERE d.batch_id = ?',
          ).get(scope.batchId)
    ) as { lo: number | null; hi: number | null };
    return row.lo === null || row.hi === null ? null : { lo: row.lo, hi: row.hi };
  }

  private hit(ranked: RankedRow, query: SearchQuery): PageSearchHit {
    const pageId = ranked.pageId;
    const row = this.prepare(
      `SELECT p.id AS pageId, p.ordinal AS pageOrdinal, p.text, p.recipe, x.id AS documentId, x.ordinal AS documentOrdinal,
         d.id AS dossierId, d.file_code AS fileCode, d.title AS dossierTitle
       FROM pages p JOIN documents x ON x.id = p.document_id JOIN dossiers d ON d.id = x.dossier_id
       WHERE p.id = ?`,
    ).get(pageId) as HitRow;
    // What is marked is what put the page in its tier: on a page with the exact spelling only that
    // spelling, on a page with the words side by side only where they are so.
    const markings = markingsFor(query, { exact: ranked.exact === 1, adjacent: ranked.adjacent === 1 });
    return {
      pageId: row.pageId,
      pageOrdinal: row.pageOrdinal,
      documentId: row.documentId,
      documentOrdinal: row.documentOrdinal,
      docCode: documentCode(row.fileCode, row.documentOrdinal),
      dossierId: row.dossierId,
      fileCode: row.fileCode,
      dossierTitle: row.dossierTitle,
      exact: ranked.exact === 1,
      snippet: buildSnippet(row.text ?? '', markings),
      words: this.matchedWords(pageId, markings),
      imageVersion: imageVersionOf(row.recipe),
    };
  }

  /**
   * The page's words the query matches. An OCR word may hold several index words (`729/QĐ-TTg`), and a
   * phrase may run across OCR words: the match runs over the index words, and each marks the OCR word it
   * came from. Only the words' text (a person's correction where there is one, as in the page's text) is
   * read for all of them, boxes for the matched ones.
   */
  private matchedWords(pageId: number, markings: readonly Marking[]): PageWordBox[] {
    const texts = JSON.parse(this.prepare('SELECT json_group_array(coalesce(corrected_text, text) ORDER BY idx) FROM words WHERE page_id = ?').pluck().get(pageId) as string) as string[];
    // Tokenized as one text (a space never joins two words), each token mapped back to its word.
    const starts: number[] = [];
    let at = 0;
    for (const text of texts) {
      starts.push(at);
      at += text.length + 1;
    }
    const tokens = tokenize(texts.join(' '));
    const wordAt = (offset: number) => {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= offset) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    const marked = new Set<number>();
    for (const position of markPositions(
      tokens.map((t) => t.text),
      markings,
    )) {
      marked.add(wordAt(tokens[position]!.start));
    }
    if (marked.size === 0) return [];
    return this.prepare(
      `SELECT idx AS "index", coalesce(corrected_text, text) AS text, x0, y0, x1, y1 FROM words
       WHERE page_id = ? AND idx IN (SELECT value FROM json_each(?)) ORDER BY idx`,
    ).all(pageId, JSON.stringify([...marked])) as PageWordBox[];
  }
}
