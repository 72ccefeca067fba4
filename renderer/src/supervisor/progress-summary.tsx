// Overall progress as a few plain figures, refreshed as jobs finish.
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Call } from '../api/use-call';
import { useData, type DataOptions } from '../api/use-data';
import { ListState } from '../components/list-state';

const REFRESH: DataOptions = { refreshOn: [{ event: 'job:progress' }], throttleMs: 3000 };

const FIGURES = ['batches', 'dossiers', 'documents', 'pages', 'recognizedPages', 'exportedDocuments', 'activeJobs', 'failedJobs'] as const;

function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 100)}%` : '0%';
}

export function ProgressSummaryView() {
  const { t, i18n } = useTranslation();
  const summary = useData(useCallback((quiet: Call) => quiet('progress:summary', {}), []), REFRESH);

  const number = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'vi-VN');

  return (
    <section className="view" aria-labelledby="summary-heading">
      <div className="view-head">
        <h1 id="summary-heading">{t('summary.heading')}</h1>
        <button type="button" onClick={() => void summary.refresh()}>
          {t('common.refresh')}
        </button>
      </div>
      <ListState data={summary}>
        {(figures) => (
          <dl className="figures" data-testid="progress-summary">
            {FIGURES.map((key) => (
              <div key={key} className={`figure figure-${key}`} data-testid={`summary-${key}`}>
                <dt>{t(`summary.${key}`)}</dt>
                <dd>
                  <span className="figure-value">{number.format(figures[key])}</span>
                  {key === 'recognizedPages' ? (
                    <span className="figure-note">{t('summary.ofPages', { percent: percent(figures.recognizedPages, figures.pages) })}</span>
                  ) : null}
                </dd>
              </div>
            ))}
          </dl>
        )}
      </ListState>
    </section>
  );
}
