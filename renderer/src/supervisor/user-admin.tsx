// Accounts: the list (with accounts locked after failed sign-ins, and a way to unlock them) and a
// form to create one with its role.
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES, type Role, type UserAccountView, type UserView } from '../../../main/contract/domain';
import type { AppErrorView } from '../../../main/contract/errors';
import { useCall, type Call } from '../api/use-call';
import { useData } from '../api/use-data';
import { useNotices } from '../app/notices-context';
import { useLang } from '../app/use-lang';
import { Field } from '../components/field';
import { focusField } from '../components/focus-field';
import { FormError } from '../components/form-error';
import { ListState } from '../components/list-state';
import { useIssueText } from '../components/use-issue-text';
import { validateArgs } from '../components/validate-args';
import { formatDateTime } from '../lib/date-format';
import { roleLabel } from '../lib/roles';
import type { FieldIssue } from '../lib/validation-issues';

export function UserAdmin() {
  const { t } = useTranslation();
  const lang = useLang();
  const call = useCall();
  const { pushInfo } = useNotices();
  const users = useData(useCallback((quiet: Call) => quiet('user:list', {}), []));

  async function unlock(user: UserAccountView) {
    const result = await call('user:unlock', { userId: user.id });
    if (!result.ok) return;
    users.update((list) => list.map((u) => (u.id === user.id ? result.value : u)));
    pushInfo(t('users.unlocked', { username: user.username }));
  }

  return (
    <section className="view" aria-labelledby="users-heading">
      <div className="view-head">
        <h1 id="users-heading">{t('users.heading')}</h1>
        <button type="button" onClick={() => void users.refresh()}>
          {t('common.refresh')}
        </button>
      </div>
      <div className="view-columns">
        <ListState data={users} empty={t('users.empty')}>
          {(list) => (
            <table className="data-table" data-testid="user-table">
              <caption className="visually-hidden">{t('users.list')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('users.username')}</th>
                  <th scope="col">{t('users.fullName')}</th>
                  <th scope="col">{t('users.role')}</th>
                  <th scope="col">{t('users.state')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((u) => (
                  <tr key={u.id} data-testid={`user-${u.username}`}>
                    <td className="code">{u.username}</td>
                    <td>{u.fullName}</td>
                    <td>{roleLabel(u.role, lang)}</td>
                    <td data-testid={`user-${u.username}-state`}>
                      {u.lockedUntil ? (
                        <>
                          <span className="badge">{t('users.locked', { until: formatDateTime(u.lockedUntil, lang) })}</span>{' '}
                          <button type="button" className="small" onClick={() => void unlock(u)} data-testid={`user-${u.username}-unlock`}>
                            {t('users.unlock')}
                          </button>
                        </>
                      ) : (
                        t('users.active')
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </ListState>
        <UserCreateForm onCreated={(user) => users.update((list) => [...list, { ...user, lockedUntil: null }])} />
      </div>
    </section>
  );
}

function UserCreateForm({ onCreated }: { onCreated: (user: UserView) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const call = useCall();
  const { pushInfo } = useNotices();
  const issueText = useIssueText();
  const [username, setUsername] = useState('');
  const [fullName, setFullName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [role, setRole] = useState<Role>('clerk');
  const [issues, setIssues] = useState<Record<string, FieldIssue>>({});
  const [mismatch, setMismatch] = useState(false);
  const [error, setError] = useState<AppErrorView | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const args = { username, fullName, password, role };
    const found = validateArgs('user:create', args);
    const differs = password !== confirm;
    setIssues(found);
    setMismatch(differs);
    setError(null);
    const first = ['username', 'fullName', 'password'].find((f) => f in found) ?? (differs ? 'confirm' : undefined);
    if (first) {
      focusField(`user-create-${first.toLowerCase()}`);
      return;
    }
    setBusy(true);
    const result = await call('user:create', args, { quiet: true });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setUsername('');
    setFullName('');
    setPassword('');
    setConfirm('');
    setRole('clerk');
    pushInfo(t('users.created', { username: result.value.username }));
    onCreated(result.value);
  }

  return (
    <form className="card-form" onSubmit={submit} noValidate aria-labelledby="user-create-heading">
      <h2 id="user-create-heading">{t('users.newHeading')}</h2>
      <Field id="user-create-username" label={t('users.username')} hint={t('setup.usernameHint')} error={issueText(issues['username'])}>
        {(p) => (
          <input {...p} data-testid="user-create-username" autoComplete="off" autoCapitalize="none" spellCheck={false} value={username} onChange={(e) => setUsername(e.target.value)} />
        )}
      </Field>
      <Field id="user-create-fullname" label={t('users.fullName')} error={issueText(issues['fullName'])}>
        {(p) => <input {...p} data-testid="user-create-fullname" autoComplete="off" value={fullName} onChange={(e) => setFullName(e.target.value)} />}
      </Field>
      <Field id="user-create-role" label={t('users.role')}>
        {(p) => (
          <select {...p} data-testid="user-create-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r, lang)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="user-create-password" label={t('users.password')} hint={t('setup.passwordHint')} error={issueText(issues['password'])}>
        {(p) => <input {...p} data-testid="user-create-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
      </Field>
      <Field id="user-create-confirm" label={t('users.confirm')} error={mismatch ? t('setup.mismatch') : undefined}>
        {(p) => <input {...p} data-testid="user-create-confirm" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />}
      </Field>
      <FormError error={error} testId="user-create-error" />
      <button type="submit" className="primary" data-testid="user-create-submit" disabled={busy}>
        {busy ? t('common.busy') : t('users.create')}
      </button>
    </form>
  );
}
