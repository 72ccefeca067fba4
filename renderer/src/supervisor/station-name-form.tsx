// This station's identity: its id (made with its data folder, on every audit row) and the name a
// supervisor gives it, which every audit row from then on carries as well.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { stationNameSchema, type StationView } from '../../../main/contract/domain';
import type { AppErrorView } from '../../../main/contract/errors';
import { useCall } from '../api/use-call';
import { useNotices } from '../app/notices-context';
import { Field } from '../components/field';
import { FormError } from '../components/form-error';
import { useIssueText } from '../components/use-issue-text';
import { fieldIssues, type FieldIssue } from '../lib/validation-issues';

export function StationNameForm() {
  const { t } = useTranslation();
  const call = useCall();
  const { pushInfo } = useNotices();
  const issueText = useIssueText();
  const [station, setStation] = useState<StationView | null>(null);
  const [name, setName] = useState('');
  const [issue, setIssue] = useState<FieldIssue | undefined>(undefined);
  const [error, setError] = useState<AppErrorView | null>(null);

  useEffect(() => {
    void call('station:get', {}).then((result) => {
      if (!result.ok) return;
      setStation(result.value);
      setName(result.value.name ?? '');
    });
  }, [call]);

  async function rename(event: FormEvent) {
    event.preventDefault();
    const parsed = stationNameSchema.safeParse(name);
    setIssue(parsed.success ? undefined : fieldIssues(parsed.error.issues)['']);
    setError(null);
    if (!parsed.success) return;
    const result = await call('station:rename', { name: parsed.data }, { quiet: true });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setStation(result.value);
    setName(result.value.name ?? '');
    pushInfo(t('station.renamed', { name: result.value.name }));
  }

  return (
    <form className="card-form" onSubmit={(e) => void rename(e)} noValidate aria-labelledby="station-heading" data-testid="station-form">
      <h2 id="station-heading">{t('station.heading')}</h2>
      <p className="muted small-text">{t('station.intro')}</p>
      {station ? (
        <p className="small-text">
          {t('station.id')}: <span className="code" data-testid="station-id">{station.stationId}</span>
        </p>
      ) : (
        <p className="muted">{t('app.loading')}</p>
      )}
      <Field id="station-name" label={t('station.name')} hint={t('station.nameHint')} error={issueText(issue)}>
        {(p) => <input {...p} data-testid="station-name-input" value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <FormError error={error} testId="station-error" />
      <button type="submit" className="primary" data-testid="station-rename">
        {t('station.rename')}
      </button>
    </form>
  );
}
