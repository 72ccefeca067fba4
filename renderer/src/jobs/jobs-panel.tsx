// Always visible at the bottom: what the workstation is doing, how far along, what went wrong.
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobView } from '../../../main/contract/domain';
import { useCall } from '../api/use-call';
import { isActiveJob } from '../lib/job-format';
import { JobItem } from './job-item';

const SHOWN = 50;

export interface JobsPanelProps {
  jobs: JobView[];
  dossierLabel: (dossierId: number | null) => string;
  onDismiss: (jobId: number) => void;
  onUpdated: (job: JobView) => void;
}

export function JobsPanel({ jobs, dossierLabel, onDismiss, onUpdated }: JobsPanelProps) {
  const { t } = useTranslation();
  const call = useCall();
  const [expanded, setExpanded] = useState(true);
  const active = jobs.filter(isActiveJob).length;

  const cancel = useCallback(
    (jobId: number) => {
      void call('job:cancel', { jobId }).then((result) => {
        if (result.ok) onUpdated(result.value);
      });
    },
    [call, onUpdated],
  );

  return (
    <section className={expanded ? 'jobs-panel' : 'jobs-panel collapsed'} aria-labelledby="jobs-heading" data-testid="jobs-panel">
      <div className="jobs-header">
        <h2 id="jobs-heading">{t('jobs.heading')}</h2>
        <span className="muted" data-testid="jobs-active">
          {active > 0 ? t('jobs.active', { n: active }) : null}
        </span>
        <button type="button" className="small" aria-expanded={expanded} aria-controls="jobs-list" onClick={() => setExpanded((e) => !e)}>
          {expanded ? t('jobs.collapse') : t('jobs.expand')}
        </button>
      </div>
      <div id="jobs-list" className="jobs-list" hidden={!expanded}>
        {jobs.length === 0 ? (
          <p className="muted">{t('jobs.empty')}</p>
        ) : (
          <ul>
            {jobs.slice(0, SHOWN).map((job) => (
              <JobItem key={job.id} job={job} dossierLabel={dossierLabel(job.dossierId)} onCancel={cancel} onDismiss={onDismiss} />
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

