// Import bar and the dossier-wide actions: import pages, recognize text, export.
import { useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobView } from '../../../main/contract/domain';
import type { AppErrorView } from '../../../main/contract/errors';
import { api } from '../api/index';
import { useCall } from '../api/use-call';
import { useNotices } from '../app/notices-context';
import { Field } from '../components/field';
import { FormError } from '../components/form-error';
import { OutboxField } from '../components/outbox-field';
import { appendImportPaths, parseImportPaths } from '../lib/import-paths';
import { StitchAdjust } from '../capture/stitch-adjust';
import type { StitchRegistration, TilePlacementView } from '../../../main/contract/stitch';

export interface DossierActionsProps {
  dossierId: number;
  canCapture: boolean;
  onJobStarted: (job: JobView) => void;
  /** The scanner panel, shown in place of the import bar when the clerk picks "scan". */
  scanPanel?: ReactNode;
}

type CaptureMode = 'import' | 'scan';
const MODE_KEY = 'sohoa.capture.mode';

export function DossierActions({ dossierId, canCapture, onJobStarted, scanPanel }: DossierActionsProps) {
  const { t } = useTranslation();
  const call = useCall();
  const { pushInfo } = useNotices();
  const [paths, setPaths] = useState('');
  // '' is the default outbox; the others are the folders a supervisor allowed.
  const [outbox, setOutbox] = useState('');
  const [busy, setBusy] = useState<'import' | 'ocr' | 'export' | 'list' | null>(null);
  const [missingPaths, setMissingPaths] = useState(false);
  // The files are overlapping passes of one large sheet: register them, let the clerk check, stitch.
  const [stitch, setStitch] = useState(false);
  // «Tách theo tờ phân cách»: the paths are one scanned batch, split into dossiers and documents.
  const [separate, setSeparate] = useState(false);
  const [registration, setRegistration] = useState<{ paths: string[]; value: StitchRegistration } | null>(null);
  const [error, setError] = useState<AppErrorView | null>(null);
  const pick = api.pickImportPaths;
  // Import and scan share one row: a clerk does one or the other, and the pages need the height.
  const [mode, setMode] = useState<CaptureMode>(() => (scanPanel && localStorage.getItem(MODE_KEY) === 'scan' ? 'scan' : 'import'));
  function chooseMode(next: CaptureMode) {
    setMode(next);
    localStorage.setItem(MODE_KEY, next);
  }

  function started(job: JobView, message: string) {
    onJobStarted(job);
    pushInfo(message);
  }

  async function startImport(event?: FormEvent) {
    event?.preventDefault();
    const list = parseImportPaths(paths);
    setError(null);
    setMissingPaths(list.length === 0);
    if (list.length === 0 || busy) return;
    setBusy('import');
    if (stitch) {
      const registered = await call('stitch:register', { paths: list }, { quiet: true });
      setBusy(null);
      if (registered.ok) setRegistration({ paths: list, value: registered.value });
      else setError(registered.error);
      return;
    }
    const result = await call('import:start', separate ? { dossierId, paths: list, separate } : { dossierId, paths: list }, { quiet: true });
    setBusy(null);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setPaths('');
    started(result.value, t('importBar.started', { count: list.length }));
  }

  async function importStitched(placements: TilePlacementView[]) {
    if (!registration || busy) return;
    setBusy('import');
    const result = await call('import:start', { dossierId, paths: registration.paths, stitch: { placements } }, { quiet: true });
    setBusy(null);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setRegistration(null);
    setPaths('');
    started(result.value, t('stitch.started', { n: registration.paths.length }));
  }

  async function choose() {
    if (!pick) return;
    try {
      const chosen = await pick();
      if (chosen.length > 0) {
        setPaths((text) => appendImportPaths(text, chosen));
        setMissingPaths(false);
      }
    } catch (cause) {
      console.error('pickImportPaths failed', cause);
    }
  }

  async function startOcr() {
    if (busy) return;
    setError(null);
    setBusy('ocr');
    const result = await call('ocr:start', { dossierId }, { quiet: true });
    setBusy(null);
    if (result.ok) started(result.value, t('importBar.ocrStarted'));
    else setError(result.error);
  }

  async function startExport(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setError(null);
    setBusy('export');
    const result = await call('export:start', outbox ? { dossierId, outboxDir: outbox } : { dossierId }, { quiet: true });
    setBusy(null);
    if (result.ok) started(result.value, t('importBar.exportStarted'));
    else setError(result.error);
  }

  async function exportDocumentList() {
    if (busy) return;
    setError(null);
    setBusy('list');
    const result = await call('catalogue:exportDocuments', outbox ? { dossierId, outboxDir: outbox } : { dossierId }, { quiet: true });
    setBusy(null);
    if (result.ok) pushInfo(t('catalogue.exported', { count: result.value.rows, path: result.value.path }));
    else setError(result.error);
  }

  function onPathsKey(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void startImport();
    }
  }

  return (
    <section className="dossier-actions" aria-label={t('workspace.actions')}>
      {canCapture && scanPanel ? (
        <div className="capture-mode" role="group" aria-label={t('scan.modeLabel')}>
          <button type="button" aria-pressed={mode === 'import'} data-testid="capture-mode-import" onClick={() => chooseMode('import')}>
            {t('scan.modeImport')}
          </button>
          <button type="button" aria-pressed={mode === 'scan'} data-testid="capture-mode-scan" onClick={() => chooseMode('scan')}>
            {t('scan.modeScan')}
          </button>
        </div>
      ) : null}
      {canCapture && mode === 'scan' ? scanPanel : null}
      {canCapture && mode === 'import' ? (
        <form className="import-bar" onSubmit={(e) => void startImport(e)} noValidate>
          <Field
            id="import-paths"
            label={t('importBar.paths')}
            hint={t('importBar.pathsHint')}
            error={missingPaths ? t('importBar.noPaths') : undefined}
            className="grow"
          >
            {(p) => (
              <textarea
                {...p}
                data-testid="import-paths"
                rows={1}
                spellCheck={false}
                placeholder={t('importBar.pathsPlaceholder')}
                value={paths}
                onChange={(e) => setPaths(e.target.value)}
                onKeyDown={onPathsKey}
              />
            )}
          </Field>
          <div className="button-column">
            <label className="check small-text" title={t('stitch.optionHint')}>
              <input type="checkbox" checked={stitch} onChange={(e) => setStitch(e.target.checked)} data-testid="import-stitch" />
              {t('stitch.option')}
            </label>
            <label className="check small-text" title={t('separation.optionHint')}>
              <input type="checkbox" checked={separate && !stitch} disabled={stitch} onChange={(e) => setSeparate(e.target.checked)} data-testid="import-separate" />
              {t('separation.option')}
            </label>
            {pick ? (
              <button type="button" onClick={() => void choose()} data-testid="import-pick">
                {t('importBar.pick')}
              </button>
            ) : null}
            <button type="submit" className="primary" data-testid="import-start" disabled={busy !== null}>
              {busy === 'import' ? t('common.busy') : stitch ? t('stitch.register') : t('importBar.start')}
            </button>
          </div>
        </form>
      ) : null}
      <div className="action-row">
        <button type="button" onClick={() => void startOcr()} data-testid="ocr-start" disabled={busy !== null}>
          {busy === 'ocr' ? t('common.busy') : t('importBar.ocr')}
        </button>
        <form className="export-form" onSubmit={(e) => void startExport(e)} noValidate>
          <OutboxField id="export-outbox" value={outbox} onChange={setOutbox} className="grow" />
          <button type="submit" data-testid="export-start" disabled={busy !== null}>
            {busy === 'export' ? t('common.busy') : t('importBar.export')}
          </button>
          <button type="button" data-testid="export-document-list" disabled={busy !== null} onClick={() => void exportDocumentList()}>
            {busy === 'list' ? t('common.busy') : t('importBar.exportDocumentList')}
          </button>
        </form>
      </div>
      <FormError error={error} testId="actions-error" />
      {registration ? (
        <StitchAdjust registration={registration.value} busy={busy !== null} onStitch={(p) => void importStitched(p)} onCancel={() => setRegistration(null)} />
      ) : null}
    </section>
  );
}
