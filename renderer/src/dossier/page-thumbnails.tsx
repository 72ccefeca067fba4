// The dossier's pages as a virtualized grid of thumbnails (a listbox with roving tabindex).
// Only the rows on screen are in the DOM, plus the selected one so that focus always has a home.
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { pageImagePath } from '../../../main/contract/channels';
import { confidenceClass, formatConfidence } from '../lib/confidence';
import { isNavKey, nextIndex } from '../lib/list-navigation';
import type { OrderedPage } from '../lib/page-order';

const CELL_WIDTH = 108;
const ROW_HEIGHT = 182;

/** Shift and Ctrl held while a page was reached (several pages chosen at once). */
export interface SelectModifiers {
  shift: boolean;
  ctrl: boolean;
}

export interface PageThumbnailsProps {
  pages: readonly OrderedPage[];
  selectedIndex: number;
  onSelect: (index: number, modifiers?: SelectModifiers) => void;
  /** The pages chosen besides the one on screen (Shift/Ctrl+click, Shift+arrows), by index. */
  chosen?: ReadonlySet<number>;
  /** Enter on a page (capture roles: split where a new document is proposed). */
  onActivate?: (index: number) => void;
  /** Show "document n, page m" when the dossier has several documents. */
  showDocument: boolean;
  /** Delete key on a page (capture roles only). */
  onDelete?: (index: number) => void;
  /** Ctrl+← / Ctrl+→ or drag and drop: put the page at `to`'s place (capture roles only). */
  onMove?: (from: number, to: number) => void;
}

export function PageThumbnails({ pages, selectedIndex, onSelect, chosen, onActivate, showDocument, onDelete, onMove }: PageThumbnailsProps) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  const focusAfterMove = useRef(false);

  useEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setSize({ width: element.clientWidth, height: element.clientHeight }));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const columns = Math.max(1, Math.floor(size.width / CELL_WIDTH));
  const rowCount = Math.ceil(pages.length / columns);
  const selectedRow = selectedIndex >= 0 ? Math.floor(selectedIndex / columns) : -1;

  const rangeExtractor = useCallback(
    (range: Range) => {
      const rows = defaultRangeExtractor(range);
      if (selectedRow >= 0 && selectedRow < range.count && !rows.includes(selectedRow)) {
        rows.push(selectedRow);
        rows.sort((a, b) => a - b);
      }
      return rows;
    },
    [selectedRow],
  );

  // The project does not use the React compiler; the virtualizer is meant to re-render with its own state.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 3,
    rangeExtractor,
  });

  // Bring the selection into view whenever it changes (keyboard, document list, next-page keys);
  // move focus only when the move came from the keyboard inside this list.
  useEffect(() => {
    if (selectedRow < 0) return;
    virtualizer.scrollToIndex(selectedRow, { align: 'auto' });
    if (focusAfterMove.current) {
      focusAfterMove.current = false;
      scrollRef.current?.querySelector<HTMLElement>(`[data-page-index="${selectedIndex}"]`)?.focus({ preventScroll: true });
    }
  }, [selectedIndex, selectedRow, virtualizer]);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (onDelete && event.key === 'Delete' && selectedIndex >= 0) {
      event.preventDefault();
      onDelete(selectedIndex);
      return;
    }
    if (onMove && event.ctrlKey && !event.altKey && (event.key === 'ArrowLeft' || event.key === 'ArrowRight') && selectedIndex >= 0) {
      event.preventDefault();
      focusAfterMove.current = true;
      onMove(selectedIndex, selectedIndex + (event.key === 'ArrowLeft' ? -1 : 1));
      return;
    }
    if (onActivate && event.key === 'Enter' && !event.altKey && !event.ctrlKey && !event.shiftKey && selectedIndex >= 0) {
      event.preventDefault();
      onActivate(selectedIndex);
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey || !isNavKey(event.key)) return;
    event.preventDefault();
    const pageRows = Math.max(1, Math.floor(size.height / ROW_HEIGHT));
    const next = nextIndex(selectedIndex, event.key, pages.length, columns, pageRows);
    if (next >= 0 && next !== selectedIndex) {
      focusAfterMove.current = true;
      onSelect(next, { shift: event.shiftKey, ctrl: false });
    }
  }

  return (
    <div
      ref={scrollRef}
      className="thumb-scroller"
      role="listbox"
      aria-label={t('pages.list')}
      aria-multiselectable={chosen !== undefined ? true : undefined}
      onKeyDown={onKeyDown}
      data-testid="thumb-list"
    >
      {pages.length === 0 ? (
        <p className="muted thumb-empty" role="none">
          {t('pages.empty')}
        </p>
      ) : null}
      <div className="thumb-sizer" role="none" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((row) => (
          <div key={row.key} className="thumb-row" role="none" style={{ transform: `translateY(${row.start}px)`, height: row.size }}>
            {Array.from({ length: columns }, (_, column) => {
              const index = row.index * columns + column;
              const item = pages[index];
              return item ? (
                <Thumbnail
                  key={item.page.id}
                  item={item}
                  index={index}
                  total={pages.length}
                  selected={index === selectedIndex}
                  chosen={chosen?.has(index) ?? false}
                  showDocument={showDocument}
                  onSelect={onSelect}
                  onActivate={onActivate}
                  onMove={onMove}
                />
              ) : null;
            })}
          </div>
        ))}
      </div>
    </div>
  );
}

interface ThumbnailProps {
  item: OrderedPage;
  index: number;
  total: number;
  selected: boolean;
  chosen: boolean;
  showDocument: boolean;
  onSelect: (index: number, modifiers?: SelectModifiers) => void;
  onActivate: ((index: number) => void) | undefined;
  onMove: ((from: number, to: number) => void) | undefined;
}

/** The dragged page's index travels in the drag data under this type. */
const DRAG_TYPE = 'application/x-sohoa-page-index';

const Thumbnail = memo(function Thumbnail({ item, index, total, selected, chosen, showDocument, onSelect, onActivate, onMove }: ThumbnailProps) {
  const { t } = useTranslation();
  const { page, number, documentOrdinal } = item;
  const stateText = t(`pages.state.${page.state}`);
  const confidence = page.state === 'recognized' ? formatConfidence(page.confidence) : null;
  const position = showDocument ? t('pages.position', { document: documentOrdinal, page: page.ordinal }) : null;
  const blank = page.blank === true ? t('pages.blank') : null;
  const missing = page.missingSince !== null ? t('pages.missing') : null;
  const proposed = page.newDocumentProposed === true ? t('documentTools.proposal') : null;
  const label = [t('pages.number', { n: number }), position, missing, confidence ? `${stateText} ${confidence}` : stateText, blank, proposed].filter(Boolean).join(', ');
  return (
    <div
      role="option"
      className="thumb"
      aria-selected={selected || chosen}
      aria-setsize={total}
      aria-posinset={index + 1}
      aria-label={label}
      tabIndex={selected ? 0 : -1}
      data-page-index={index}
      data-page-id={page.id}
      data-state={page.state}
      data-blank={page.blank === true ? 'true' : undefined}
      data-missing={missing ? 'true' : undefined}
      data-chosen={chosen ? 'true' : undefined}
      data-proposed={proposed ? 'true' : undefined}
      data-testid={`thumb-${number}`}
      onClick={(event) => onSelect(index, { shift: event.shiftKey, ctrl: event.ctrlKey || event.metaKey })}
      draggable={onMove !== undefined}
      onDragStart={(event) => {
        event.dataTransfer.setData(DRAG_TYPE, String(index));
        event.dataTransfer.effectAllowed = 'move';
      }}
      onDragOver={(event) => {
        if (onMove && event.dataTransfer.types.includes(DRAG_TYPE)) event.preventDefault();
      }}
      onDrop={(event) => {
        const from = Number(event.dataTransfer.getData(DRAG_TYPE));
        if (!onMove || !Number.isInteger(from)) return;
        event.preventDefault();
        onMove(from, index);
      }}
    >
      <span className="thumb-frame">
        {missing ? (
          <span className="thumb-missing" aria-hidden="true">
            ⚠
          </span>
        ) : (
          <img src={pageImagePath(page.id, 'thumb', page.imageVersion)} alt="" loading="lazy" decoding="async" draggable={false} />
        )}
      </span>
      <span className="thumb-caption">
        <span className="thumb-number">{number}</span>
        <span
          className={`badge page-state state-${page.state} ${page.state === 'recognized' ? confidenceClass(page.confidence) : ''}`}
          title={stateText}
        >
          {t(`pages.badge.${page.state}`, { value: confidence ?? '' })}
        </span>
      </span>
      {missing ? (
        <span className="badge page-missing" title={t('pages.missingHint')} data-testid="page-missing-badge">
          {missing}
        </span>
      ) : null}
      {blank ? (
        <span className="badge page-blank" title={t('pages.blankHint')}>
          {blank}
        </span>
      ) : null}
      {proposed ? (
        <span
          className="badge new-document"
          title={proposed}
          data-testid="thumb-proposal"
          onClick={
            onActivate
              ? (event) => {
                  event.stopPropagation();
                  onActivate(index);
                }
              : undefined
          }
        >
          {t('documentTools.proposalShort')}
        </span>
      ) : null}
      {showDocument ? (
        <span className="thumb-position" aria-hidden="true">
          {t('pages.positionShort', { document: documentOrdinal, page: page.ordinal })}
        </span>
      ) : null}
    </div>
  );
});
