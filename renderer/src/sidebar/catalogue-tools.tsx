// The batch's catalogue in Excel (mục lục hồ sơ): written into the outbox or a folder a supervisor allowed,
// as the dossier export is; read from a clerk's .xlsx file, named by its path or the native picker as page
// imports are, into new dossiers of the batch, with the rows at fault listed by number.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogueImportResult } from '../../../main/contract/catalogue';
import type { AppErrorView } from '../../../main/contract/errors';
import { api } from '../api/index';
import { useCall } from '../api/use-call';
import { useNotices } from '../app/notices-context';
import { useLang } from '../app/use-lang';
import { Field } from '../components/field';
import { FormError } from '../components/form-error';
import { OutboxField } from '../components/outbox-field';
import { parseImportPaths } from '../lib/import-paths';

export interface CatalogueToolsProps {
  batchId: number;
  canCapture: boolean;
  /** Dossiers were created: the lists refresh. */
  onImported: () => void;
}

export function CatalogueTools({ batchId, canCapture, onImported }: CatalogueToolsProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const call = useCall();
  const { pushInfo } = useNotices();
  // '' is the default outbox.
  const [outbox, setOutbox] = useState('');
  const [file, setFile] = useState('');
  const [missingFile, setMissingFile] = useState(false);
  const [busy, setBusy] = useState<'export' | 'import' | null>(null);
  const [error, setError] = useState<AppErrorView | null>(null);
  const [result, setResult] = useState<CatalogueImportResult | null>(null);

  async function exportCatalogue() {
    if (busy) return;
    setError(null);
    setBusy('export');
    const answer = await call('catalogue:exportDossiers', outbox ? { batchId, outboxDir: outbox } : { batchId }, { quiet: true });
    setBusy(null);
    if (answer.ok) pushInfo(t('catalogue.exported', { count: answer.value.rows, path: answer.value.path }));
    else setError(answer.error);
  }

  async function choose() {
    if (!api.pickImportPaths) return;
    try {
      const [chosen] = await api.pickImportPaths('catalogue');
      if (chosen !== undefined) {
        setFile(chosen);
        setMissingFile(false);
      }
    } catch (cause) {
      console.error('pickImportPaths failed', cause);
    }
  }

  async function importCatalogue(event: FormEvent) {
    event.preventDefault();
    const path = parseImportPaths(file)[0];
    setMissingFile(path === undefined);
    setError(null);
    if (path === undefined || busy) return;
    setBusy('import');
    const answer = await call('catalogue:import', { batchId, path }, { quiet: true });
    setBusy(null);
    if (!answer.ok) {
      setError(answer.error);
      return;
    }
    setResult(answer.value);
    if (answer.value.created.length > 0) onImported();
  }

  return (
    <details className="catalogue-tools" data-testid="catalogue-tools">
      <summary>{t('catalogue.heading')}</summary>
      <OutboxField id="catalogue-outbox" value={outbox} onChange={setOutbox} />
      <button type="button" data-testid="catalogue-export" disabled={busy !== null} onClick={() => void exportCatalogue()}>
        {busy === 'export' ? t('common.busy') : t('catalogue.export')}
      </button>
      {canCapture ? (
        <form className="inline-form" onSubmit={(e) => void importCatalogue(e)} noValidate>
          <Field id="catalogue-file" label={t('catalogue.file')} hint={t('catalogue.fileHint')} error={missingFile ? t('catalogue.noFile') : undefined}>
            {(p) => (
              <input
                {...p}
                data-testid="catalogue-file"
                spellCheck={false}
                placeholder={t('catalogue.filePlaceholder')}
                value={file}
                onChange={(e) => setFile(e.target.value)}
              />
            )}
          </Field>
          {api.pickImportPaths ? (
            <button type="button" onClick={() => void choose()} data-testid="catalogue-pick">
              {t('importBar.pick')}
            </button>
          ) : null}
          <button type="submit" data-testid="catalogue-import" disabled={busy !== null}>
            {busy === 'import' ? t('common.busy') : t('catalogue.import')}
          </button>
        </form>
      ) : null}
      <FormError error={error} testId="catalogue-error" />
      {result ? (
        <div className="catalogue-result" role="status" data-testid="catalogue-result">
          <p>{t('catalogue.created', { count: result.created.length, row: result.headerRow, sheet: result.sheet })}</p>
          {result.rejected.length > 0 ? (
            <>
              <p className="form-error">{t('catalogue.rejected', { count: result.rejected.length })}</p>
              <ul className="catalogue-rejected" data-testid="catalogue-rejected">
                {result.rejected.map((r) => (
                  <li key={r.row} data-row={r.row}>
                    <strong>{t('catalogue.row', { row: r.row })}</strong>
                    {r.fileCode ? ` (${r.fileCode})` : ''}:{' '}
                    {r.problems.map((p) => `${p.heading}: ${lang === 'en' ? p.messageEn : p.message}`).join('; ')}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
    </details>
  );
}
