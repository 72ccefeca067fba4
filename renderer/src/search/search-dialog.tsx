// Search the recognized text (Ctrl+K / Ctrl+F): a field that searches as one types, the pages found with
// the matched words marked, ↑ ↓ to choose and Enter to open the page with the words highlighted on it.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageSearchHit } from '../../../main/contract/domain';
import { useCall } from '../api/use-call';
import { ModalDialog } from '../components/modal-dialog';

/** Waits this long after the last key before asking main: every key would be a query otherwise. */
const TYPING_PAUSE_MS = 200;
const PAGE_SIZE = 20;

export type SearchScopeChoice = 'all' | 'dossier' | 'batch';

/** What the dialog shows when it opens again: the last search. */
export interface SearchState {
  query: string;
  scope: SearchScopeChoice;
}

export interface SearchDialogProps {
  initial: SearchState;
  /** The dossier open in the workspace and the batch chosen in the sidebar, to search only there. */
  dossier: { id: number; code: string } | null;
  batchId: number | null;
  onOpen: (hit: PageSearchHit, state: SearchState) => void;
  onClose: (state: SearchState) => void;
}

interface Results {
  /** The request these are the answer to. */
  args: { query: string; scope?: { dossierId: number } | { batchId: number } };
  hits: PageSearchHit[];
  hasMore: boolean;
}

export function SearchDialog({ initial, dossier, batchId, onOpen, onClose }: SearchDialogProps) {
  const { t } = useTranslation();
  const call = useCall();
  const [query, setQuery] = useState(initial.query);
  const [scopeChoice, setScopeChoice] = useState<SearchScopeChoice>(initial.scope);
  const [results, setResults] = useState<Results | null>(null);
  const [active, setActive] = useState(0);
  const [loadingMore, setLoadingMore] = useState(false);
  const listRef = useRef<HTMLUListElement>(null);

  // A scope that no longer exists (the dossier was closed) falls back to everything.
  const dossierId = dossier?.id ?? null;
  const scopeNow: SearchScopeChoice = (scopeChoice === 'dossier' && dossierId === null) || (scopeChoice === 'batch' && batchId === null) ? 'all' : scopeChoice;
  const args = useMemo(
    () => ({
      query,
      ...(scopeNow === 'dossier' && dossierId !== null ? { scope: { dossierId } } : scopeNow === 'batch' && batchId !== null ? { scope: { batchId } } : {}),
    }),
    [query, scopeNow, dossierId, batchId],
  );
  const trimmed = query.trim();
  const state: SearchState = { query, scope: scopeChoice };

  useEffect(() => {
    if (args.query.trim() === '') return;
    let live = true;
    const timer = setTimeout(() => {
      void call('search:pages', { ...args, limit: PAGE_SIZE, offset: 0 }).then((result) => {
        if (!live || !result.ok) return;
        setResults({ args, hits: result.value.hits, hasMore: result.value.hasMore });
        setActive(0);
      });
    }, TYPING_PAUSE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [call, args]);

  // Answers for an older query are not shown (the next one is on its way).
  const current = trimmed !== '' && results?.args === args ? results : null;
  const hits = current?.hits ?? [];
  const searching = trimmed !== '' && !current;

  useEffect(() => {
    listRef.current?.querySelector(`[data-hit-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  async function loadMore() {
    if (!current || loadingMore) return;
    setLoadingMore(true);
    const result = await call('search:pages', { ...current.args, limit: PAGE_SIZE, offset: current.hits.length });
    setLoadingMore(false);
    if (!result.ok) return;
    setResults((now) => (now && now.args === current.args ? { ...now, hits: [...now.hits, ...result.value.hits], hasMore: result.value.hasMore } : now));
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (hits.length === 0) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.min(hits.length - 1, Math.max(0, i + (event.key === 'ArrowDown' ? 1 : -1))));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const hit = hits[Math.min(active, hits.length - 1)];
      if (hit) onOpen(hit, state);
    }
  }

  const optionId = (i: number) => `search-hit-${i}`;
  return (
    <ModalDialog className="search-dialog" labelledBy="search-title" onEscape={() => onClose(state)}>
      <div data-testid="search-dialog">
        <h2 id="search-title">{t('search.title')}</h2>
        <div className="search-bar">
          <label className="field grow">
            <span className="field-label">{t('search.label')}</span>
            {/* Not type=search: there Escape clears the field instead of closing the dialog. */}
            <input
              type="text"
              enterKeyHint="search"
              role="combobox"
              aria-expanded={hits.length > 0}
              aria-controls="search-results"
              aria-activedescendant={hits.length > 0 ? optionId(Math.min(active, hits.length - 1)) : undefined}
              aria-describedby="search-hint"
              autoFocus
              lang="vi"
              spellCheck={false}
              autoComplete="off"
              placeholder={t('search.placeholder')}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={onKeyDown}
              data-testid="search-input"
            />
          </label>
          <label className="field">
            <span className="field-label">{t('search.scope')}</span>
            <select value={scopeNow} onChange={(e) => setScopeChoice(e.target.value as SearchScopeChoice)} data-testid="search-scope">
              <option value="all">{t('search.scopeAll')}</option>
              {dossier ? <option value="dossier">{t('search.scopeDossier', { code: dossier.code })}</option> : null}
              {batchId !== null ? <option value="batch">{t('search.scopeBatch')}</option> : null}
            </select>
          </label>
        </div>
        <p id="search-hint" className="field-hint">
          {t('search.hint')}
        </p>
        <p className="muted small-text search-status" role="status" data-testid="search-status">
          {searching
            ? t('search.searching')
            : current
              ? current.hits.length === 0
                ? t('search.none', { query: trimmed })
                : current.hasMore
                  ? t('search.countMore', { n: current.hits.length })
                  : t('search.count', { count: current.hits.length })
              : ''}
        </p>
        <ul id="search-results" ref={listRef} className="search-results" role="listbox" aria-label={t('search.results')} data-testid="search-results">
          {hits.map((hit, i) => (
            // Chosen from the field with ↑ ↓ (aria-activedescendant) or with the mouse.
            <li
              key={hit.pageId}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              className="search-hit"
              data-hit-index={i}
              data-page-id={hit.pageId}
              data-testid={`search-hit-${i}`}
              onMouseEnter={() => setActive(i)}
              onClick={() => onOpen(hit, state)}
            >
              <span className="hit-where">
                <span>
                  <span className="code">{hit.fileCode}</span> · {t('search.position', { document: hit.documentOrdinal, page: hit.pageOrdinal })}
                </span>
                {hit.exact ? (
                  <span className="badge confidence-high" title={t('search.exactHint')}>
                    {t('search.exact')}
                  </span>
                ) : null}
              </span>
              <span className="hit-title muted small-text">{hit.dossierTitle}</span>
              <span className="hit-snippet" lang="vi">
                {hit.snippet.map((part, j) => (part.match ? <mark key={j}>{part.text}</mark> : <span key={j}>{part.text}</span>))}
              </span>
            </li>
          ))}
        </ul>
        <div className="dialog-actions">
          {current?.hasMore ? (
            <button type="button" onClick={() => void loadMore()} disabled={loadingMore} data-testid="search-more">
              {t('search.more')}
            </button>
          ) : null}
          <button type="button" onClick={() => onClose(state)}>
            {t('common.close')}
          </button>
        </div>
      </div>
    </ModalDialog>
  );
}
