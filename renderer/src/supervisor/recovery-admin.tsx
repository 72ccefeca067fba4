// The recycle bin (deleted and replaced pages: restore or purge) and the quarantine (scans no page names:
// restore into a dossier or purge). Nothing here is deleted without the supervisor confirming it.
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuarantinedBlobView, RecycledPageView } from '../../../main/contract/domain';
import { useCall, type Call } from '../api/use-call';
import { useData } from '../api/use-data';
import { useNotices } from '../app/notices-context';
import { useLang } from '../app/use-lang';
import { ListState } from '../components/list-state';
import { ModalDialog } from '../components/modal-dialog';
import { formatByteSize } from '../lib/byte-size';
import { formatDateTime } from '../lib/date-format';

type Purging = { kind: 'page'; entry: RecycledPageView } | { kind: 'blob'; entry: QuarantinedBlobView };

const shortSha = (sha256: string) => `${sha256.slice(0, 12)}…`;

export function RecoveryAdmin() {
  const { t } = useTranslation();
  const lang = useLang();
  const call = useCall();
  const { pushInfo } = useNotices();
  const trash = useData(useCallback((quiet: Call) => quiet('trash:list', {}), []));
  const blobs = useData(useCallback((quiet: Call) => quiet('quarantine:list', {}), []));
  const dossiers = useData(useCallback((quiet: Call) => quiet('dossier:list', {}), []));
  const [target, setTarget] = useState<number | null>(null);
  const [purging, setPurging] = useState<Purging | null>(null);
  const [busy, setBusy] = useState(false);
  const trashHeading = useRef<HTMLHeadingElement>(null);
  const quarantineHeading = useRef<HTMLHeadingElement>(null);

  const load = () => Promise.all([trash.refresh(), blobs.refresh(), dossiers.refresh()]);

  /** Runs an action, reloads, and puts focus back on the list's heading (the row acted on is gone). */
  async function act(action: () => Promise<boolean>, heading: HTMLHeadingElement | null) {
    setBusy(true);
    const done = await action();
    setBusy(false);
    if (!done) return;
    await load();
    heading?.focus();
  }

  const restorePage = (entry: RecycledPageView) =>
    act(async () => {
      const result = await call('trash:restore', { recycledId: entry.id });
      if (result.ok) pushInfo(t('recovery.restored', { document: entry.docCode, n: result.value.ordinal }));
      return result.ok;
    }, trashHeading.current);

  const restoreBlob = (entry: QuarantinedBlobView) =>
    act(async () => {
      if (target === null) return false;
      const result = await call('quarantine:restore', { ids: [entry.id], dossierId: target });
      if (result.ok) pushInfo(t('recovery.restoredBlob', { document: result.value.docCode }));
      return result.ok;
    }, quarantineHeading.current);

  function confirmPurge() {
    const what = purging;
    setPurging(null);
    if (!what) return;
    if (what.kind === 'page') {
      void act(async () => {
        const result = await call('trash:purge', { recycledId: what.entry.id });
        if (result.ok) pushInfo(t('recovery.purged', { source: what.entry.source }));
        return result.ok;
      }, trashHeading.current);
    } else {
      void act(async () => {
        const result = await call('quarantine:purge', { id: what.entry.id });
        if (result.ok) pushInfo(t('recovery.purgedBlob', { sha: shortSha(what.entry.sha256) }));
        return result.ok;
      }, quarantineHeading.current);
    }
  }

  return (
    <section className="view" aria-labelledby="recovery-heading" data-testid="recovery-view">
      <div className="view-head">
        <h1 id="recovery-heading">{t('recovery.heading')}</h1>
        <button type="button" onClick={() => void load()}>
          {t('common.refresh')}
        </button>
      </div>
      <p className="muted">{t('recovery.intro')}</p>

      <h2 id="trash-heading" ref={trashHeading} tabIndex={-1}>
        {t('recovery.trashHeading')}
      </h2>
      <ListState data={trash} empty={t('recovery.trashEmpty')} emptyTestId="trash-empty">
        {(pages) => (
          <div className="table-scroll">
            <table className="data-table" data-testid="trash-table">
              <caption className="visually-hidden">{t('recovery.trashList')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('recovery.deletedAt')}</th>
                  <th scope="col">{t('recovery.document')}</th>
                  <th scope="col">{t('recovery.position')}</th>
                  <th scope="col">{t('recovery.source')}</th>
                  <th scope="col">{t('recovery.reason')}</th>
                  <th scope="col">{t('recovery.deletedBy')}</th>
                  <th scope="col">{t('recovery.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {pages.map((entry) => (
                  <tr key={entry.id} data-testid={`trash-${entry.pageId}`}>
                    <td className="nowrap">
                      <time dateTime={entry.deletedAt}>{formatDateTime(entry.deletedAt, lang)}</time>
                    </td>
                    <td className="code">{entry.docCode}</td>
                    <td>{entry.ordinal}</td>
                    <td className="path">{entry.source}</td>
                    <td>{entry.reason === 'replaced' ? t('recovery.reasonReplaced') : t('recovery.reasonDeleted')}</td>
                    <td>{entry.deletedBy ?? ''}</td>
                    <td className="nowrap">
                      <button type="button" className="small" disabled={busy} aria-label={t('recovery.restoreLabel', { source: entry.source, document: entry.docCode })} onClick={() => void restorePage(entry)} data-testid={`trash-restore-${entry.pageId}`}>
                        {t('recovery.restore')}
                      </button>{' '}
                      <button type="button" className="small danger" disabled={busy} aria-label={t('recovery.purgeLabel', { source: entry.source })} onClick={() => setPurging({ kind: 'page', entry })} data-testid={`trash-purge-${entry.pageId}`}>
                        {t('recovery.purge')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </ListState>

      <h2 id="quarantine-heading" ref={quarantineHeading} tabIndex={-1}>
        {t('recovery.quarantineHeading')}
      </h2>
      <p className="muted small-text">{t('recovery.quarantineIntro')}</p>
      <ListState data={blobs} empty={t('recovery.quarantineEmpty')} emptyTestId="quarantine-empty">
        {(quarantined) => (
          <>
            {(dossiers.value ?? []).length === 0 ? (
              <p className="muted">{t('recovery.noDossier')}</p>
            ) : (
              <label className="inline-label">
                {t('recovery.targetDossier')}{' '}
                <select value={target ?? ''} onChange={(e) => setTarget(e.target.value === '' ? null : Number(e.target.value))} data-testid="quarantine-target">
                  <option value="">{t('recovery.chooseDossier')}</option>
                  {(dossiers.value ?? []).map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.fileCode} – {d.title}
                    </option>
                  ))}
                </select>
              </label>
            )}
            <div className="table-scroll">
              <table className="data-table" data-testid="quarantine-table">
                <caption className="visually-hidden">{t('recovery.quarantineList')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('recovery.quarantinedAt')}</th>
                    <th scope="col">{t('recovery.writtenAt')}</th>
                    <th scope="col">{t('recovery.size')}</th>
                    <th scope="col">{t('recovery.sha256')}</th>
                    <th scope="col">{t('recovery.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {quarantined.map((entry) => (
                    <tr key={entry.id} data-testid={`quarantine-${entry.id}`}>
                      <td className="nowrap">
                        <time dateTime={entry.quarantinedAt}>{formatDateTime(entry.quarantinedAt, lang)}</time>
                      </td>
                      <td className="nowrap">
                        <time dateTime={entry.writtenAt}>{formatDateTime(entry.writtenAt, lang)}</time>
                      </td>
                      <td className="nowrap">{formatByteSize(entry.bytes, lang)}</td>
                      <td className="code" title={entry.sha256}>
                        {shortSha(entry.sha256)}
                      </td>
                      <td className="nowrap">
                        <button type="button" className="small" disabled={busy || target === null} aria-label={t('recovery.restoreBlobLabel', { sha: shortSha(entry.sha256) })} onClick={() => void restoreBlob(entry)} data-testid={`quarantine-restore-${entry.id}`}>
                          {t('recovery.restoreInto')}
                        </button>{' '}
                        <button type="button" className="small danger" disabled={busy} aria-label={t('recovery.purgeBlobLabel', { sha: shortSha(entry.sha256) })} onClick={() => setPurging({ kind: 'blob', entry })} data-testid={`quarantine-purge-${entry.id}`}>
                          {t('recovery.purge')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </ListState>

      {purging ? (
        <ModalDialog className="confirm-dialog" labelledBy="purge-title" onEscape={() => setPurging(null)}>
          <p id="purge-title">
            {purging.kind === 'page'
              ? t('recovery.confirmPurge', { source: purging.entry.source, document: purging.entry.docCode })
              : t('recovery.confirmPurgeBlob', { sha: shortSha(purging.entry.sha256), size: formatByteSize(purging.entry.bytes, lang) })}
          </p>
          <div className="action-row">
            <button type="button" className="danger" data-testid="purge-confirm" onClick={confirmPurge}>
              {t('recovery.purge')}
            </button>
            <button type="button" autoFocus onClick={() => setPurging(null)}>
              {t('recovery.keep')}
            </button>
          </div>
        </ModalDialog>
      ) : null}
    </section>
  );
}
