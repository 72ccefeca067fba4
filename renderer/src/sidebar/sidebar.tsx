// Left column: the batches, then the dossiers of the chosen batch.
import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { DossierView } from '../../../main/contract/domain';
import type { Result } from '../../../main/contract/errors';
import type { Call } from '../api/use-call';
import { useData, type DataOptions } from '../api/use-data';
import { ListState } from '../components/list-state';
import { dossierCountsText } from '../lib/dossier-counts';
import { BatchCreateForm } from './batch-create-form';
import { CatalogueTools } from './catalogue-tools';
import { DossierCreateForm } from './dossier-create-form';

// Counts change while jobs run and when others add dossiers: refresh, but not on every event.
const REFRESH: DataOptions = {
  refreshOn: [{ event: 'dossier:changed' }, { event: 'job:progress', when: (job) => job.state !== 'running' && job.state !== 'queued' }],
  throttleMs: 2000,
};

export interface SidebarProps {
  canCapture: boolean;
  batchId: number | null;
  dossierId: number | null;
  onSelectBatch: (batchId: number) => void;
  onSelectDossier: (dossier: DossierView) => void;
  /** Every dossier list loaded, so other parts can name dossiers by their code. */
  onDossiersLoaded: (dossiers: readonly DossierView[]) => void;
}

export function Sidebar({ canCapture, batchId, dossierId, onSelectBatch, onSelectDossier, onDossiersLoaded }: SidebarProps) {
  const { t } = useTranslation();
  const batches = useData(useCallback((quiet: Call) => quiet('batch:list', {}), []), REFRESH);
  const dossiers = useData(
    useCallback(
      async (quiet: Call): Promise<Result<DossierView[]>> => {
        if (batchId === null) return { ok: true, value: [] };
        const result = await quiet('dossier:list', { batchId });
        if (result.ok) onDossiersLoaded(result.value);
        return result;
      },
      [batchId, onDossiersLoaded],
    ),
    REFRESH,
  );

  // Choose the first batch when none is chosen yet, so a clerk lands on work straight away.
  const firstBatchId = batches.value?.[0]?.id;
  useEffect(() => {
    if (batchId === null && firstBatchId !== undefined) onSelectBatch(firstBatchId);
  }, [batchId, firstBatchId, onSelectBatch]);


  return (
    <aside className="sidebar" aria-label={t('batch.heading')}>
      <section className="sidebar-section batches" aria-labelledby="batches-heading">
        <h2 id="batches-heading">{t('batch.heading')}</h2>
        <ListState data={batches} empty={t('batch.empty')}>
          {(list) => (
            <ul className="pick-list" aria-label={t('batch.list')}>
              {list.map((b) => (
                <li key={b.id}>
                  <button
                    type="button"
                    className="pick"
                    aria-current={b.id === batchId ? 'true' : undefined}
                    data-testid={`batch-${b.id}`}
                    onClick={() => onSelectBatch(b.id)}
                  >
                    <span className="pick-title">{b.name}</span>
                    <span className="pick-meta">{t('batch.dossierCount', { count: b.dossierCount })}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </ListState>
        {canCapture ? (
          <BatchCreateForm
            onCreated={(batch) => {
              batches.update((list) => [batch, ...list.filter((b) => b.id !== batch.id)]);
              onSelectBatch(batch.id);
            }}
          />
        ) : null}
      </section>

      <section className="sidebar-section dossiers" aria-labelledby="dossiers-heading">
        <h2 id="dossiers-heading">{t('dossier.heading')}</h2>
        {batchId === null ? (
          <p className="muted">{t('dossier.chooseBatch')}</p>
        ) : (
          <ListState data={dossiers} empty={t('dossier.empty')}>
            {(list) => (
              <ul className="pick-list dossier-list" aria-label={t('dossier.list')}>
                {list.map((d) => (
                  <li key={d.id}>
                    <button
                      type="button"
                      className="pick"
                      aria-current={d.id === dossierId ? 'true' : undefined}
                      data-testid={`dossier-${d.id}`}
                      data-file-code={d.fileCode}
                      onClick={() => onSelectDossier(d)}
                    >
                      <span className="pick-title code">{d.fileCode}</span>
                      <span className="pick-subtitle">{d.title}</span>
                      <span className="pick-meta">
                        {dossierCountsText(t, d)}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </ListState>
        )}
        {batchId !== null ? (
          <CatalogueTools
            batchId={batchId}
            canCapture={canCapture}
            onImported={() => {
              void dossiers.refresh();
              void batches.refresh();
            }}
          />
        ) : null}
        {canCapture && batchId !== null ? (
          <DossierCreateForm
            batchId={batchId}
            onCreated={(dossier) => {
              void dossiers.refresh();
              void batches.refresh();
              onSelectDossier(dossier);
            }}
          />
        ) : null}
      </section>
    </aside>
  );
}
