import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobView } from '../../../main/contract/domain';
import { useLang } from '../app/use-lang';
import { formatDuration, formatEta } from '../lib/duration';
import { useErrorText } from '../components/use-error-text';
import { isActiveJob, jobElapsedSeconds, jobFraction, jobUnit, summarizeResult } from '../lib/job-format';

export interface JobItemProps {
  job: JobView;
  dossierLabel: string;
  onCancel: (jobId: number) => void;
  onDismiss: (jobId: number) => void;
}

export const JobItem = memo(function JobItem({ job, dossierLabel, onCancel, onDismiss }: JobItemProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const errors = useErrorText();
  const kind = t(`jobs.kind.${job.kind}`);
  const fraction = jobFraction(job);
  const active = isActiveJob(job);
  const counts = job.total > 0 ? t(`jobs.counts.${jobUnit(job)}`, { done: job.done, total: job.total }) : null;
  const elapsed = jobElapsedSeconds(job);

  let message: string;
  if (job.error) message = errors.withSubject(job.error);
  else if (job.state === 'running') message = [counts, formatEta(job.etaSeconds, lang)].filter(Boolean).join(' · ');
  else if (job.state === 'queued') message = counts ?? t('jobs.started');
  else message = [counts, job.state === 'done' && elapsed !== null ? t('jobs.took', { time: formatDuration(elapsed, lang) }) : null].filter(Boolean).join(' · ');

  const result = job.state === 'done' ? summarizeResult(job.result) : null;
  const id = `job-${job.id}`;

  return (
    <li className={`job job-${job.state}`} data-testid={id} data-state={job.state} aria-labelledby={`${id}-title`}>
      <div className="job-head">
        <span id={`${id}-title`} className="job-title">
          <strong>{kind}</strong>
          <span className="job-dossier">{dossierLabel}</span>
        </span>
        <span className={`badge job-state state-${job.state}`} data-testid={`${id}-state`}>
          {t(`jobs.state.${job.state}`)}
        </span>
        {active ? (
          <button type="button" className="small" onClick={() => onCancel(job.id)} data-testid={`${id}-cancel`}>
            {t('jobs.cancel')}
          </button>
        ) : (
          <button type="button" className="icon-button small" onClick={() => onDismiss(job.id)} aria-label={t('jobs.dismiss')} title={t('jobs.dismiss')}>
            ×
          </button>
        )}
      </div>
      <progress
        className="job-progress"
        data-testid={`${id}-progress`}
        aria-label={t('jobs.progress', { kind })}
        aria-describedby={`${id}-message`}
        max={1}
        {...(fraction === null ? {} : { value: fraction })}
      />
      <p id={`${id}-message`} className={job.error ? 'job-message job-error' : 'job-message'} data-testid={`${id}-message`}>
        {message}
      </p>
      {job.warnings.length > 0 ? (
        <details className="job-warnings" data-testid={`${id}-warnings`} open={job.warnings.length <= 3}>
          <summary>{t('jobs.warnings', { n: job.warnings.length })}</summary>
          <ul>
            {job.warnings.map((w, i) => (
              <li key={i}>{errors.withSubject(w)}</li>
            ))}
          </ul>
        </details>
      ) : null}
      {result && result.files.length > 0 ? (
        <details className="job-result" data-testid={`${id}-result`} open>
          <summary>{t('jobs.files', { n: result.files.length })}</summary>
          <ul>
            {result.files.map((f) => (
              <li key={f} className="path">
                {f}
              </li>
            ))}
            {result.facts.map(([k, v]) => (
              <li key={k}>
                {k}: {v}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </li>
  );
});
