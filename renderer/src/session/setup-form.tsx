// First run: create the first supervisor account.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppErrorView } from '../../../main/contract/errors';
import { useCall } from '../api/use-call';
import { Field } from '../components/field';
import { focusField } from '../components/focus-field';
import { FormError } from '../components/form-error';
import { useIssueText } from '../components/use-issue-text';
import { validateArgs } from '../components/validate-args';
import type { FieldIssue } from '../lib/validation-issues';

export function SetupForm({ onDone }: { onDone: (username: string) => void }) {
  const { t } = useTranslation();
  const call = useCall();
  const issueText = useIssueText();
  const [username, setUsername] = useState('');
  const [fullName, setFullName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [issues, setIssues] = useState<Record<string, FieldIssue>>({});
  const [mismatch, setMismatch] = useState(false);
  const [error, setError] = useState<AppErrorView | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const args = { username, fullName, password };
    const found = validateArgs('auth:setup', args);
    const differs = password !== confirm;
    setIssues(found);
    setMismatch(differs);
    const first = ['username', 'fullName', 'password'].find((f) => f in found) ?? (differs ? 'confirm' : undefined);
    if (first) {
      focusField(`setup-${first.toLowerCase()}`);
      return;
    }
    setBusy(true);
    const result = await call('auth:setup', args, { quiet: true });
    setBusy(false);
    if (result.ok) onDone(result.value.username);
    else setError(result.error);
  }

  return (
    <main id="main" className="auth-screen" tabIndex={-1}>
      <form className="auth-card" onSubmit={submit} noValidate aria-labelledby="setup-title">
        <h1 id="setup-title">{t('setup.title')}</h1>
        <p className="muted">{t('setup.intro')}</p>
        <Field id="setup-username" label={t('setup.username')} hint={t('setup.usernameHint')} error={issueText(issues['username'])}>
          {(p) => (
            <input {...p} data-testid="setup-username" autoComplete="username" autoCapitalize="none" spellCheck={false} value={username} onChange={(e) => setUsername(e.target.value)} autoFocus />
          )}
        </Field>
        <Field id="setup-fullname" label={t('setup.fullName')} error={issueText(issues['fullName'])}>
          {(p) => <input {...p} data-testid="setup-fullname" autoComplete="name" value={fullName} onChange={(e) => setFullName(e.target.value)} />}
        </Field>
        <Field id="setup-password" label={t('setup.password')} hint={t('setup.passwordHint')} error={issueText(issues['password'])}>
          {(p) => <input {...p} data-testid="setup-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <Field id="setup-confirm" label={t('setup.confirm')} error={mismatch ? t('setup.mismatch') : undefined}>
          {(p) => <input {...p} data-testid="setup-confirm" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />}
        </Field>
        <FormError error={error} testId="setup-error" />
        <button type="submit" className="primary" data-testid="setup-submit" disabled={busy}>
          {busy ? t('common.busy') : t('setup.submit')}
        </button>
      </form>
    </main>
  );
}
