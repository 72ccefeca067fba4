// Sign-in. A failed attempt keeps what was typed and puts the cursor back in the password.
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserView } from '../../../main/contract/domain';
import type { AppErrorView } from '../../../main/contract/errors';
import { useCall } from '../api/use-call';
import { Field } from '../components/field';
import { FormError } from '../components/form-error';
import { ModalDialog } from '../components/modal-dialog';

export interface LoginFormProps {
  initialUsername?: string;
  /** Shown above the form, e.g. "account created" or "session expired". */
  message?: string | undefined;
  onSignedIn: (user: UserView) => void;
  /** `dialog`: over the workstation after the session expired, so nothing on screen is lost. */
  variant?: 'page' | 'dialog';
}

export function LoginForm({ initialUsername = '', message, onSignedIn, variant = 'page' }: LoginFormProps) {
  const { t } = useTranslation();
  const call = useCall();
  const [username, setUsername] = useState(initialUsername);
  const [password, setPassword] = useState('');
  const [showPassword, setShowPassword] = useState(false);
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<AppErrorView | null>(null);
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (username.trim() === '' || password === '') {
      setMissing(true);
      return;
    }
    setMissing(false);
    setBusy(true);
    const result = await call('auth:login', { username, password }, { quiet: true });
    setBusy(false);
    if (result.ok) {
      onSignedIn(result.value);
    } else {
      setError(result.error);
      passwordRef.current?.select();
    }
  }

  const form = (
    <form className="auth-card" onSubmit={submit} noValidate aria-labelledby="login-title">
      <h1 id="login-title">{t('login.title')}</h1>
      {message ? (
        <p className="auth-message" role="status" data-testid="login-message">
          {message}
        </p>
      ) : (
        <p className="muted">{t('login.intro')}</p>
      )}
      <Field id="login-username" label={t('login.username')}>
        {(p) => (
          <input
            {...p}
            data-testid="login-username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoFocus={initialUsername === ''}
          />
        )}
      </Field>
      <Field id="login-password" label={t('login.password')}>
        {(p) => (
          <input
            {...p}
            ref={passwordRef}
            data-testid="login-password"
            type={showPassword ? 'text' : 'password'}
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoFocus={initialUsername !== ''}
          />
        )}
      </Field>
      <label className="check">
        <input type="checkbox" checked={showPassword} onChange={(e) => setShowPassword(e.target.checked)} />
        {t('login.showPassword')}
      </label>
      {missing ? (
        <p className="form-error" role="alert">
          {t('login.missing')}
        </p>
      ) : null}
      <FormError error={error} testId="login-error" />
      <button type="submit" className="primary" data-testid="login-submit" disabled={busy}>
        {busy ? t('common.busy') : t('login.submit')}
      </button>
    </form>
  );
  if (variant === 'dialog') {
    return (
      <ModalDialog className="auth-dialog" labelledBy="login-title">
        {form}
      </ModalDialog>
    );
  }
  return (
    <main id="main" className="auth-screen" tabIndex={-1}>
      {form}
    </main>
  );
}
