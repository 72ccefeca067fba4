// Overall progress as a few plain figures, refreshed as jobs finish.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProgressSummary } from '../../../main/contract/domain';
import { api } from '../api/index';
import { useCall } from '../api/use-call';
import { createThrottle } from '../lib/throttle';

const FIGURES = ['batches', 'dossiers', 'documents', 'pages', 'recognizedPages', 'exportedDocuments', 'activeJobs', 'failedJobs'] as const;

function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)}%` : '0%';
}

export function ProgressSummaryView() {
  const { t, i18n } = useTranslation();
  const call = useCall();
  const [summary, setSummary] = useState<ProgressSummary | null>(null);

  const load = useCallback(
    () =>
      call('progress:summary', {}).then((result) => {
        if (result.ok) setSummary(result.value);
      }),
    [call],
  );

  useEffect(() => {
    void load();
    const throttle = createThrottle(() => void load(), 3000);
    const off = api.on('job:progress', () => throttle.trigger());
    return () => {
      off();
      throttle.cancel();
    };
  }, [load]);

  const number = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'vi-VN');

  return (
    <section className="view" aria-labelledby="summary-heading">
      <div className="view-head">
        <h1 id="summary-heading">{t('summary.heading')}</h1>
        <button type="button" onClick={() => void load()}>
          {t('common.refresh')}
        </button>
      </div>
      {summary === null ? (
        <p className="muted">{t('app.loading')}</p>
      ) : (
        <dl className="figures" data-testid="progress-summary">
          {FIGURES.map((key) => (
            <div key={key} className={`figure figure-${key}`} data-testid={`summary-${key}`}>
              <dt>{t(`summary.${key}`)}</dt>
              <dd>
                <span className="figure-value">{number.format(summary[key])}</span>
                {key === 'recognizedPages' ? (
                  <span className="figure-note">{t('summary.ofPages', { percent: percent(summary.recognizedPages, summary.pages) })}</span>
                ) : null}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}
