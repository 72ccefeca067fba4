// The page image with zoom (buttons and + − 0 1 keys), scrolling and dragging when zoomed,
// and over it the boxes of the hovered word and of the highlighted words (a search's, a reviewer's).
import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DEEP_ZOOM_PIXELS, pageImagePath } from '../../../main/contract/channels';
import type { PageDetail, PageWordBox } from '../../../main/contract/domain';
import { useLang } from '../app/use-lang';
import { isLowConfidence } from '../lib/confidence';
import { formatDateTime } from '../lib/date-format';
import { isTypingTarget, zoomCommandFor, type ZoomCommand } from '../lib/keyboard';
import type { OrderedPage } from '../lib/page-order';
import { fitScale, formatZoom, zoomInFrom, zoomOutFrom, type Zoom } from '../lib/zoom';
import { scaleBox } from '../lib/word-boxes';
import { DeepZoomView } from './deep-zoom-view';
import { PageTools } from './page-tools';

export interface PageViewerProps {
  item: OrderedPage | null;
  total: number;
  detail: PageDetail | null;
  hoveredWord: number | null;
  /** Words to highlight on this page (what a search found, the word under review). */
  highlighted: readonly PageWordBox[];
  onClearHighlight: () => void;
  onPrevious: () => void;
  onNext: () => void;
  /** Page cleaning tools for clerks (absent for reviewers). */
  editing?: { dossierId: number; batchId: number; onChanged: (selectPageId?: number) => void };
}

/** Padding inside the scroll area, so a fitted page does not touch the edges. */
const GUTTER = 16;

export function PageViewer({ item, total, detail, hoveredWord, highlighted, onClearHighlight, onPrevious, onNext, editing }: PageViewerProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [box, setBox] = useState({ width: 0, height: 0 });
  const [zoom, setZoom] = useState<Zoom>({ mode: 'fit' });
  const [natural, setNatural] = useState<{ key: string; width: number; height: number } | null>(null);
  // Ratio of the view image to the master, remembered from the last page so the next one is sized before it loads.
  const [viewRatio, setViewRatio] = useState<number | null>(null);
  const [showLow, setShowLow] = useState(false);
  // The before/after view: the page as scanned instead of as edited (B, or the toolbar button).
  const [showBefore, setShowBefore] = useState(false);
  const drag = useRef<{ x: number; y: number; left: number; top: number } | null>(null);

  useEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    const observer = new ResizeObserver(() =>
      setBox({ width: Math.max(0, element.clientWidth - 2 * GUTTER), height: Math.max(0, element.clientHeight - 2 * GUTTER) }),
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const page = item?.page ?? null;
  const variant = showBefore ? 'master' : 'view';
  const imageKey = page ? `${page.id}:${variant}:${page.imageVersion}` : '';
  const pageWidth = page ? (showBefore ? page.masterWidth : page.width) : 0;
  const pageHeight = page ? (showBefore ? page.masterHeight : page.height) : 0;
  const loaded = page && natural?.key === imageKey ? natural : null;
  const baseWidth = loaded?.width ?? pageWidth * (viewRatio ?? 1);
  const baseHeight = loaded?.height ?? pageHeight * (viewRatio ?? 1);
  const scale = zoom.mode === 'fit' ? fitScale(baseWidth, baseHeight, box.width, box.height) : zoom.scale;
  const displayedWidth = Math.round(baseWidth * scale);
  const displayedHeight = Math.round(baseHeight * scale);

  // A large sheet is viewed through its tile pyramid; the zoom commands go to the deep-zoom view.
  const missing = page !== null && page.missingSince !== null;
  const deepZoom = page !== null && !missing && !showBefore && page.width * page.height > DEEP_ZOOM_PIXELS;
  const [deepCommand, setDeepCommand] = useState<{ seq: number; zoom: ZoomCommand } | null>(null);
  const apply = (command: ZoomCommand) => {
    if (deepZoom) return setDeepCommand((c) => ({ seq: (c?.seq ?? 0) + 1, zoom: command }));
    if (command === 'fit') setZoom({ mode: 'fit' });
    else if (command === 'actual') setZoom({ mode: 'scale', scale: 1 });
    else setZoom({ mode: 'scale', scale: command === 'in' ? zoomInFrom(scale) : zoomOutFrom(scale) });
  };
  const applyRef = useRef(apply);
  useEffect(() => {
    applyRef.current = apply;
  });

  const hasPage = page !== null;
  useEffect(() => {
    if (!hasPage) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
      const target = event.target as HTMLElement | null;
      if (isTypingTarget(target) || target?.closest?.('dialog')) return;
      const command = zoomCommandFor(event.key);
      if (!command) return;
      event.preventDefault();
      applyRef.current(command);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [hasPage]);

  const zoomed = displayedWidth > box.width + 1 || displayedHeight > box.height + 1;

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    const element = scrollRef.current;
    if (!element || !zoomed || event.button !== 0) return;
    drag.current = { x: event.clientX, y: event.clientY, left: element.scrollLeft, top: element.scrollTop };
    element.setPointerCapture(event.pointerId);
  }
  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    const element = scrollRef.current;
    if (!element || !drag.current) return;
    element.scrollLeft = drag.current.left - (event.clientX - drag.current.x);
    element.scrollTop = drag.current.top - (event.clientY - drag.current.y);
  }
  function onPointerUp() {
    drag.current = null;
  }

  // Words sit on the edited page: over the scan as it was they would be misplaced.
  const words = detail && page && detail.id === page.id && !showBefore ? detail.words : [];
  const hovered = hoveredWord !== null ? words[hoveredWord] : undefined;
  const masterWidth = page?.width ?? 0;
  // Not over the scan as it was (the words sit on the edited page), nor over the deep-zoom view (no boxes there yet).
  const marks = showBefore || deepZoom ? [] : highlighted;

  return (
    <section className="viewer" aria-labelledby="viewer-heading">
      <div className="viewer-toolbar">
        <h2 id="viewer-heading" className="viewer-title">
          {item ? t('viewer.title', { n: item.number, total }) : t('viewer.heading')}
        </h2>
        <div className="toolbar-group" role="group" aria-label={t('viewer.zoomLevel')}>
          <button type="button" className="small" onClick={onPrevious} disabled={!item || item.number <= 1} aria-label={t('viewer.previous')} title={t('viewer.previous')}>
            ↑
          </button>
          <button type="button" className="small" onClick={onNext} disabled={!item || item.number >= total} aria-label={t('viewer.next')} title={t('viewer.next')}>
            ↓
          </button>
          <button type="button" className="small" onClick={() => apply('out')} disabled={!page} aria-label={t('viewer.zoomOut')} title={t('viewer.zoomOut')} data-testid="zoom-out">
            −
          </button>
          <output className="zoom-level" aria-live="polite" data-testid="zoom-level">
            {page && !deepZoom ? formatZoom(scale) : '—'}
          </output>
          <button type="button" className="small" onClick={() => apply('in')} disabled={!page} aria-label={t('viewer.zoomIn')} title={t('viewer.zoomIn')} data-testid="zoom-in">
            +
          </button>
          <button type="button" className="small" onClick={() => apply('fit')} disabled={!page} aria-pressed={zoom.mode === 'fit'} title={t('viewer.fit')} data-testid="zoom-fit">
            {t('viewer.fit')}
          </button>
          <button type="button" className="small" onClick={() => apply('actual')} disabled={!page} title={t('viewer.actual')} data-testid="zoom-100">
            {t('viewer.actual')}
          </button>
        </div>
        <label className="check small-text">
          <input type="checkbox" checked={showLow} onChange={(e) => setShowLow(e.target.checked)} />
          {t('viewer.showLowWords')}
        </label>
        {marks.length > 0 ? (
          <span className="highlight-note small-text" data-testid="highlight-note">
            <span className="highlight-swatch" aria-hidden="true" />
            {t('search.highlighted', { count: marks.length })}
            <button type="button" className="small" onClick={onClearHighlight} data-testid="highlight-clear">
              {t('search.clearHighlight')}
            </button>
          </span>
        ) : null}
      </div>
      {page && editing ? (
        <PageTools page={page} dossierId={editing.dossierId} batchId={editing.batchId} showBefore={showBefore} onToggleBefore={() => setShowBefore((v) => !v)} onChanged={editing.onChanged} />
      ) : null}
      <div
        ref={scrollRef}
        className={zoomed ? 'viewer-scroll zoomed' : 'viewer-scroll'}
        role="region"
        aria-label={t('viewer.image')}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
      >
        {page && missing ? (
          <div className="viewer-missing" role="status" data-testid="page-missing-message">
            <p className="viewer-missing-title">{t('viewer.missing', { at: formatDateTime(page.missingSince ?? '', lang) })}</p>
            <p>{t('viewer.missingDetail')}</p>
          </div>
        ) : page && deepZoom ? (
          <DeepZoomView pageId={page.id} version={page.imageVersion} label={t('viewer.imageAlt', { n: item?.number ?? 0 })} command={deepCommand} />
        ) : page ? (
          <div className="viewer-canvas" style={{ width: displayedWidth, height: displayedHeight }}>
            <img
              key={imageKey}
              src={pageImagePath(page.id, variant, page.imageVersion)}
              alt={t('viewer.imageAlt', { n: item?.number ?? 0 })}
              data-testid="page-viewer-image"
              data-page-id={page.id}
              data-variant={variant}
              draggable={false}
              style={{ width: displayedWidth, height: displayedHeight }}
              onLoad={(event) => {
                const img = event.currentTarget;
                setNatural({ key: imageKey, width: img.naturalWidth, height: img.naturalHeight });
                if (pageWidth > 0) setViewRatio(img.naturalWidth / pageWidth);
              }}
            />
            {showLow
              ? words.map((word, i) =>
                  !word.aside && isLowConfidence(word.confidence) ? <WordBox key={i} className="word-box low" box={scaleBox(word, displayedWidth, masterWidth)} /> : null,
                )
              : null}
            {marks.map((word) => (
              <WordBox key={`m${word.index}`} className="word-box match" box={scaleBox(word, displayedWidth, masterWidth)} testId="match-box" />
            ))}
            {hovered ? <WordBox className="word-box hovered" box={scaleBox(hovered, displayedWidth, masterWidth)} /> : null}
          </div>
        ) : (
          <p className="muted viewer-empty">{t('viewer.noPage')}</p>
        )}
      </div>
      {page ? (
        <p className="viewer-details small-text muted">
          {showBefore ? `${t('pageTools.showingBefore')} · ` : ''}
          {t('viewer.details', { width: pageWidth, height: pageHeight, dpi: page.dpi, source: page.source })}
        </p>
      ) : null}
    </section>
  );
}

function WordBox({ box, className, testId }: { box: { left: number; top: number; width: number; height: number }; className: string; testId?: string }) {
  return <span className={className} aria-hidden="true" data-testid={testId} style={{ left: box.left, top: box.top, width: box.width, height: box.height }} />;
}
