// Scan profiles for supervisors: the list, and one form to add a profile or edit the chosen one.
// The contract's schema checks Thông tư 05/2025 (colour, ≥ 200 dpi, 300 dpi for maps) before main does.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  captureSourcesSchema,
  COLOR_MODES,
  PAPER_SIZE_CHOICES,
  PAPER_SIZE_MM,
  PAPER_SOURCES,
  RECORD_KINDS,
  scanProfileSchema,
  type PaperSizeChoice,
  type ScanProfileInput,
  type ScanProfileView,
} from '../../../main/contract/domain';
import type { AppErrorView } from '../../../main/contract/errors';
import { useCall, type Call } from '../api/use-call';
import { useData } from '../api/use-data';
import { useNotices } from '../app/notices-context';
import { Field } from '../components/field';
import { FormError } from '../components/form-error';
import { ListState } from '../components/list-state';
import { useIssueText } from '../components/use-issue-text';
import { formatDeviceOptions, parseDeviceOptions } from '../lib/device-options';
import { fieldIssues, type FieldIssue } from '../lib/validation-issues';
import { ExportFoldersForm } from './export-folders-form';

const EMPTY: ScanProfileInput = {
  name: '',
  recordKind: 'document',
  source: 'flatbed',
  colorMode: 'color',
  resolution: 300,
  paperSize: 'A4',
  widthMm: 210,
  heightMm: 297,
  deviceOptions: {},
};

export function ScanProfileAdmin() {
  const { t } = useTranslation();
  const call = useCall();
  const { pushInfo } = useNotices();
  const profiles = useData(useCallback((quiet: Call) => quiet('profile:list', {}), []));
  const [editing, setEditing] = useState<ScanProfileView | null>(null);

  async function remove(profile: ScanProfileView) {
    const result = await call('profile:delete', { profileId: profile.id });
    if (!result.ok) return;
    pushInfo(t('profiles.removed'));
    if (editing?.id === profile.id) setEditing(null);
    void profiles.refresh();
  }

  return (
    <section className="view" aria-labelledby="profiles-heading">
      <div className="view-head">
        <h1 id="profiles-heading">{t('profiles.heading')}</h1>
        <button type="button" onClick={() => setEditing(null)} data-testid="profile-new">
          {t('profiles.create')}
        </button>
      </div>
      <p className="muted small-text">{t('profiles.rule')}</p>
      <div className="view-columns">
        <ListState data={profiles}>
          {(list) => (
            <table className="data-table" data-testid="profile-table">
              <caption className="visually-hidden">{t('profiles.heading')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('profiles.name')}</th>
                  <th scope="col">{t('profiles.recordKind')}</th>
                  <th scope="col">{t('profiles.source')}</th>
                  <th scope="col">{t('profiles.resolution')}</th>
                  <th scope="col">{t('profiles.paperSize')}</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {list.map((p) => (
                  <tr key={p.id} data-testid={`profile-${p.id}`}>
                    <td>{p.name}</td>
                    <td>{t(`profiles.kind.${p.recordKind}`)}</td>
                    <td>{t(`scan.source.${p.source}`)}</td>
                    <td>{p.resolution}</td>
                    <td>{p.heightMm === null ? `${p.paperSize}, ${t('scan.unknownLength')}` : p.paperSize}</td>
                    <td>
                      <button type="button" onClick={() => setEditing(p)}>
                        {t('profiles.edit')}
                      </button>{' '}
                      <button type="button" onClick={() => void remove(p)}>
                        {t('profiles.remove')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </ListState>
        <ProfileForm key={editing?.id ?? 'new'} profile={editing} onSaved={() => void profiles.refresh()} />
        <CaptureSourcesForm />
        <ExportFoldersForm />
      </div>
    </section>
  );
}

/** Hot folders of wide-format scanners and addresses of network scanners on other subnets, one per line. */
function CaptureSourcesForm() {
  const { t } = useTranslation();
  const call = useCall();
  const { pushInfo } = useNotices();
  const issueText = useIssueText();
  const [folders, setFolders] = useState('');
  const [urls, setUrls] = useState('');
  const [issues, setIssues] = useState<Record<string, FieldIssue>>({});
  const [error, setError] = useState<AppErrorView | null>(null);

  useEffect(() => {
    void call('captureSources:get', {}).then((result) => {
      if (!result.ok) return;
      setFolders(result.value.hotFolders.join('\n'));
      setUrls(result.value.esclUrls.join('\n'));
    });
  }, [call]);

  const lines = (text: string) => text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const args = { hotFolders: lines(folders), esclUrls: lines(urls) };
    const parsed = captureSourcesSchema.safeParse(args);
    setIssues(parsed.success ? {} : fieldIssues(parsed.error.issues));
    setError(null);
    if (!parsed.success) return;
    const result = await call('captureSources:save', args, { quiet: true });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    pushInfo(t('captureSources.saved'));
  }

  return (
    <form className="card-form" onSubmit={submit} noValidate aria-labelledby="capture-sources-heading" data-testid="capture-sources-form">
      <h2 id="capture-sources-heading">{t('captureSources.heading')}</h2>
      <Field id="capture-hot-folders" label={t('captureSources.hotFolders')} hint={t('captureSources.hotFoldersHint')} error={issueText(issues['hotFolders'])}>
        {(p) => <textarea {...p} data-testid="capture-hot-folders" rows={3} spellCheck={false} value={folders} onChange={(e) => setFolders(e.target.value)} />}
      </Field>
      <Field id="capture-escl-urls" label={t('captureSources.esclUrls')} hint={t('captureSources.esclUrlsHint')} error={issueText(issues['esclUrls'])}>
        {(p) => <textarea {...p} data-testid="capture-escl-urls" rows={2} spellCheck={false} value={urls} onChange={(e) => setUrls(e.target.value)} />}
      </Field>
      <FormError error={error} testId="capture-sources-error" />
      <button type="submit" className="primary" data-testid="capture-sources-save">
        {t('captureSources.save')}
      </button>
    </form>
  );
}

function ProfileForm({ profile, onSaved }: { profile: ScanProfileView | null; onSaved: () => void }) {
  const { t } = useTranslation();
  const call = useCall();
  const { pushInfo } = useNotices();
  const issueText = useIssueText();
  const [fields, setFields] = useState<ScanProfileInput>(() => (profile ? { ...profile } : EMPTY));
  const [optionsText, setOptionsText] = useState(() => formatDeviceOptions(profile?.deviceOptions ?? {}));
  const [badOptionLines, setBadOptionLines] = useState<number[]>([]);
  const [issues, setIssues] = useState<Record<string, FieldIssue>>({});
  const [error, setError] = useState<AppErrorView | null>(null);
  const [busy, setBusy] = useState(false);

  function set<K extends keyof ScanProfileInput>(key: K, value: ScanProfileInput[K]) {
    setFields((f) => ({ ...f, [key]: value }));
  }

  function pickSize(size: PaperSizeChoice) {
    if (size === 'custom') return set('paperSize', size);
    const { widthMm, heightMm } = PAPER_SIZE_MM[size];
    // A roll-fed profile keeps scanning to the end of the paper whatever the width.
    setFields((f) => ({ ...f, paperSize: size, widthMm, heightMm: f.heightMm === null ? null : heightMm }));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const { options, badLines } = parseDeviceOptions(optionsText);
    const args = { profileId: profile?.id ?? null, profile: { ...fields, deviceOptions: options } };
    // The profile's own schema, so that issues are named by its fields (the contract nests them).
    const parsed = scanProfileSchema.safeParse(args.profile);
    const found = parsed.success ? {} : fieldIssues(parsed.error.issues);
    setIssues(found);
    setBadOptionLines(badLines);
    setError(null);
    if (Object.keys(found).length > 0 || badLines.length > 0) return;
    setBusy(true);
    const result = await call('profile:save', args, { quiet: true });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    pushInfo(t('profiles.saved', { name: result.value.name }));
    onSaved();
  }

  const issue = (field: string) => issueText(issues[field]);
  return (
    <form className="card-form" onSubmit={submit} noValidate aria-labelledby="profile-form-heading" data-testid="profile-form">
      <h2 id="profile-form-heading">{profile ? profile.name : t('profiles.create')}</h2>
      <Field id="profile-name" label={t('profiles.name')} error={issue('name')}>
        {(p) => <input {...p} data-testid="profile-name" value={fields.name} onChange={(e) => set('name', e.target.value)} />}
      </Field>
      <Field id="profile-kind" label={t('profiles.recordKind')}>
        {(p) => (
          <select {...p} value={fields.recordKind} onChange={(e) => set('recordKind', e.target.value as ScanProfileInput['recordKind'])}>
            {RECORD_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`profiles.kind.${k}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="profile-source" label={t('profiles.source')}>
        {(p) => (
          <select {...p} value={fields.source} onChange={(e) => set('source', e.target.value as ScanProfileInput['source'])}>
            {PAPER_SOURCES.map((s) => (
              <option key={s} value={s}>
                {t(`scan.source.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="profile-color" label={t('profiles.colorMode')} error={issue('colorMode')}>
        {(p) => (
          <select {...p} value={fields.colorMode} onChange={(e) => set('colorMode', e.target.value as ScanProfileInput['colorMode'])}>
            {COLOR_MODES.map((c) => (
              <option key={c} value={c}>
                {t(`profiles.color.${c}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="profile-resolution" label={t('profiles.resolution')} error={issue('resolution')}>
        {(p) => (
          <input {...p} data-testid="profile-resolution" type="number" inputMode="numeric" value={fields.resolution} onChange={(e) => set('resolution', Number(e.target.value))} />
        )}
      </Field>
      <Field id="profile-size" label={t('profiles.paperSize')}>
        {(p) => (
          <select {...p} value={fields.paperSize} onChange={(e) => pickSize(e.target.value as PaperSizeChoice)}>
            {PAPER_SIZE_CHOICES.map((s) => (
              <option key={s} value={s}>
                {s === 'custom' ? t('profiles.custom') : s}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="profile-width" label={t('profiles.widthMm')} error={issue('widthMm')}>
        {(p) => <input {...p} type="number" value={fields.widthMm} onChange={(e) => setFields((f) => ({ ...f, paperSize: 'custom', widthMm: Number(e.target.value) }))} />}
      </Field>
      <Field id="profile-height" label={t('profiles.heightMm')} error={issue('heightMm')}>
        {(p) => (
          <input
            {...p}
            type="number"
            value={fields.heightMm ?? ''}
            onChange={(e) => setFields((f) => ({ ...f, heightMm: e.target.value === '' ? null : Number(e.target.value) }))}
          />
        )}
      </Field>
      <Field
        id="profile-options"
        label={t('profiles.deviceOptions')}
        hint={t('profiles.deviceOptionsHint')}
        error={badOptionLines.length > 0 ? t('profiles.badOptionLines', { lines: badOptionLines.join(', ') }) : undefined}
      >
        {(p) => (
          <textarea {...p} data-testid="profile-options" rows={3} spellCheck={false} value={optionsText} onChange={(e) => setOptionsText(e.target.value)} />
        )}
      </Field>
      <FormError error={error} testId="profile-error" />
      <button type="submit" className="primary" data-testid="profile-save" disabled={busy}>
        {busy ? t('common.busy') : t('profiles.save')}
      </button>
    </form>
  );
}
