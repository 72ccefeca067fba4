// The open batch's separation: the separator sheets kept with it (never in a document), the flags still to
// look at (pages before the first separator, an unreadable sheet, a split from a header), and printing the
// separator sheets of the batch's dossiers (an A4 PDF saved to the outbox, like an export).
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SeparatorPageView } from '../../../main/contract/separators';
import { useCall, type Call } from '../api/use-call';
import { useData } from '../api/use-data';
import { useNotices } from '../app/notices-context';
import { useLang } from '../app/use-lang';

export interface BatchSeparationPanelProps {
  batchId: number;
  canCapture: boolean;
}

function findingText(t: ReturnType<typeof useTranslation>['t'], page: SeparatorPageView): string {
  const f = page.finding;
  return f.kind === 'dossier' ? t('separation.dossierSheet', { code: f.fileCode }) : f.kind === 'document' ? t('separation.documentSheet') : t('separation.unreadableSheet', { why: f.why });
}

export function BatchSeparationPanel({ batchId, canCapture }: BatchSeparationPanelProps) {
  const { t } = useTranslation();
  const lang = useLang();
  const call = useCall();
  const { pushInfo } = useNotices();
  const [printing, setPrinting] = useState(false);
  const data = useData(
    useCallback((quiet: Call) => quiet('separation:get', { batchId }), [batchId]),
    { refreshOn: [{ event: 'dossier:changed' }, { event: 'job:progress', when: (job) => job.state === 'done' }] },
  );
  const view = data.value;

  async function print() {
    setPrinting(true);
    const result = await call('separators:print', { batchId, documentSheets: 2, patchT: 2 });
    setPrinting(false);
    if (result.ok) pushInfo(t('separation.printed', { count: result.value.sheets, file: result.value.file }));
  }

  async function clear(flagId: number) {
    const result = await call('separation:clearFlag', { flagId });
    if (result.ok) void data.refresh();
  }

  return (
    <section className="batch-separation" aria-label={t('separation.heading')} data-testid="batch-separation">
      <div className="action-row">
        <h2 className="small-heading">{t('separation.heading')}</h2>
        {canCapture ? (
          <button type="button" onClick={() => void print()} disabled={printing} data-testid="separators-print">
            {printing ? t('common.busy') : t('separation.print')}
          </button>
        ) : null}
      </div>
      {view && view.flags.length > 0 ? (
        <ul className="separation-flags" data-testid="separation-flags">
          {view.flags.map((flag) => (
            <li key={flag.id} className="warning small-text">
              {lang === 'en' ? flag.messageEn : flag.messageVi}
              {canCapture ? (
                <button type="button" className="small" onClick={() => void clear(flag.id)}>
                  {t('separation.seen')}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {view && view.separatorPages.length > 0 ? (
        <ol className="separator-pages small-text" data-testid="separator-pages">
          {view.separatorPages.map((page) => (
            <li key={page.id} className={page.finding.kind === 'unreadable' ? 'warning' : undefined}>
              {t('separation.page', { position: page.position, source: page.source })} — {findingText(t, page)}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted small-text">{t('separation.none')}</p>
      )}
    </section>
  );
}
