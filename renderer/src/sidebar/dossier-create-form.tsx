import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DossierView } from '../../../main/contract/domain';
import type { AppErrorView } from '../../../main/contract/errors';
import { useCall } from '../api/use-call';
import { useNotices } from '../app/notices-context';
import { Field } from '../components/field';
import { focusField } from '../components/focus-field';
import { FormError } from '../components/form-error';
import { useIssueText } from '../components/use-issue-text';
import { validateArgs } from '../components/validate-args';
import { useErrorText } from '../components/use-error-text';
import type { FieldIssue } from '../lib/validation-issues';

export function DossierCreateForm({ batchId, onCreated }: { batchId: number; onCreated: (dossier: DossierView) => void }) {
  const { t } = useTranslation();
  const call = useCall();
  const { pushInfo } = useNotices();
  const issueText = useIssueText();
  const errors = useErrorText();
  const [fileCode, setFileCode] = useState('');
  const [title, setTitle] = useState('');
  const [issues, setIssues] = useState<Record<string, FieldIssue>>({});
  const [error, setError] = useState<AppErrorView | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const args = { batchId, fileCode, title };
    const found = validateArgs('dossier:create', args);
    setIssues(found);
    setError(null);
    const first = ['fileCode', 'title'].find((f) => f in found);
    if (first) {
      focusField(first === 'fileCode' ? 'dossier-create-code' : 'dossier-create-title');
      return;
    }
    setBusy(true);
    const result = await call('dossier:create', args, { quiet: true });
    setBusy(false);
    if (!result.ok) {
      // Main's own message (e.g. the code already exists) next to the form; the fields keep their text.
      setError(result.error);
      return;
    }
    setFileCode('');
    setTitle('');
    pushInfo(t('dossier.created', { code: result.value.fileCode }));
    onCreated(result.value);
  }

  // When main names the field at fault, its message goes under that field.
  const onField = error?.subject === 'fileCode' || error?.subject === 'title' ? error.subject : null;
  const serverText = (field: string) => (error && onField === field ? errors.text(error) : undefined);

  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-labelledby="dossier-create-heading">
      <h3 id="dossier-create-heading" className="form-heading">
        {t('dossier.newHeading')}
      </h3>
      <Field id="dossier-create-code" label={t('dossier.fileCode')} hint={t('dossier.fileCodeHint')} error={issueText(issues['fileCode']) ?? serverText('fileCode')}>
        {(p) => (
          <input
            {...p}
            data-testid="dossier-create-code"
            value={fileCode}
            spellCheck={false}
            autoCapitalize="characters"
            onChange={(e) => setFileCode(e.target.value)}
          />
        )}
      </Field>
      <Field id="dossier-create-title" label={t('dossier.title')} error={issueText(issues['title']) ?? serverText('title')}>
        {(p) => <input {...p} data-testid="dossier-create-title" value={title} onChange={(e) => setTitle(e.target.value)} />}
      </Field>
      <FormError error={onField ? null : error} testId="dossier-create-error" />
      <button type="submit" data-testid="dossier-create" disabled={busy}>
        {t('dossier.create')}
      </button>
    </form>
  );
}
