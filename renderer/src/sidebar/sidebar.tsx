// Left column: the batches, then the dossiers of the chosen batch.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchView, DossierView } from '../../../main/contract/domain';
import { api } from '../api/index';
import { useCall } from '../api/use-call';
import { createThrottle } from '../lib/throttle';
import { BatchCreateForm } from './batch-create-form';
import { DossierCreateForm } from './dossier-create-form';

const REFRESH_MS = 2000;

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
  const call = useCall();
  const [batches, setBatches] = useState<BatchView[] | null>(null);
  const [dossiers, setDossiers] = useState<{ batchId: number; list: DossierView[] } | null>(null);

  const loadBatches = useCallback(
    () =>
      call('batch:list', {}).then((result) => {
        if (result.ok) setBatches(result.value);
      }),
    [call],
  );

  const loadDossiers = useCallback(
    (id: number) =>
      call('dossier:list', { batchId: id }).then((result) => {
        if (!result.ok) return;
        setDossiers({ batchId: id, list: result.value });
        onDossiersLoaded(result.value);
      }),
    [call, onDossiersLoaded],
  );

  useEffect(() => {
    void loadBatches();
  }, [loadBatches]);

  // Choose the first batch when none is chosen yet, so a clerk lands on work straight away.
  const firstBatchId = batches?.[0]?.id;
  useEffect(() => {
    if (batchId === null && firstBatchId !== undefined) onSelectBatch(firstBatchId);
  }, [batchId, firstBatchId, onSelectBatch]);

  useEffect(() => {
    if (batchId === null) return;
    void loadDossiers(batchId);
    // Counts change while jobs run and when others add dossiers: refresh, but not on every event.
    const throttle = createThrottle(() => {
      void loadDossiers(batchId);
      void loadBatches();
    }, REFRESH_MS);
    const offChanged = api.on('dossier:changed', () => throttle.trigger());
    const offJob = api.on('job:progress', (job) => {
      if (job.state !== 'running' && job.state !== 'queued') throttle.trigger();
    });
    return () => {
      offChanged();
      offJob();
      throttle.cancel();
    };
  }, [batchId, loadDossiers, loadBatches]);

  const shownDossiers = dossiers && dossiers.batchId === batchId ? dossiers.list : null;

  return (
    <aside className="sidebar" aria-label={t('batch.heading')}>
      <section className="sidebar-section batches" aria-labelledby="batches-heading">
        <h2 id="batches-heading">{t('batch.heading')}</h2>
        {batches === null ? (
          <p className="muted">{t('app.loading')}</p>
        ) : batches.length === 0 ? (
          <p className="muted">{t('batch.empty')}</p>
        ) : (
          <ul className="pick-list" aria-label={t('batch.list')}>
            {batches.map((b) => (
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
        {canCapture ? (
          <BatchCreateForm
            onCreated={(batch) => {
              setBatches((list) => [batch, ...(list ?? []).filter((b) => b.id !== batch.id)]);
              onSelectBatch(batch.id);
            }}
          />
        ) : null}
      </section>

      <section className="sidebar-section dossiers" aria-labelledby="dossiers-heading">
        <h2 id="dossiers-heading">{t('dossier.heading')}</h2>
        {batchId === null ? (
          <p className="muted">{t('dossier.chooseBatch')}</p>
        ) : shownDossiers === null ? (
          <p className="muted">{t('app.loading')}</p>
        ) : shownDossiers.length === 0 ? (
          <p className="muted">{t('dossier.empty')}</p>
        ) : (
          <ul className="pick-list dossier-list" aria-label={t('dossier.list')}>
            {shownDossiers.map((d) => (
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
                    {t('dossier.counts', { documents: d.documentCount, pages: d.pageCount, recognized: d.recognizedPageCount })}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {canCapture && batchId !== null ? (
          <DossierCreateForm
            batchId={batchId}
            onCreated={(dossier) => {
              void loadDossiers(batchId);
              void loadBatches();
              onSelectDossier(dossier);
            }}
          />
        ) : null}
      </section>
    </aside>
  );
}
