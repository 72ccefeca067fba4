// The flatbed loop for stapled dossiers and the ADF run for loose documents: pick a scanner and a
// profile, then scan the next page with one key, rescan the selected page or insert after it. Pages
// appear in the thumbnails as they arrive; a jam or an open cover shows the scanner's message and the
// clerk scans on into the same document, nothing already captured lost.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { jobResult, type DeviceInfo, type DocumentView, type JobView, type PageView, type ScanPlacement, type ScanProfileView } from '../../../main/contract/domain';
import type { AppErrorView } from '../../../main/contract/errors';
import { api } from '../api/index';
import { useCall } from '../api/use-call';
import { useNotices } from '../app/notices-context';
import { Field } from '../components/field';
import { FormError } from '../components/form-error';
import { useErrorText } from '../components/use-error-text';

const DEVICE_KEY = 'sohoa.scan.device';
const PROFILE_KEY = 'sohoa.scan.profile';

export interface ScanPanelProps {
  dossierId: number;
  documents: readonly DocumentView[];
  /** The page selected in the thumbnails, for rescan and insert. */
  selectedPage: PageView | null;
  onJobStarted: (job: JobView) => void;
}

type Target = number | 'new';

export function ScanPanel({ dossierId, documents, selectedPage, onJobStarted }: ScanPanelProps) {
  const { t } = useTranslation();
  const errors = useErrorText();
  const call = useCall();
  const { pushInfo } = useNotices();
  const [devices, setDevices] = useState<DeviceInfo[] | null>(null);
  const [problems, setProblems] = useState<AppErrorView[]>([]);
  const [profiles, setProfiles] = useState<ScanProfileView[]>([]);
  const [deviceId, setDeviceId] = useState(() => localStorage.getItem(DEVICE_KEY) ?? '');
  const [profileId, setProfileId] = useState(() => Number(localStorage.getItem(PROFILE_KEY) ?? 0));
  const [target, setTarget] = useState<Target>('new');
  // «Tách theo tờ phân cách»: each run is one batch into a new document, split by its separator sheets.
  const [separate, setSeparate] = useState(false);
  const [job, setJob] = useState<JobView | null>(null);
  const [error, setError] = useState<AppErrorView | null>(null);
  const running = job !== null && (job.state === 'queued' || job.state === 'running');

  // Asking every backend can take seconds (network scanners): the list says so meanwhile.
  const loadDevices = useCallback(
    () =>
      call('scanner:list', {}).then((result) => {
        if (!result.ok) {
          setDevices([]);
          return;
        }
        const found = result.value.devices;
        setDevices(found);
        setProblems(result.value.problems);
        setDeviceId((current) => (found.some((d) => d.id === current) ? current : (found[0]?.id ?? '')));
      }),
    [call],
  );

  const findDevices = useCallback(() => {
    setDevices(null);
    void loadDevices();
  }, [loadDevices]);

  useEffect(() => {
    void loadDevices();
    void call('profile:list', {}).then((result) => {
      if (!result.ok) return;
      setProfiles(result.value);
      setProfileId((current) => (result.value.some((p) => p.id === current) ? current : (result.value[0]?.id ?? 0)));
    });
  }, [call, loadDevices]);

  useEffect(() => localStorage.setItem(DEVICE_KEY, deviceId), [deviceId]);
  useEffect(() => localStorage.setItem(PROFILE_KEY, String(profileId)), [profileId]);

  // Follow our scan job: its running page count, then where its pages went, or why it stopped. A short
  // scan can finish before `scan:start` has even answered, so every scan update of this dossier is kept
  // and the answer picks up the newest one for its job.
  const updates = useRef(new Map<number, JobView>());
  const currentJob = useRef<number | null>(null);
  const follow = useCallback(
    (update: JobView) => {
      setJob(update);
      const documentId = jobResult(update, 'scan')?.documentId;
      if (typeof documentId === 'number') setTarget(documentId);
      if (update.state === 'failed' && update.error) setError(update.error);
      if (update.state === 'done') pushInfo(t('scan.scanned', { count: update.done }));
    },
    [pushInfo, t],
  );
  useEffect(
    () =>
      api.on('job:progress', (update) => {
        if (update.kind !== 'scan' || update.dossierId !== dossierId) return;
        updates.current.set(update.id, update);
        if (update.id === currentJob.current) follow(update);
      }),
    [dossierId, follow],
  );

  const start = useCallback(
    async (placement: ScanPlacement) => {
      if (running || !deviceId || !profileId) return;
      if (placement.kind !== 'append' && !selectedPage) return;
      setError(null);
      // Rescan and insert work on the selected page's document, whatever the target says.
      const documentId = placement.kind === 'append' ? (target === 'new' || separate ? null : target) : (selectedPage?.documentId ?? null);
      const batch = separate && placement.kind === 'append';
      const result = await call('scan:start', batch ? { dossierId, deviceId, profileId, documentId, placement, separate } : { dossierId, deviceId, profileId, documentId, placement }, { quiet: true });
      if (!result.ok) {
        setError(result.error);
        return;
      }
      currentJob.current = result.value.id;
      follow(updates.current.get(result.value.id) ?? result.value);
      onJobStarted(result.value);
    },
    [running, deviceId, profileId, selectedPage, target, separate, call, dossierId, onJobStarted, follow],
  );

  const keys = useRef(start);
  useEffect(() => {
    keys.current = start;
  });
  const selectedPageId = selectedPage?.id ?? null;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'F2' || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      if (event.shiftKey && selectedPageId !== null) void keys.current({ kind: 'replace', pageId: selectedPageId });
      else if (event.altKey && selectedPageId !== null) void keys.current({ kind: 'after', pageId: selectedPageId });
      else if (!event.shiftKey && !event.altKey) void keys.current({ kind: 'append' });
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [selectedPageId]);

  const profile = profiles.find((p) => p.id === profileId);
  const canScan = !running && deviceId !== '' && profile !== undefined;

  return (
    <section className="scan-panel" aria-labelledby="scan-heading" data-testid="scan-panel">
      <h2 id="scan-heading" className="visually-hidden">
        {t('scan.heading')}
      </h2>
      <div className="scan-choices">
        <Field id="scan-device" label={t('scan.device')}>
          {(p) => (
            <select {...p} data-testid="scan-device" value={deviceId} onChange={(e) => setDeviceId(e.target.value)} disabled={devices === null}>
              {devices === null ? <option value="">{t('scan.finding')}</option> : null}
              {devices?.length === 0 ? <option value="">{t('scan.noDevice')}</option> : null}
              {devices?.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="button" onClick={findDevices} data-testid="scan-find" disabled={devices === null}>
          {devices === null ? t('scan.finding') : t('scan.findDevices')}
        </button>
        <Field
          id="scan-profile"
          label={t('scan.profile')}
          hint={
            profile
              ? t('scan.profileSummary', {
                  resolution: profile.resolution,
                  source: t(`scan.source.${profile.source}`),
                  size: profile.heightMm === null ? `${profile.paperSize}, ${t('scan.unknownLength')}` : profile.paperSize,
                })
              : undefined
          }
        >
          {(p) => (
            <select {...p} data-testid="scan-profile" value={profileId} onChange={(e) => setProfileId(Number(e.target.value))}>
              {profiles.map((pr) => (
                <option key={pr.id} value={pr.id}>
                  {pr.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="scan-target" label={t('scan.target')}>
          {(p) => (
            <select
              {...p}
              data-testid="scan-target"
              value={String(target)}
              onChange={(e) => setTarget(e.target.value === 'new' ? 'new' : Number(e.target.value))}
            >
              <option value="new">{t('scan.newDocument')}</option>
              {/* The document a scan just created, until the dossier's list catches up. */}
              {target !== 'new' && !documents.some((d) => d.id === target) ? <option value={target}>{t('scan.justScanned')}</option> : null}
              {documents.map((d) => (
                <option key={d.id} value={d.id}>
                  {t('scan.documentOption', { n: d.ordinal, pages: d.pageCount })} · {t(`documents.state.${d.state}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <label className="check small-text" title={t('separation.optionHint')}>
          <input type="checkbox" checked={separate} onChange={(e) => setSeparate(e.target.checked)} data-testid="scan-separate" />
          {t('separation.option')}
        </label>
      </div>
      <div className="action-row" title={t('scan.keysHint')}>
        <button type="button" className="primary" data-testid="scan-next" disabled={!canScan} onClick={() => void start({ kind: 'append' })}>
          {t('scan.next')}
        </button>
        <button
          type="button"
          data-testid="scan-rescan"
          disabled={!canScan || !selectedPage}
          onClick={() => selectedPage && void start({ kind: 'replace', pageId: selectedPage.id })}
        >
          {t('scan.rescan')}
        </button>
        <button
          type="button"
          data-testid="scan-insert"
          disabled={!canScan || !selectedPage}
          onClick={() => selectedPage && void start({ kind: 'after', pageId: selectedPage.id })}
        >
          {t('scan.insert')}
        </button>
        {running && job ? (
          <>
            <span role="status" data-testid="scan-status">
              {t('scan.scanning', { n: job.done })}
            </span>
            <button type="button" onClick={() => void call('job:cancel', { jobId: job.id })} data-testid="scan-cancel">
              {t('scan.cancel')}
            </button>
          </>
        ) : null}
      </div>
      <FormError error={error} testId="scan-error" />
      {error && !running ? (
        <button type="button" data-testid="scan-resume" onClick={() => void start({ kind: 'append' })} disabled={!canScan}>
          {t('scan.resume')}
        </button>
      ) : null}
      {problems.length > 0 ? (
        <details className="muted small-text">
          <summary>{t('scan.problems')}</summary>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>{errors.text(p)}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
