// Documents a clerk reshapes, from the thumbnails: split the document at the page on screen (N, or Enter
// on a page proposed as the start of a new document), merge with the previous / next document (M /
// Shift+M), move the chosen pages to another document (V), keep a proposed page where it is (K), and
// Ctrl+Z to undo the last of these while it is the last edit made here. Plain-key shortcuts, like the
// page tools: not while typing, not inside a dialog.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentView } from '../../../main/contract/domain';
import { useCall } from '../api/use-call';
import { useNotices } from '../app/notices-context';
import { ModalDialog } from '../components/modal-dialog';
import { isTypingTarget } from '../lib/keyboard';
import { documentToolFor, type DocumentTool } from '../lib/document-tools';
import type { OrderedPage } from '../lib/page-order';

/** Splits the page's document at the page; true when done (said in a notice). */
export function useSplitDocument(): (pageId: number) => Promise<boolean> {
  const { t } = useTranslation();
  const call = useCall();
  const { pushInfo } = useNotices();
  return async (pageId) => {
    const result = await call('document:split', { pageId });
    if (result.ok) pushInfo(t('documentTools.splitDone', { code: result.value[1]?.docCode ?? '' }));
    return result.ok;
  };
}

export interface DocumentToolsProps {
  dossierId: number;
  documents: readonly DocumentView[];
  /** The page on screen. */
  focused: OrderedPage | null;
  /** The pages chosen in the thumbnails (the page on screen when none is). */
  chosen: readonly OrderedPage[];
  /** Ctrl+Z undoes a reshaping (the last edit here was one) rather than the page's own last edit. */
  undoesReshape: boolean;
  /** A reshaping was made or undone: reload the dossier and show `selectPageId`. `stillUndoable`: Ctrl+Z goes on undoing reshapings. */
  onReshaped: (selectPageId: number | undefined, stillUndoable: boolean) => void;
}

export function DocumentTools({ dossierId, documents, focused, chosen, undoesReshape, onReshaped }: DocumentToolsProps) {
  const { t } = useTranslation();
  const call = useCall();
  const { pushInfo } = useNotices();
  const [busy, setBusy] = useState(false);
  const [moving, setMoving] = useState<readonly OrderedPage[] | null>(null);
  const splitDocument = useSplitDocument();
  const page = focused?.page ?? null;
  const document = documents.find((d) => d.id === page?.documentId) ?? null;

  async function run(tool: DocumentTool) {
    if (busy) return;
    if (tool === 'undo') {
      setBusy(true);
      const result = await call('document:undoReshape', { dossierId }, { quiet: true });
      setBusy(false);
      if (result.ok) {
        pushInfo(t('documentTools.undone'));
        onReshaped(page?.id, true);
      } else {
        pushInfo(result.error.message);
        onReshaped(page?.id, false);
      }
      return;
    }
    if (!page || !document) return;
    if (tool === 'move') {
      if (documents.length < 2) return pushInfo(t('documentTools.noOtherDocument'));
      setMoving(chosen.length > 0 ? chosen : focused ? [focused] : []);
      return;
    }
    setBusy(true);
    if (tool === 'split') {
      if (await splitDocument(page.id)) onReshaped(page.id, true);
    } else if (tool === 'keep') {
      if (page.newDocumentProposed) {
        const result = await call('page:dismissNewDocument', { pageId: page.id });
        if (result.ok) {
          pushInfo(t('documentTools.kept'));
          onReshaped(page.id, undoesReshape);
        }
      }
    } else {
      const result = await call('document:merge', { documentId: document.id, with: tool === 'mergePrevious' ? 'previous' : 'next' });
      if (result.ok) {
        pushInfo(t('documentTools.merged', { code: result.value.docCode, count: result.value.pageCount }));
        onReshaped(page.id, true);
      }
    }
    setBusy(false);
  }

  const runRef = useRef(run);
  useEffect(() => {
    runRef.current = run;
  });
  const undoesReshapeRef = useRef(undoesReshape);
  useEffect(() => {
    undoesReshapeRef.current = undoesReshape;
  });
  useEffect(() => {
    // In the capture phase: Ctrl+Z after a reshaping is this one's, before the page tools see it.
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.metaKey) return;
      const target = event.target as HTMLElement | null;
      if (isTypingTarget(target) || target?.closest?.('dialog')) return;
      const tool = documentToolFor(event.key, { shift: event.shiftKey, ctrl: event.ctrlKey });
      if (!tool || (tool === 'undo' && !undoesReshapeRef.current)) return;
      event.preventDefault();
      void runRef.current(tool);
    };
    window.document.addEventListener('keydown', onKey, true);
    return () => window.document.removeEventListener('keydown', onKey, true);
  }, []);

  const first = document !== null && document.ordinal === 1;
  const last = document !== null && document.ordinal === documents.length;
  const button = (tool: DocumentTool, label: string, hint: string, disabled = false) => (
    <button type="button" className="small" disabled={busy || disabled} onClick={() => void run(tool)} title={hint} aria-label={hint} data-testid={`doc-tool-${tool}`}>
      {label}
    </button>
  );

  return (
    <div className="document-tools" role="toolbar" aria-label={t('documentTools.heading')} data-testid="document-tools">
      {page?.newDocumentProposed ? (
        <p className="proposal" role="status" data-testid="new-document-proposal">
          {t('documentTools.proposal')}{' '}
          <button type="button" className="small primary" disabled={busy} onClick={() => void run('split')} data-testid="proposal-split">
            {t('documentTools.splitHere')}
          </button>{' '}
          <button type="button" className="small" disabled={busy} onClick={() => void run('keep')} data-testid="proposal-keep">
            {t('documentTools.keep')}
          </button>
        </p>
      ) : null}
      <div className="toolbar-group">
        {button('split', t('documentTools.split'), t('documentTools.splitHint'), !page || page.ordinal === 1)}
        {button('mergePrevious', t('documentTools.mergePrevious'), t('documentTools.mergePreviousHint'), !document || first)}
        {button('mergeNext', t('documentTools.mergeNext'), t('documentTools.mergeNextHint'), !document || last)}
        {button('move', t('documentTools.move', { count: Math.max(1, chosen.length) }), t('documentTools.moveHint'), !page || documents.length < 2)}
        {button('undo', t('documentTools.undo'), t('documentTools.undoHint'))}
      </div>
      {moving ? (
        <MoveDialog
          pages={moving}
          documents={documents}
          onClose={() => setMoving(null)}
          onMoved={(selectPageId) => {
            setMoving(null);
            onReshaped(selectPageId, true);
          }}
        />
      ) : null}
    </div>
  );
}

function MoveDialog({ pages, documents, onClose, onMoved }: { pages: readonly OrderedPage[]; documents: readonly DocumentView[]; onClose: () => void; onMoved: (selectPageId: number) => void }) {
  const { t } = useTranslation();
  const call = useCall();
  const { pushInfo } = useNotices();
  const from = new Set(pages.map((p) => p.page.documentId));
  const targets = documents.filter((d) => !from.has(d.id));
  const [targetId, setTargetId] = useState<number>(targets[0]?.id ?? 0);
  const [position, setPosition] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!targetId || busy) return;
    setBusy(true);
    const at = Number.parseInt(position, 10);
    const result = await call('document:movePages', { pageIds: pages.map((p) => p.page.id), documentId: targetId, ...(Number.isInteger(at) && at >= 1 ? { position: at } : {}) });
    setBusy(false);
    if (!result.ok) return;
    const target = result.value.find((d) => d.id === targetId);
    pushInfo(t('documentTools.moved', { count: pages.length, code: target?.docCode ?? '' }));
    onMoved(pages[0]!.page.id);
  }

  return (
    <ModalDialog className="confirm-dialog" labelledBy="move-pages-title" onEscape={onClose}>
      <form onSubmit={(e) => void submit(e)} data-testid="move-pages-dialog">
        <h2 id="move-pages-title">{t('documentTools.moveTitle', { count: pages.length })}</h2>
        {targets.length === 0 ? (
          <p>{t('documentTools.noOtherDocument')}</p>
        ) : (
          <>
            <label>
              {t('documentTools.target')}
              <select autoFocus value={targetId} onChange={(e) => setTargetId(Number(e.target.value))} data-testid="move-target">
                {targets.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.ordinal}. {d.metadata.typeName ?? t('documents.untyped')} · {d.docCode} · {t('documents.pages', { count: d.pageCount })}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('documentTools.position')}
              <input type="number" min={1} inputMode="numeric" value={position} placeholder={t('documentTools.positionEnd')} onChange={(e) => setPosition(e.target.value)} data-testid="move-position" />
            </label>
          </>
        )}
        <div className="action-row">
          <button type="submit" className="primary" disabled={busy || targets.length === 0} data-testid="move-confirm">
            {t('documentTools.moveConfirm')}
          </button>
          <button type="button" onClick={onClose}>
            {t('documentTools.cancel')}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
