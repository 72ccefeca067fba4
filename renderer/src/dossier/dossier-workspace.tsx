// One dossier on screen: actions on top; documents and page thumbnails on the left; the page and
// its recognized text in the middle; the active document's metadata on the right.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentView, DossierView, JobView, LowConfidenceWordView, PageView } from '../../../main/contract/domain';
import type { WordRef } from '../../../main/contract/metadata-proposals';
import { useCall } from '../api/use-call';
import { useDrafts } from '../app/drafts-context';
import { useNotices } from '../app/notices-context';
import { ScanPanel } from '../capture/scan-panel';
import { ModalDialog } from '../components/modal-dialog';
import { FormError } from '../components/form-error';
import { dossierCountsText } from '../lib/dossier-counts';
import { orderPages, type OrderedPage } from '../lib/page-order';
import { selectPage } from '../lib/page-selection';
import { highlightedWords, type PageHighlight } from '../lib/word-boxes';
import { DocumentList } from './document-list';
import { DocumentTools, useSplitDocument } from './document-tools';
import { BatchSeparationPanel } from './batch-separation-panel';
import { DossierActions } from './dossier-actions';
import { DossierFieldsForm } from './dossier-fields-form';
import { LowConfidenceList } from './low-confidence-list';
import { MetadataForm } from './metadata-form';
import { PageThumbnails, type SelectModifiers } from './page-thumbnails';
import { PageViewer } from './page-viewer';
import { RecognizedText } from './recognized-text';
import { useDossierData } from './use-dossier-data';
import { usePageDetail } from './use-page-detail';

/** A page to open (a search result), with the words to highlight on it. */
export interface PageTarget {
  dossierId: number;
  pageId: number;
  documentId: number;
  highlight: PageHighlight;
}

export interface DossierWorkspaceProps {
  dossierId: number;
  canCapture: boolean;
  /** Opened from a search: select this page and highlight its words (again whenever a new one comes). */
  target?: PageTarget | null;
  onJobStarted: (job: JobView) => void;
  onDossierLoaded: (dossiers: readonly DossierView[]) => void;
}

export function DossierWorkspace({ dossierId, canCapture, target = null, onJobStarted, onDossierLoaded }: DossierWorkspaceProps) {
  const { t } = useTranslation();
  const { detail, pages, error, refresh, replaceDocument } = useDossierData(dossierId);
  const { drafts } = useDrafts();
  const call = useCall();
  const { pushInfo } = useNotices();
  const [deleting, setDeleting] = useState<OrderedPage | null>(null);
  const [editingFields, setEditingFields] = useState(false);
  const [selectedPageId, setSelectedPageId] = useState<number | null>(target?.pageId ?? null);
  const [chosenDocumentId, setChosenDocumentId] = useState<number | null>(target?.documentId ?? null);
  const [highlight, setHighlight] = useState<PageHighlight | null>(target?.highlight ?? null);
  /** Pages chosen together (to move them to another document), by id, and where a Shift range starts. */
  const [selection, setSelection] = useState<{ anchorId: number | null; ids: readonly number[] }>({ anchorId: null, ids: [] });
  /** The last edit made here was a split, merge or move of pages: Ctrl+Z undoes that, not the page's own edit. */
  const [undoesReshape, setUndoesReshape] = useState(false);
  const splitDocument = useSplitDocument();
  // Another search result opened in this dossier while it is on screen (React's adjust-on-prop-change).
  const [shownTarget, setShownTarget] = useState(target);
  if (target && target !== shownTarget) {
    setShownTarget(target);
    setSelectedPageId(target.pageId);
    setChosenDocumentId(target.documentId);
    setHighlight(target.highlight);
  }

  const documents = useMemo(() => detail?.documents ?? [], [detail]);
  const ordered = useMemo(() => orderPages(pages, documents), [pages, documents]);
  const found = selectedPageId === null ? -1 : ordered.findIndex((p) => p.page.id === selectedPageId);
  const selectedIndex = found >= 0 ? found : ordered.length > 0 ? 0 : -1;
  const selected: OrderedPage | null = ordered[selectedIndex] ?? null;
  const activeDocument =
    documents.find((d) => d.id === chosenDocumentId) ?? documents.find((d) => d.id === selected?.page.documentId) ?? documents[0] ?? null;

  const dossier = detail?.dossier;
  useEffect(() => {
    if (dossier) onDossierLoaded([dossier]);
  }, [dossier, onDossierLoaded]);

  const selectIndex = useCallback(
    (index: number, modifiers?: SelectModifiers) => {
      const item = ordered[index];
      if (!item) return;
      setSelectedPageId(item.page.id);
      setChosenDocumentId(item.page.documentId);
      setSelection((current) => {
        const indexOf = (id: number) => ordered.findIndex((p) => p.page.id === id);
        const anchor = current.anchorId === null ? -1 : indexOf(current.anchorId);
        const next = selectPage({ anchor, indices: current.ids.map(indexOf).filter((i) => i >= 0) }, index, modifiers ?? { shift: false, ctrl: false });
        return { anchorId: ordered[next.anchor]?.page.id ?? null, ids: next.indices.map((i) => ordered[i]!.page.id) };
      });
    },
    [ordered],
  );
  const chosenPages = useMemo(() => ordered.filter((p) => selection.ids.includes(p.page.id)), [ordered, selection]);
  const chosenIndices = useMemo(() => new Set(chosenPages.filter((p) => p.page.id !== selected?.page.id).map((p) => ordered.indexOf(p))), [chosenPages, ordered, selected]);

  const reshaped = useCallback(
    (selectPageId: number | undefined, stillUndoable: boolean) => {
      setUndoesReshape(stillUndoable);
      if (selectPageId !== undefined) setSelectedPageId(selectPageId);
      setSelection({ anchorId: selectPageId ?? null, ids: selectPageId === undefined ? [] : [selectPageId] });
      setChosenDocumentId(null);
      refresh();
    },
    [refresh],
  );

  // Enter (or a click on the badge) on a page proposed as the start of a new document splits there.
  const activate = useCallback(
    async (index: number) => {
      const item = ordered[index];
      if (!item?.page.newDocumentProposed) return;
      if (await splitDocument(item.page.id)) reshaped(item.page.id, true);
    },
    [ordered, splitDocument, reshaped],
  );

  const selectDocument = useCallback(
    (document: DocumentView) => {
      setChosenDocumentId(document.id);
      const first = ordered.find((p) => p.page.documentId === document.id);
      if (first) setSelectedPageId(first.page.id);
    },
    [ordered],
  );

  // Alt+↓ / Alt+↑: next / previous page from anywhere, even while typing metadata.
  const step = useRef((delta: number) => selectIndex(selectedIndex + delta));
  useEffect(() => {
    step.current = (delta: number) => selectIndex(selectedIndex + delta);
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      // Alt+↓ opens a drop-down list on Windows: leave it to the list.
      if ((event.target as HTMLElement | null)?.tagName === 'SELECT') return;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        step.current(event.key === 'ArrowDown' ? 1 : -1);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const askDelete = useCallback((index: number) => setDeleting(ordered[index] ?? null), [ordered]);

  async function confirmDelete() {
    const item = deleting;
    setDeleting(null);
    if (!item) return;
    // The selection moves to the page that takes the deleted one's place.
    const next = ordered[ordered.indexOf(item) + 1] ?? ordered[ordered.indexOf(item) - 1];
    const result = await call('page:delete', { pageId: item.page.id });
    if (!result.ok) return;
    pushInfo(t('pageEdit.deleted', { n: item.number }));
    setUndoesReshape(false);
    setSelectedPageId(next?.page.id ?? null);
    refresh();
  }

  const movePage = useCallback(
    async (from: number, to: number) => {
      const moving = ordered[from];
      const onto = ordered[to];
      if (!moving || !onto || moving === onto) return;
      if (moving.page.documentId !== onto.page.documentId) {
        pushInfo(t('pageEdit.otherDocument'));
        return;
      }
      const result = await call('page:move', { pageId: moving.page.id, toOrdinal: onto.page.ordinal });
      if (!result.ok) return;
      pushInfo(t('pageEdit.moved', { n: result.value.ordinal }));
      setUndoesReshape(false);
      setSelectedPageId(moving.page.id);
      refresh();
    },
    [ordered, call, pushInfo, t, refresh],
  );

  const unsaved = useCallback((documentId: number) => documentId in drafts, [drafts]);

  // A reviewer steps through the unsure words: each opens its page with the word highlighted.
  const jumpToWord = useCallback(
    (word: LowConfidenceWordView) => {
      const page = ordered.find((p) => p.page.id === word.pageId)?.page;
      setSelectedPageId(word.pageId);
      setChosenDocumentId(word.documentId);
      setHighlight(page ? { pageId: word.pageId, imageVersion: page.imageVersion, words: [word] } : null);
    },
    [ordered],
  );
  // A proposal's marker in the form: its words (on the page of the first of them) shown on the image.
  const showProposalWords = useCallback(
    async (refs: readonly WordRef[]) => {
      const pageId = refs[0]?.pageId;
      const page = ordered.find((p) => p.page.id === pageId)?.page;
      if (pageId === undefined || !page) return;
      setSelectedPageId(pageId);
      setChosenDocumentId(page.documentId);
      const result = await call('page:get', { pageId });
      if (!result.ok) return;
      const words = refs
        .filter((ref) => ref.pageId === pageId)
        .flatMap((ref) => {
          const word = result.value.words[ref.index];
          return word ? [{ index: ref.index, text: word.text, x0: word.x0, y0: word.y0, x1: word.x1, y1: word.y1 }] : [];
        });
      setHighlight({ pageId, imageVersion: result.value.imageVersion, words });
    },
    [ordered, call],
  );
  const clearHighlight = useCallback(() => setHighlight(null), []);
  // Changes whenever some page's words may have: the list of unsure words is asked for again.
  const wordsVersion = useMemo(() => pages.map((p) => `${p.id}:${p.state}:${p.imageVersion}`).join(','), [pages]);

  const pagesEdited = useCallback(
    (selectPageId?: number) => {
      setUndoesReshape(false);
      if (selectPageId !== undefined) setSelectedPageId(selectPageId);
      refresh();
    },
    [refresh],
  );

  if (!detail) {
    return (
      <div className="workspace-loading">
        {error ? (
          <>
            <p>{t('workspace.loadFailed')}</p>
            <FormError error={error} />
            <button type="button" onClick={refresh}>
              {t('app.retry')}
            </button>
          </>
        ) : (
          <p className="muted" role="status">
            {t('workspace.loading')}
          </p>
        )}
      </div>
    );
  }

  return (
    <div className="workspace" data-testid="dossier-workspace" data-dossier-id={dossierId}>
      <header className="workspace-head">
        <h1>
          <span className="code" data-testid="dossier-code">
            {detail.dossier.fileCode}
          </span>{' '}
          <span className="dossier-title">{detail.dossier.title}</span>
        </h1>
        <p className="muted small-text" data-testid="dossier-counts">
          {dossierCountsText(t, detail.dossier)}{' '}
          <button type="button" className="link-button" data-testid="dossier-fields-open" onClick={() => setEditingFields(true)}>
            {t('dossierFields.open')}
          </button>
        </p>
      </header>
      {editingFields ? (
        <DossierFieldsForm
          dossier={detail.dossier}
          canEdit={canCapture}
          onClose={() => setEditingFields(false)}
          onSaved={() => {
            setEditingFields(false);
            refresh();
          }}
        />
      ) : null}
      <DossierActions
        dossierId={dossierId}
        canCapture={canCapture}
        onJobStarted={onJobStarted}
        scanPanel={<ScanPanel dossierId={dossierId} documents={documents} selectedPage={selected?.page ?? null} onJobStarted={onJobStarted} />}
      />
      <BatchSeparationPanel batchId={detail.dossier.batchId} canCapture={canCapture} />
      {deleting ? (
        <ModalDialog className="confirm-dialog" labelledBy="delete-page-title" onEscape={() => setDeleting(null)}>
          <p id="delete-page-title">{t('pageEdit.confirmDelete', { n: deleting.number })}</p>
          <div className="action-row">
            <button type="button" className="danger" data-testid="delete-page-confirm" onClick={() => void confirmDelete()}>
              {t('pageEdit.confirm')}
            </button>
            <button type="button" autoFocus onClick={() => setDeleting(null)}>
              {t('pageEdit.keep')}
            </button>
          </div>
        </ModalDialog>
      ) : null}
      <div className="workspace-grid">
        <div className="pane pane-pages">
          <DocumentList documents={documents} activeId={activeDocument?.id ?? null} unsaved={unsaved} onSelect={selectDocument} />
          <section className="pages" aria-labelledby="pages-heading">
            <h2 id="pages-heading">
              {t('pages.heading')} <span className="muted small-text">{t('pages.count', { count: ordered.length })}</span>
            </h2>
            {canCapture ? (
              <DocumentTools
                dossierId={dossierId}
                documents={documents}
                focused={selected}
                chosen={chosenPages}
                undoesReshape={undoesReshape}
                onReshaped={reshaped}
              />
            ) : null}
            <PageThumbnails
              pages={ordered}
              selectedIndex={selectedIndex}
              onSelect={selectIndex}
              showDocument={documents.length > 1}
              {...(canCapture
                ? {
                    chosen: chosenIndices,
                    onActivate: (index: number) => void activate(index),
                    onDelete: askDelete,
                    onMove: (from: number, to: number) => void movePage(from, to),
                  }
                : {})}
            />
          </section>
        </div>
        <PageStage
          item={selected}
          total={ordered.length}
          onPrevious={() => selectIndex(selectedIndex - 1)}
          onNext={() => selectIndex(selectedIndex + 1)}
          highlight={highlight}
          onClearHighlight={clearHighlight}
          lowWords={{ dossierId, version: wordsVersion, onJump: jumpToWord }}
          {...(canCapture ? { editing: { dossierId, batchId: detail.dossier.batchId, onChanged: pagesEdited } } : {})}
        />
        <div className="pane pane-metadata">
          {activeDocument ? (
            <MetadataForm key={activeDocument.id} document={activeDocument} onSaved={replaceDocument} onShowWords={(refs) => void showProposalWords(refs)} />
          ) : (
            <p className="muted">{t('metadata.none')}</p>
          )}
        </div>
      </div>
    </div>
  );
}

/**
 * Viewer and text side by side; the hovered word lives here so hovering re-renders only these two. The
 * text pane shows the page's text, or the dossier's unsure words for a reviewer to step through.
 */
function PageStage({
  item,
  total,
  onPrevious,
  onNext,
  highlight,
  onClearHighlight,
  lowWords,
  editing,
}: {
  item: OrderedPage | null;
  total: number;
  onPrevious: () => void;
  onNext: () => void;
  highlight: PageHighlight | null;
  onClearHighlight: () => void;
  lowWords: { dossierId: number; version: string; onJump: (word: LowConfidenceWordView) => void };
  editing?: { dossierId: number; batchId: number; onChanged: (selectPageId?: number) => void };
}) {
  const { t } = useTranslation();
  const page: PageView | null = item?.page ?? null;
  const { detail, loading } = usePageDetail(page);
  const [hover, setHover] = useState<{ pageId: number; index: number } | null>(null);
  const [panel, setPanel] = useState<'text' | 'low'>('text');
  const hoveredWord = hover && page && hover.pageId === page.id ? hover.index : null;
  const pageId = page?.id ?? null;
  const onHoverWord = useCallback((index: number | null) => setHover(index === null || pageId === null ? null : { pageId, index }), [pageId]);
  const marked = useMemo(() => highlightedWords(highlight, page), [highlight, page]);
  const markedIndexes = useMemo(() => new Set(marked.map((w) => w.index)), [marked]);
  return (
    <>
      <div className="pane pane-viewer">
        <PageViewer
          item={item}
          total={total}
          detail={detail}
          hoveredWord={hoveredWord}
          highlighted={marked}
          onClearHighlight={onClearHighlight}
          onPrevious={onPrevious}
          onNext={onNext}
          {...(editing ? { editing } : {})}
        />
      </div>
      <div className="pane pane-text">
        <div className="text-tabs" role="group" aria-label={t('lowWords.tabs')}>
          <button type="button" className="small" aria-pressed={panel === 'text'} onClick={() => setPanel('text')} data-testid="text-tab">
            {t('lowWords.textTab')}
          </button>
          <button type="button" className="small" aria-pressed={panel === 'low'} onClick={() => setPanel('low')} data-testid="low-words-tab">
            {t('lowWords.tab')}
          </button>
        </div>
        {panel === 'text' ? (
          <RecognizedText page={page} detail={detail} loading={loading} highlighted={markedIndexes} onHoverWord={onHoverWord} />
        ) : (
          <LowConfidenceList dossierId={lowWords.dossierId} version={lowWords.version} current={marked.length === 1 ? { pageId: pageId ?? 0, index: marked[0]!.index } : null} onJump={lowWords.onJump} />
        )}
      </div>
    </>
  );
}
