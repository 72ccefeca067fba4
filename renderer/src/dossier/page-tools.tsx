// Page cleaning for clerks: turn, straighten, crop, clean, split, undo, and the OCR image options, on
// the page on screen or on the whole dossier at once. Every change is a new recipe in main (the scan
// itself never changes), so every button can be undone. Plain-key shortcuts, like the zoom keys.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageView } from '../../../main/contract/domain';
import type { RecipeChange, RecognitionOptions } from '../../../main/contract/page-recipe';
import { useCall } from '../api/use-call';
import { useNotices } from '../app/notices-context';
import { ModalDialog } from '../components/modal-dialog';
import { isTypingTarget } from '../lib/keyboard';
import { pageToolFor, type PageTool } from '../lib/page-tools';

export interface PageToolsProps {
  page: PageView;
  dossierId: number;
  batchId: number;
  showBefore: boolean;
  onToggleBefore: () => void;
  /** The page list changed (new recipe, split, merged): reload it. */
  onChanged: (selectPageId?: number) => void;
}

type Scope = 'page' | 'dossier' | 'batch';

const CHANGES: Record<Exclude<PageTool, 'split' | 'blank' | 'undo' | 'before'>, RecipeChange> = {
  rotateLeft: { rotateBy: 270 },
  rotateRight: { rotateBy: 90 },
  orient: { autoOrientation: true },
  deskew: { autoDeskew: true },
  crop: { autoCrop: true },
  clean: { clean: true },
  reset: { reset: true },
};

const OPTIONS: ReadonlyArray<keyof RecognitionOptions> = ['despeckle', 'contrast', 'bitonal', 'sealDropout'];

type Labelled = Exclude<PageTool, 'before'> | keyof RecognitionOptions;
const LABELS = {
  rotateLeft: 'pageTools.rotateLeft',
  rotateRight: 'pageTools.rotateRight',
  orient: 'pageTools.orient',
  deskew: 'pageTools.deskew',
  crop: 'pageTools.crop',
  clean: 'pageTools.clean',
  split: 'pageTools.split',
  blank: 'pageTools.markBlank',
  undo: 'pageTools.undo',
  reset: 'pageTools.reset',
  despeckle: 'pageTools.despeckle',
  contrast: 'pageTools.contrast',
  bitonal: 'pageTools.bitonal',
  sealDropout: 'pageTools.sealDropout',
} as const satisfies Record<Labelled, string>;
const HINTS = {
  rotateLeft: 'pageTools.rotateLeftHint',
  rotateRight: 'pageTools.rotateRightHint',
  orient: 'pageTools.orientHint',
  deskew: 'pageTools.deskewHint',
  crop: 'pageTools.cropHint',
  clean: 'pageTools.cleanHint',
  split: 'pageTools.splitHint',
  blank: 'pageTools.blankHint',
  undo: 'pageTools.undoHint',
  reset: 'pageTools.resetHint',
} as const satisfies Record<Exclude<PageTool, 'before'>, string>;

export function PageTools({ page, dossierId, batchId, showBefore, onToggleBefore, onChanged }: PageToolsProps) {
  const { t } = useTranslation();
  const call = useCall();
  const { pushInfo, pushError } = useNotices();
  const [scope, setScope] = useState<Scope>('page');
  const [busy, setBusy] = useState(false);
  /** The analysis does not see a spread here: the clerk is asked before the page is split anyway. */
  const [confirmSplit, setConfirmSplit] = useState(false);

  async function split(force: boolean) {
    setConfirmSplit(false);
    setBusy(true);
    const result = await call('page:split', { pageId: page.id, ...(force ? { force: true } : {}) }, { quiet: true });
    setBusy(false);
    if (result.ok) {
      pushInfo(t('pageTools.splitDone'));
      onChanged(result.value.left.id);
    } else if (result.error.code === 'NOT_A_SPREAD') setConfirmSplit(true);
    else pushError(result.error);
  }

  async function change(tool: Labelled, recipeChange: RecipeChange) {
    setBusy(true);
    const target = scope === 'page' ? { pageIds: [page.id] } : scope === 'dossier' ? { dossierId } : { batchId };
    const result = await call('page:edit', { scope: target, change: recipeChange });
    setBusy(false);
    if (!result.ok) return;
    pushInfo(t('pageTools.applied', { what: t(LABELS[tool]), count: result.value.length }));
    onChanged();
  }

  async function run(tool: PageTool) {
    if (busy) return;
    if (tool === 'before') return onToggleBefore();
    if (tool === 'undo') {
      if (!page.canUndo) return pushInfo(t('pageTools.nothingToUndo'));
      setBusy(true);
      const result = await call('page:undo', { pageId: page.id });
      setBusy(false);
      if (result.ok) {
        pushInfo(t('pageTools.undone'));
        onChanged(page.id);
      }
      return;
    }
    if (tool === 'split') {
      if (page.splitFrom) return pushInfo(t('pageTools.alreadySplit'));
      return split(false);
    }
    if (tool === 'blank') {
      const blank = page.blank !== true;
      setBusy(true);
      const result = await call('page:setBlank', { pageId: page.id, blank });
      setBusy(false);
      if (result.ok) {
        pushInfo(t(blank ? 'pageTools.blankSet' : 'pageTools.blankCleared'));
        onChanged(page.id);
      }
      return;
    }
    await change(tool, CHANGES[tool]);
  }

  const runRef = useRef(run);
  useEffect(() => {
    runRef.current = run;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.metaKey) return;
      const target = event.target as HTMLElement | null;
      if (isTypingTarget(target) || target?.closest?.('dialog')) return;
      const tool = pageToolFor(event.key, event.ctrlKey);
      if (!tool) return;
      event.preventDefault();
      void runRef.current(tool);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const button = (tool: Exclude<PageTool, 'before'>, label: string, disabled = false) => (
    <button type="button" className="small" disabled={busy || disabled} onClick={() => void run(tool)} title={t(HINTS[tool])} aria-label={t(HINTS[tool])} data-testid={`tool-${tool}`}>
      {label}
    </button>
  );

  return (
    <div className="page-tools" role="toolbar" aria-label={t('pageTools.heading')} data-testid="page-tools">
      {confirmSplit ? (
        <ModalDialog className="confirm-dialog" labelledBy="split-confirm-title" onEscape={() => setConfirmSplit(false)}>
          <p id="split-confirm-title">{t('pageTools.notSpreadConfirm')}</p>
          <div className="action-row">
            <button type="button" className="primary" data-testid="split-confirm" onClick={() => void split(true)}>
              {t('pageTools.splitAnyway')}
            </button>
            <button type="button" autoFocus onClick={() => setConfirmSplit(false)} data-testid="split-cancel">
              {t('pageTools.keepWhole')}
            </button>
          </div>
        </ModalDialog>
      ) : null}
      <div className="toolbar-group">
        {button('rotateLeft', '↺')}
        {button('rotateRight', '↻')}
        {button('orient', t('pageTools.orient'))}
        {button('deskew', t('pageTools.deskew'))}
        {button('crop', t('pageTools.crop'))}
        {button('clean', t('pageTools.clean'))}
        {button('split', t('pageTools.split'), scope !== 'page' || page.splitFrom !== null)}
        <button
          type="button"
          className="small"
          aria-pressed={page.blank === true}
          disabled={busy || scope !== 'page'}
          onClick={() => void run('blank')}
          title={t('pageTools.blankHint')}
          aria-label={t('pageTools.blankHint')}
          data-testid="tool-blank"
        >
          {page.blank === true ? t('pageTools.notBlank') : t('pageTools.markBlank')}
        </button>
        {button('undo', t('pageTools.undo'), !page.canUndo)}
        {button('reset', t('pageTools.reset'))}
        <button type="button" className="small" aria-pressed={showBefore} onClick={onToggleBefore} title={t('pageTools.beforeHint')} data-testid="tool-before">
          {showBefore ? t('pageTools.showingBefore') : t('pageTools.showingAfter')}
        </button>
      </div>
      <div className="toolbar-group">
        <label className="small-text">
          {t('pageTools.scope')}{' '}
          <select value={scope} onChange={(e) => setScope(e.target.value === 'dossier' || e.target.value === 'batch' ? e.target.value : 'page')} data-testid="tools-scope">
            <option value="page">{t('pageTools.scope_page')}</option>
            <option value="dossier">{t('pageTools.scope_dossier')}</option>
            <option value="batch">{t('pageTools.scope_batch')}</option>
          </select>
        </label>
        <fieldset className="ocr-options">
          <legend className="small-text">{t('pageTools.ocrOptions')}</legend>
          {OPTIONS.map((option) => (
            <label key={option} className="check small-text">
              <input
                type="checkbox"
                checked={page.recipe.recognition[option]}
                disabled={busy}
                data-testid={`ocr-${option}`}
                onChange={(e) => void change(option, { recognition: { [option]: e.target.checked } })}
              />
              {t(LABELS[option])}
            </label>
          ))}
        </fieldset>
        {page.analysisPending ? <span className="small-text muted">{t('pageTools.pending')}</span> : null}
        {page.splitFrom ? <span className="small-text muted">{t('pageTools.splitFrom', { source: page.splitFrom })}</span> : null}
        {page.blankSetBy ? (
          <span className="small-text muted" data-testid="blank-set-by">
            {t('pageTools.blankBy', { name: page.blankSetBy })}
          </span>
        ) : null}
      </div>
    </div>
  );
}
