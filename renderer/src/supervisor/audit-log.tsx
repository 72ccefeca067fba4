// Who did what, newest first as main returns it, under the result of verifying the log's hash chain.
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntryView, AuditVerificationView } from '../../../main/contract/domain';
import type { Result } from '../../../main/contract/errors';
import type { Call } from '../api/use-call';
import { useData } from '../api/use-data';
import { useLang } from '../app/use-lang';
import { formatDateTime } from '../lib/date-format';
import { errorText } from '../lib/error-text';
import { ListState } from '../components/list-state';
import { StationNameForm } from './station-name-form';

const LIMITS = [50, 200, 1000] as const;

interface AuditView {
  chain: AuditVerificationView | null;
  entries: AuditEntryView[];
}

function detailText(detail: Record<string, unknown> | null): string {
  if (!detail) return '';
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');
}

export function AuditLog() {
  const { t } = useTranslation();
  const lang = useLang();
  const [limit, setLimit] = useState<number>(200);

  // The verification first: a break it finds is written to the log, and the list then shows that row.
  const audit = useData(
    useCallback(
      async (quiet: Call): Promise<Result<AuditView>> => {
        const verified = await quiet('audit:verify', {});
        const listed = await quiet('audit:list', { limit });
        return listed.ok ? { ok: true, value: { chain: verified.ok ? verified.value : null, entries: listed.value } } : listed;
      },
      [limit],
    ),
  );
  const chain = audit.value?.chain ?? null;

  return (
    <section className="view" aria-labelledby="audit-heading">
      <div className="view-head">
        <h1 id="audit-heading">{t('audit.heading')}</h1>
        <label className="inline-label">
          {t('audit.limit')}{' '}
          <select value={limit} onChange={(e) => setLimit(Number(e.target.value))} data-testid="audit-limit">
            {LIMITS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => void audit.refresh()}>
          {t('common.refresh')}
        </button>
      </div>
      {chain?.broken ? (
        <p className="form-error" role="alert" data-testid="audit-chain">
          {t('audit.chainBroken', { problem: errorText(chain.broken, lang) })}
        </p>
      ) : chain ? (
        <p className="muted" data-testid="audit-chain">
          {t('audit.chainIntact', { rows: chain.rows })}
        </p>
      ) : null}
      <StationNameForm />
      <ListState data={audit} empty={t('audit.empty')} isEmpty={(value) => value.entries.length === 0}>
        {({ entries }) => (
          <div className="table-scroll">
            <table className="data-table" data-testid="audit-table">
              <caption className="visually-hidden">{t('audit.heading')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.at')}</th>
                  <th scope="col">{t('audit.station')}</th>
                  <th scope="col">{t('audit.actor')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.subject')}</th>
                  <th scope="col">{t('audit.detail')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id}>
                    <td className="nowrap">
                      <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time>
                    </td>
                    <td title={e.stationId}>{e.stationName ?? t('audit.stationUnnamed', { id: e.stationId.slice(0, 8) })}</td>
                    <td>{e.actor}</td>
                    <td className="code">{e.action}</td>
                    <td className="path">{e.subject ?? ''}</td>
                    <td className="small-text">{detailText(e.detail)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ListState>
    </section>
  );
}
