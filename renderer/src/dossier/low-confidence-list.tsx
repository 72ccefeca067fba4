// The dossier's words the OCR engine was unsure of, in reading order, for a reviewer to check one after
// the other: moving through the list (↑ ↓, Home, End) opens each word's page with the word highlighted.
import { useCallback, useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { LowConfidenceWordView } from '../../../main/contract/domain';
import type { Call } from '../api/use-call';
import { useData } from '../api/use-data';
import { useErrorText } from '../components/use-error-text';
import { formatConfidence, LOW_CONFIDENCE } from '../lib/confidence';
import { isNavKey, nextIndex } from '../lib/list-navigation';

/** More than a reviewer checks in one sitting; the count says when there are more. */
const LIMIT = 1000;
const PAGE_ROWS = 10;

export interface LowConfidenceListProps {
  dossierId: number;
  /** Changes when some page's words may have changed: the list is asked for again. */
  version: string;
  /** The word highlighted now, shown as the selected one. */
  current: { pageId: number; index: number } | null;
  onJump: (word: LowConfidenceWordView) => void;
}

export function LowConfidenceList({ dossierId, version, current, onJump }: LowConfidenceListProps) {
  const { t } = useTranslation();
  const errors = useErrorText();
  const data = useData(useCallback((quiet: Call) => quiet('words:lowConfidence', { dossierId, limit: LIMIT }), [dossierId]));
  const loaded = data.value;
  // `version` changes when the dossier's words may have: the list is asked for again.
  const { refresh } = data;
  const askedAt = useRef(version);
  useEffect(() => {
    if (askedAt.current === version) return;
    askedAt.current = version;
    void refresh();
  }, [refresh, version]);
  const listRef = useRef<HTMLDivElement>(null);
  const focusAfterMove = useRef(false);

  const words = loaded?.words ?? [];
  const selected = current ? words.findIndex((w) => w.pageId === current.pageId && w.index === current.index) : -1;

  useEffect(() => {
    if (selected < 0) return;
    const option = listRef.current?.querySelector<HTMLElement>(`[data-low-index="${selected}"]`);
    option?.scrollIntoView({ block: 'nearest' });
    if (focusAfterMove.current) {
      focusAfterMove.current = false;
      option?.focus({ preventScroll: true });
    }
  }, [selected]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const word = words[selected];
    if ((event.key === 'Enter' || event.key === ' ') && word) {
      event.preventDefault();
      onJump(word);
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey || !isNavKey(event.key)) return;
    event.preventDefault();
    const next = nextIndex(selected, event.key, words.length, 1, PAGE_ROWS);
    const to = words[next];
    if (to && next !== selected) {
      focusAfterMove.current = true;
      onJump(to);
    }
  }

  let status: string;
  if (!loaded) status = data.error ? errors.withSubject(data.error) : t('lowWords.loading');
  else if (loaded.total === 0) status = t('lowWords.empty', { threshold: LOW_CONFIDENCE });
  else if (loaded.total > words.length) status = t('lowWords.shown', { shown: words.length, total: loaded.total, threshold: LOW_CONFIDENCE });
  else status = t('lowWords.count', { count: loaded.total, threshold: LOW_CONFIDENCE });

  const focusable = selected >= 0 ? selected : 0;
  return (
    <section className="low-words" aria-labelledby="low-words-heading" data-testid="low-words">
      <h2 id="low-words-heading" className="visually-hidden">
        {t('lowWords.list', { threshold: LOW_CONFIDENCE })}
      </h2>
      <p className="muted small-text" role="status" data-testid="low-words-status">
        {status}
      </p>
      <div ref={listRef} className="low-words-list" role="listbox" aria-labelledby="low-words-heading" onKeyDown={onKeyDown} data-testid="low-words-list">
        {words.map((word, i) => (
          <div
            key={`${word.pageId}:${word.index}`}
            role="option"
            aria-selected={i === selected}
            tabIndex={i === focusable ? 0 : -1}
            className="low-word"
            data-low-index={i}
            data-testid={`low-word-${i}`}
            onClick={() => onJump(word)}
          >
            <mark className="word word-low" lang="vi">
              {word.text}
            </mark>
            <span className="low-word-confidence">{formatConfidence(word.confidence)}</span>
            <span className="muted small-text">{t('pages.positionShort', { document: word.documentOrdinal, page: word.pageOrdinal })}</span>
          </div>
        ))}
      </div>
      {words.length > 0 ? <p className="small-text muted legend">{t('lowWords.hint')}</p> : null}
    </section>
  );
}
