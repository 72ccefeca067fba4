import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchView } from '../../../main/contract/domain';
import type { AppErrorView } from '../../../main/contract/errors';
import { useCall } from '../api/use-call';
import { useNotices } from '../app/notices-context';
import { Field } from '../components/field';
import { FormError } from '../components/form-error';
import { useIssueText } from '../components/use-issue-text';
import { validateArgs } from '../components/validate-args';
import type { FieldIssue } from '../lib/validation-issues';

export function BatchCreateForm({ onCreated }: { onCreated: (batch: BatchView) => void }) {
  const { t } = useTranslation();
  const call = useCall();
  const { pushInfo } = useNotices();
  const issueText = useIssueText();
  const [name, setName] = useState('');
  const [issues, setIssues] = useState<Record<string, FieldIssue>>({});
  const [error, setError] = useState<AppErrorView | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateArgs('batch:create', { name });
    setIssues(found);
    setError(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    const result = await call('batch:create', { name }, { quiet: true });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setName('');
    pushInfo(t('batch.created', { name: result.value.name }));
    onCreated(result.value);
  }

  return (
    <form className="inline-form" onSubmit={submit} noValidate>
      <Field id="batch-create-name" label={t('batch.newName')} error={issueText(issues['name'])}>
        {(p) => (
          <input {...p} data-testid="batch-create-name" value={name} placeholder={t('batch.newNamePlaceholder')} onChange={(e) => setName(e.target.value)} />
        )}
      </Field>
      <FormError error={error} testId="batch-create-error" />
      <button type="submit" data-testid="batch-create" disabled={busy}>
        {t('batch.create')}
      </button>
    </form>
  );
}
